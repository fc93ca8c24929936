"""Which earlier sheets a new one replaces: only on evidence.

A new sheet claims to replace a current one (on paper, on stderr and in the ledger) only
when both are of the same service — the same provider and kind and, for a website mksheet
does not know, the same name (an unnamed one never replaces anything by itself) — and
- both name the same account (from the file, --account or its heading), or
- the person said so: --replaces SERIAL, or yes to the question a terminal asks, or
- in a binder, where a person's folder is the owner, both are that person's and their
  accounts do not differ.
Every other current sheet of the same service and owner is left `undecided`: the run asks
about it on a terminal, or says in one line that it is still current and how to record it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sheets.errors import InputError, SheetsError
from sheets.ledger.store import LEDGER, Ledger
from sheets.model import AUTHENTICATOR, CodeSet, Job, LedgerEntry
from sheets.read.authenticators import app_name
from sheets.read.providers import by_key, service_of

CURRENT = "current"


class AccountNeeded(SheetsError):
    """Several current sheets could be the one this one replaces, and nothing says which."""

    exit_code = 2


@dataclass(frozen=True)
class Earlier:
    """The current sheets a new one replaces, and those it may replace if the person says so."""

    replaced: tuple[LedgerEntry, ...] = ()
    undecided: tuple[LedgerEntry, ...] = ()
    notes: tuple[str, ...] = ()


def service_name(job: Job) -> str | None:
    """The service's name as printed: "GitHub", an unknown website's own name, the app's;
    None for a website that names itself nowhere."""
    if isinstance(job.content, CodeSet):
        return service_of(job.content)
    return app_name(job.provider)


def earlier(book: Ledger, job: Job, per_person: bool = False) -> Earlier:
    """The current sheets this job replaces, on the evidence the module docstring lists."""
    named = tuple(_named(book, serial) for serial in job.replaces)
    told = {e.serial for e in named}
    slot = (job.provider, job.kind)  # compared first: a binder plans a thousand jobs
    rivals = [
        e
        for e in book.entries
        if (e.provider, e.kind) == slot
        and e.status == CURRENT
        and e.serial not in told
        and same_service(e, job, job.owner)
    ]
    found = _by_person(rivals, job) if per_person else _by_account(rivals, job)
    return Earlier(named + found.replaced, found.undecided, found.notes)


def same_service(entry: LedgerEntry, job: Job, owner: str | None) -> bool:
    """Whether an earlier sheet is of this job's service, for this owner (a new sheet made
    without --owner may be any owner's: re-printing often omits it)."""
    if (entry.provider, entry.kind) != (job.provider, job.kind):
        return False
    if owner is not None and not same(entry.owner, owner):
        return False
    if job.kind != AUTHENTICATOR and by_key(job.provider).fallback:
        name = service_name(job)
        return name is not None and same(entry.name, name)
    return True


def _by_account(rivals: list[LedgerEntry], job: Job) -> Earlier:
    """`mksheet FILE`: the same account is evidence; a sheet either side names no account of
    is undecided."""
    if job.account is None:
        return Earlier(undecided=tuple(rivals))
    matched = [e for e in rivals if e.account is not None and same(e.account, job.account)]
    if job.owner is None and len({fold(e.owner) for e in matched}) > 1:
        raise AccountNeeded(job.source or None, _ambiguous(matched, "owner"), "add --owner")
    unnamed = tuple(e for e in rivals if e.account is None)
    return Earlier(tuple(matched), unnamed)


def _by_person(rivals: list[LedgerEntry], job: Job) -> Earlier:
    """A binder: a person's folder is the owner, so their one current sheet of the service is
    replaced unless an account says it is another."""
    if job.account is None:
        if len({fold(e.account) for e in rivals}) > 1:
            raise AccountNeeded(
                job.source or None,
                _ambiguous(rivals),
                "name the account with --account (a new name starts a new sheet)",
            )
        return Earlier(tuple(rivals))
    notes = tuple(
        f"earlier sheet {e.serial} names no account: if this file is for the same "
        f"account, destroy that sheet and run `mksheet destroyed {e.serial}`"
        for e in rivals
        if e.account is None
    )
    return Earlier(tuple(e for e in rivals if same(e.account, job.account)), (), notes)


def still_current(entry: LedgerEntry) -> str:
    """The one line for an undecided sheet when no one can be asked."""
    return (
        f"sheet {entry.serial}, printed {entry.printed} for {_for(entry)}, is still current: "
        f"if this sheet replaces it, add --replaces {entry.serial}, or run "
        f"`mksheet destroyed {entry.serial}` once it is shredded"
    )


def question(entry: LedgerEntry) -> str:
    """What a terminal is asked about an undecided sheet."""
    return (
        f"{entry.serial}, printed {entry.printed} for {_for(entry)}, is still current. "
        "Does this sheet replace it?"
    )


def _for(entry: LedgerEntry) -> str:
    return entry.account or "no named account"


def _named(book: Ledger, serial: str) -> LedgerEntry:
    """The sheet --replaces names: a current one of the ledger's."""
    wanted = serial.strip().upper()
    entry = next((e for e in book.entries if e.serial == wanted), None)
    where = os.path.join(book.folder, LEDGER)
    if entry is None:
        raise InputError(
            where, f"records no sheet {wanted}", "see `mksheet history` for the serials it knows"
        )
    if entry.status != CURRENT:
        raise InputError(
            where,
            f"records sheet {wanted} as {entry.status} already",
            "leave out --replaces, or name the current sheet (see `mksheet history`)",
        )
    return entry


def _ambiguous(rivals: list[LedgerEntry], what: str = "account") -> str:
    which = ", ".join(f"{e.serial} for {getattr(e, what) or f'no {what}'}" for e in rivals)
    count = len(rivals)
    return (
        f"names no {what}, and the ledger holds {count} current sheets it could replace ({which})"
    )


def same(a: str | None, b: str | None) -> bool:
    """Names compared as people mean them: case and spacing aside."""
    return fold(a) == fold(b)


def fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()
