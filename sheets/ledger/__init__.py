"""The ledger of printed sheets: serials, whole-set fingerprints, "replaces sheet X".

Every sheet gets a short serial (GH-7K3Q). Printing the same code set again is another copy
of that sheet; printing a new set for the same provider, account and owner supersedes the
earlier sheet, and the new sheet says which one to destroy. The ledger never holds a code: a
set is known only by a keyed fingerprint of all its codes together, costly enough (or, for a
very short set, absent: sheets.ledger.fingerprint) that nothing in the state folder lets anyone
check a guess of the codes.

`plan` and `apply` are pure over a frozen Ledger (sheets.make.steps plans and records whole runs
with them); `destroyed` loads, decides and saves. All take the date from the caller.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import asdict, dataclass, replace

from sheets.errors import InputError, SheetsError
from sheets.ledger import fingerprint as fingerprints
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.ledger.store import Ledger
from sheets.model import AUTHENTICATOR, Job, LedgerEntry
from sheets.read.providers import by_key

CURRENT, SUPERSEDED, DESTROYED = "current", "superseded", "destroyed"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U/V look-alikes
SERIAL_CHARS = 4
OTP_PREFIX = "OTP"  # any authenticator export's cards


class AccountNeeded(SheetsError):
    """Several current sheets could be the one a file without an account replaces."""

    exit_code = 2


class StaleCodes(InputError):
    """The file holds a code set that a newer sheet has already replaced."""


class UnknownSerial(SheetsError):
    """No sheet in the ledger has this serial."""


@dataclass(frozen=True)
class Plan:
    """What printing one job will do to the ledger, decided before anything is drawn."""

    entry: LedgerEntry  # as it stands once this sheet is printed
    copy: int  # the copy number this sheet carries
    replaced: tuple[LedgerEntry, ...] = ()  # current sheets this set makes stale
    notes: tuple[str, ...] = ()  # one line each for stderr

    @property
    def replaces(self) -> str | None:
        """The Sheet.replaces text: 'GH-7K3Q printed 2026-03-14'."""
        return " and sheet ".join(_described(e) for e in self.replaced) or None


# -- pure decisions ----------------------------------------------------------------------------
def prefix(provider: str, kind: str = "") -> str:
    """Two letters naming the provider in a serial; OTP for any authenticator app's cards."""
    return OTP_PREFIX if kind == AUTHENTICATOR else by_key(provider).prefix


def name_of(provider: str) -> str:
    """A provider's display name; an authenticator app (no provider module) by its key."""
    try:
        return by_key(provider).name
    except KeyError:
        return provider


def label_of(provider: str, kind: str) -> str:
    """What a sheet holds, as messages name it: "GitHub recovery codes", "Aegis authenticator
    keys" (an app has no provider module)."""
    if kind == AUTHENTICATOR:
        return f"{name_of(provider)} authenticator keys"
    return f"{by_key(provider).name} {by_key(provider).facts(kind).label}"


def new_serial(provider: str, taken: set[str], choice=secrets.choice, kind: str = "") -> str:
    """A random serial such as GH-7K3Q that no sheet in the ledger has."""
    while True:
        serial = (
            prefix(provider, kind) + "-" + "".join(choice(ALPHABET) for _ in range(SERIAL_CHARS))
        )
        if serial not in taken:
            return serial


def plan(book: Ledger, job: Job, *, today: str) -> Plan:
    """Decide the serial, copy number and replaced sheets for printing one job.

    Making a sheet counts no paper copy: `on_paper` does, once copies are printed."""
    assert book.key is not None, "the ledger is loaded with its key before planning"
    mark = fingerprints.of(book.key, job)
    same = next((e for e in book.entries if e.fingerprint == mark), None)
    if same is not None:
        return _another_copy(same, job, today)
    replaced, notes = _earlier(book, job)
    account = job.account or next((e.account for e in replaced if e.account), None)
    owner = job.owner or next((e.owner for e in replaced if e.owner), None)
    entry = LedgerEntry(
        serial=new_serial(job.provider, {e.serial for e in book.entries}, kind=job.kind),
        provider=job.provider,
        kind=job.kind,
        account=account,
        owner=owner,
        printed=today,
        copies=0,
        status=CURRENT,
        fingerprint=mark,
        last_printed=today,
        replaces=replaced[0].serial if replaced else None,
    )
    notes = tuple(f"replaces sheet {_described(e)}: destroy it" for e in replaced) + notes
    return Plan(entry, 1, tuple(replaced), notes)


def apply(book: Ledger, chosen: Plan, today: str) -> Ledger:
    """The ledger once the planned sheet is printed."""
    new, entries = chosen.entry, list(book.entries)
    serials = [e.serial for e in entries]  # index() on it: a binder applies a thousand plans
    for old in chosen.replaced:
        if old.serial in serials:
            at = serials.index(old.serial)
            entries[at] = replace(
                entries[at], status=SUPERSEDED, replaced_by=new.serial, status_date=today
            )
    if new.serial in serials:
        entries[serials.index(new.serial)] = new
        return replace(book, entries=tuple(entries))
    for at in [at for at, e in enumerate(entries) if e.status == DESTROYED]:
        if not entries[at].replaced_by and _same_account(entries[at], new):
            # shredded already; its codes are stale now
            entries[at] = replace(entries[at], replaced_by=new.serial)
    return replace(book, entries=(*entries, new))


def history(book: Ledger) -> list[dict]:
    """Every sheet as a `history --json` object."""
    return [as_dict(e) for e in book.entries]


def as_dict(entry: LedgerEntry) -> dict:
    """One sheet as a JSON object, without its fingerprint (of no use to a reader)."""
    return {k: v for k, v in asdict(entry).items() if k != "fingerprint"}


