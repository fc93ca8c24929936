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

from sheets.deliver import files
from sheets.errors import InputError, SheetsError
from sheets.ledger import evidence
from sheets.ledger import fingerprint as fingerprints
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.ledger.evidence import same
from sheets.ledger.store import Ledger
from sheets.model import AUTHENTICATOR, Job, LedgerEntry
from sheets.read.authenticators import app_name
from sheets.read.providers import by_key, known_name

CURRENT, SUPERSEDED, DESTROYED = "current", "superseded", "destroyed"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U/V look-alikes
SERIAL_CHARS = 4
OTP_PREFIX = "OTP"  # any authenticator export's cards


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
    undecided: tuple[LedgerEntry, ...] = ()  # current sheets it replaces if the person says so

    @property
    def replaces(self) -> str | None:
        """The Sheet.replaces text: 'GH-7K3Q printed 2026-03-14'."""
        return " and sheet ".join(_described(e) for e in self.replaced) or None


# -- pure decisions ----------------------------------------------------------------------------
def prefix(provider: str, kind: str = "") -> str:
    """Two letters naming the provider in a serial; OTP for any authenticator app's cards."""
    return OTP_PREFIX if kind == AUTHENTICATOR else by_key(provider).prefix


def name_of(provider: str) -> str:
    """A provider's display name, or an authenticator app's."""
    try:
        return by_key(provider).name
    except KeyError:
        return app_name(provider)


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


def plan(book: Ledger, job: Job, *, today: str, per_person: bool = False) -> Plan:
    """Decide the serial, copy number and replaced sheets for printing one job (only on
    evidence: sheets.ledger.replaces; per_person in a binder, where a folder is an owner).

    Making a sheet counts no paper copy: `on_paper` does, once copies are printed."""
    assert book.key is not None, "the ledger is loaded with its key before planning"
    mark = fingerprints.of(book.key, job)
    same = next((e for e in book.entries if e.fingerprint == mark), None)
    if same is not None:
        return _another_copy(same, job, today)
    found = evidence.earlier(book, job, per_person)
    replaced = found.replaced
    account = job.account or next((e.account for e in replaced if e.account), None)
    owner = job.owner or next((e.owner for e in replaced if e.owner), None)
    entry = LedgerEntry(
        serial=new_serial(job.provider, {e.serial for e in book.entries}, kind=job.kind),
        provider=job.provider,
        kind=job.kind,
        name=evidence.service_name(job),
        account=account,
        owner=owner,
        printed=today,
        copies=0,
        status=CURRENT,
        fingerprint=mark,
        last_printed=today,
        replaces=replaced[0].serial if replaced else None,
    )
    notes = tuple(f"replaces sheet {_described(e)}: destroy it" for e in replaced)
    return Plan(entry, 1, replaced, notes + found.notes, found.undecided)


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


def with_encrypted_copy(chosen: Plan, path: str, sha256: str) -> Plan:
    """The plan with an encrypted copy written at path (one record per path)."""
    kept = tuple(c for c in chosen.entry.encrypted if c[0] != path)
    return replace(chosen, entry=replace(chosen.entry, encrypted=(*kept, (path, sha256))))


def serials_in(book: Ledger, path: str) -> set[str]:
    """The sheets a file mksheet wrote holds: the serials in its metadata, or, for an
    encrypted copy, the sheets recorded with its bytes."""
    found = set(files.sheet_serials(path))
    digest = files.digest(path)
    if digest is not None:
        found |= {e.serial for e in book.entries if any(d == digest for _, d in e.encrypted)}
    return found


def history(book: Ledger) -> list[dict]:
    """Every sheet as a `history --json` object."""
    return [as_dict(e) for e in book.entries]


def as_dict(entry: LedgerEntry) -> dict:
    """One sheet as a JSON object, without its fingerprint and its encrypted copies' digests
    (of no use to a reader), with its service's name as printed."""
    found = {k: v for k, v in asdict(entry).items() if k not in ("fingerprint", "encrypted")}
    return {**found, "name": printed_name(entry)}


def printed_name(entry: LedgerEntry) -> str | None:
    """The service's name on the sheet: as recorded, or (for sheets recorded before names
    were) the provider's or the app's; None for a website that named itself nowhere."""
    if entry.name or entry.kind == AUTHENTICATOR:
        return entry.name or app_name(entry.provider)
    return known_name(entry.provider)


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
    """The new sheet can take the old one's place: same service, owner and account."""
    return (
        (old.provider, old.kind) == (new.provider, new.kind)
        and same(old.name, new.name)
        and same(old.owner, new.owner)
        and (old.account is None or new.account is None or same(old.account, new.account))
    )


def _same_account(a: LedgerEntry, b: LedgerEntry) -> bool:
    return (
        (a.provider, a.kind) == (b.provider, b.kind)
        and same(a.name, b.name)
        and same(a.owner, b.owner)
        and a.account is not None
        and same(a.account, b.account)
    )