def find(book: Ledger, serial: str) -> LedgerEntry:
    """The entry with this serial (any case), or UnknownSerial."""
    wanted = serial.strip().upper()
    for entry in book.entries:
        if entry.serial == wanted:
            return entry
    raise UnknownSerial(
        os.path.join(book.folder, state.LEDGER),
        f"records no sheet {wanted}",
        "see `mksheet history` for the serials it knows",
    )


# -- load, decide, save -----------------------------------------------------------------------
def on_paper(book: Ledger, serial: str, copies: int, today: str) -> Ledger:
    """The ledger once `copies` paper copies of sheet `serial` were printed."""
    entry = find(book, serial)
    entry = replace(entry, copies=entry.copies + copies, last_printed=today)
    return replace(book, entries=_in_place(book.entries, book.entries, entry))


def printed(where: str, serial: str, copies: int, today: str) -> LedgerEntry:
    """Record paper copies printed outside mksheet (`mksheet printed SERIAL`)."""
    with state_folder.locked(where):  # load and save as one step: no run loses another's entry
        book = on_paper(state.load(where), serial, copies, today)
        state.save(book)
    return find(book, serial)


def destroyed(where: str, serial: str, today: str) -> tuple[LedgerEntry, LedgerEntry]:
    """Record that a sheet was shredded; returns the entry before and after."""
    with state_folder.locked(where):
        return _destroyed(where, serial, today)


def _destroyed(where: str, serial: str, today: str) -> tuple[LedgerEntry, LedgerEntry]:
    book = state.load(where)
    before = find(book, serial)
    after = replace(
        before,
        status=DESTROYED,
        status_date=before.status_date if before.status == DESTROYED else today,
    )
    state.save(replace(book, entries=_in_place(book.entries, book.entries, after)))
    return before, after


# -- helpers ----------------------------------------------------------------------------------
def _another_copy(same: LedgerEntry, job: Job, today: str) -> Plan:
    if same.replaced_by:
        raise StaleCodes(
            job.source or None,
            f"holds the codes of sheet {same.serial}, which sheet {same.replaced_by} replaced",
            "those codes were regenerated and "
            "no longer work: print the newer download (see `mksheet history`)",
        )
    entry = replace(
        same,
        status=CURRENT,
        last_printed=today,
        status_date=None,
        account=same.account or job.account,
        owner=same.owner or job.owner,
    )
    return Plan(entry, same.copies + 1)


def _earlier(book: Ledger, job: Job) -> tuple[list[LedgerEntry], tuple[str, ...]]:
    """The current sheets a new set for this provider, account and owner makes stale."""
    owner, account = job.owner, job.account
    rivals = [
        e
        for e in book.entries
        if e.status == CURRENT
        and e.provider == job.provider
        and e.kind == job.kind
        and _same_owner(e.owner, owner)
    ]
    if owner is None and len({_fold(e.owner) for e in rivals}) > 1:
        rivals = [
            e for e in rivals if account is None or e.account is None or _same(e.account, account)
        ]
        if len({_fold(e.owner) for e in rivals}) > 1:
            raise AccountNeeded(
                job.source or None, _ambiguous(rivals, "owner"), "name the owner with --owner"
            )
    if account is None:
        if len({_fold(e.account) for e in rivals}) > 1:
            raise AccountNeeded(
                job.source or None,
                _ambiguous(rivals),
                "name the account with --account (a new name starts a new sheet)",
            )
        return rivals, ()
    unnamed = [e.serial for e in rivals if e.account is None]
    notes = tuple(
        f"earlier sheet {serial} names no account: if this file is for the same "
        f"account, destroy that sheet and run `mksheet destroyed {serial}`"
        for serial in unnamed
    )
    return [e for e in rivals if _same(e.account, account)], notes


def _ambiguous(rivals: list[LedgerEntry], what: str = "account") -> str:
    name = name_of(rivals[0].provider)
    which = ", ".join(f"{e.serial} for {getattr(e, what) or f'no {what}'}" for e in rivals)
    return f"names no {what}, and the ledger holds {len(rivals)} current {name} sheets ({which})"


def _described(entry: LedgerEntry) -> str:
    text = f"{entry.serial} printed {entry.printed}"
    return text + f" (all {entry.copies} copies)" if entry.copies > 1 else text


def _in_place(old, kept, new: LedgerEntry) -> tuple[LedgerEntry, ...]:
    """kept with new at the place its serial had in old (or at the end)."""
    at = next((i for i, e in enumerate(old) if e.serial == new.serial), None)
    rest = [e for e in kept if e.serial != new.serial]
    if at is None:
        return (*rest, new)
    return (*rest[:at], new, *rest[at:])


def same_slot(old: LedgerEntry, new: LedgerEntry) -> bool:
    """The new sheet can take the old one's place: same provider, kind, owner and account."""
    return (
        (old.provider, old.kind) == (new.provider, new.kind)
        and _same(old.owner, new.owner)
        and (old.account is None or new.account is None or _same(old.account, new.account))
    )


def _same_account(a: LedgerEntry, b: LedgerEntry) -> bool:
    return (
        (a.provider, a.kind) == (b.provider, b.kind)
        and _same(a.owner, b.owner)
        and a.account is not None
        and _same(a.account, b.account)
    )


def _same_owner(old: str | None, new: str | None) -> bool:
    """A new sheet made without --owner may replace any owner's (re-printing often omits
    it); one made with --owner replaces only that owner's."""
    return new is None or _same(old, new)


def _same(a: str | None, b: str | None) -> bool:
    return _fold(a) == _fold(b)


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()
