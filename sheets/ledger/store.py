"""What the state folder holds: ledger.json and its key, read strictly.

Both files are 0600, tightened again when found looser (the folder, its privacy and its lock
are sheets/ledger/folder.py's). ledger.json is replaced in one step (by
sheets.deliver.files.write_atomic), and a file that does not read back as mksheet writes it is
reported as damaged and never replaced. The key is 32 random bytes that the fingerprints of
code sets are keyed with; losing it would make every known code set look new, so a ledger
without its key counts as damaged too, and so does a ledger with another key: ledger.json
carries a MAC of its sheets and binders under (a key derived from) ledger.key, checked on
every load. A ledger an older mksheet wrote has none and reads as before; the next save adds
it. The key is made whole or not at all (a locked temp file, fsync, then a hard link that
never replaces), and a short key left by an older, interrupted mksheet is made again while
no sheet depends on it. Neither file is read past what mksheet ever writes there, nor
waited on when it is a FIFO; loading also removes the temp files killed runs left.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from dataclasses import asdict, dataclass, field, fields

from sheets.deliver.files import create_atomic, remove_leftovers, write_atomic
from sheets.errors import OutputError, SheetsError
from sheets.ledger.folder import WRITABLE, check_owned, ensure_folder, private
from sheets.model import LEDGER_STATUSES, LedgerEntry

LEDGER, KEY = "ledger.json", "ledger.key"
FORMAT, VERSION = "mksheet-ledger", 1
KEY_BYTES = 32
KEEP = "move it aside or restore a backup; mksheet will not replace it"
# 300 MB of ledger took 1.8 GB to read; this holds decades of sheets and weekly binders.
MAX_LEDGER_BYTES = 32_000_000
MAX_KEY_BYTES = 4096  # a key is 32 bytes; a larger file is no key, and is not read
MAC = re.compile(r"hmac-sha256:[0-9a-f]{64}")
MAC_CONTEXT = b"mksheet ledger.json MAC"  # the MAC's key is derived, never the key itself


class DamagedLedger(SheetsError):
    """ledger.json or its key cannot be trusted; the user decides what to do with it."""


@dataclass(frozen=True)
class BinderRecord:
    """The last binder printed for a household: each account page's serial and page number."""

    family: str  # the household named on the cover
    printed: str
    serials: tuple[str, ...]  # the sheet on each account page, in binder order
    pages: tuple[int, ...]  # the page number of each account page
    total: int  # pages in the whole binder
    duplex: bool = False  # every sheet on a leaf of its own (--duplex)
    lengths: tuple[int, ...] = ()  # pages from each of those: an export's cards take several

    def __post_init__(self) -> None:
        if not self.lengths:  # one page each, as in every binder before exports went in
            object.__setattr__(self, "lengths", (1,) * len(self.pages))


@dataclass(frozen=True)
class Ledger:
    """Every sheet ever recorded in one state folder (key None until one is needed)."""

    folder: str
    key: bytes | None = field(default=None, repr=False)
    entries: tuple[LedgerEntry, ...] = ()
    binders: tuple[BinderRecord, ...] = ()
    key_on_disk: bool = True  # False: a new key, written with the first save


def load(where: str, create_key: bool = False) -> Ledger:
    """Read the ledger (empty if there is none); with create_key, a new key if there is none,
    kept in memory until the first save, so a run that stops early leaves no state behind."""
    path = os.path.join(where, LEDGER)
    check_owned(where)
    private(os.path.realpath(where), 0o700)
    private(path, 0o600)
    remove_leftovers(where)  # a ledger.json part a kill -9 left
    raw = _read(path, MAX_LEDGER_BYTES)
    data = _parse(path, raw) if raw is not None else {"sheets": [], "binders": []}
    entries = tuple(_entry(path, i, item) for i, item in enumerate(data["sheets"], 1))
    binders = tuple(_binder(path, item) for item in data["binders"])
    key = _read_key(where, len(entries))
    _check_mac(where, data, key)
    serials = [e.serial for e in entries]
    if len(set(serials)) != len(serials):
        raise DamagedLedger(path, "is damaged (a serial appears twice)", KEEP)
    if key is None and create_key:
        return Ledger(where, secrets.token_bytes(KEY_BYTES), entries, binders, key_on_disk=False)
    return Ledger(where, key, entries, binders)


def save(ledger: Ledger) -> None:
    """Replace ledger.json with this ledger in one step."""
    data: dict = {
        "format": FORMAT,
        "version": VERSION,
        "fingerprints": (
            "of each whole code set, keyed with ledger.key (see sheets/ledger/fingerprint.py)"
        ),
        "sheets": [asdict(e) for e in ledger.entries],
        "binders": [asdict(b) for b in ledger.binders],
    }
    if ledger.key is not None:
        data["mac"] = mac(ledger.key, data)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    ensure_folder(ledger.folder)
    if not ledger.key_on_disk and ledger.key is not None:
        _create_key(ledger.folder, ledger.key)
    _write_atomic(os.path.join(ledger.folder, LEDGER), text.encode("utf-8"))


def mac(key: bytes, data: dict) -> str:
    """The MAC of a ledger's sheets and binders (as canonical JSON) under its key."""
    body = json.dumps(
        [data["sheets"], data["binders"]], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    mac_key = hmac.new(key, MAC_CONTEXT, hashlib.sha256).digest()
    return "hmac-sha256:" + hmac.new(mac_key, body, hashlib.sha256).hexdigest()


# -- reading ---------------------------------------------------------------------------------
def _read(path: str, limit: int) -> bytes | None:
    """The file's bytes (None if there is none): a regular file of at most limit bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO opens at once
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SheetsError(
            path,
            f"cannot be read ({exc.strerror})",
            "check the permissions of the state folder (--state-dir)",
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DamagedLedger(path, "is not a regular file", KEEP)
        data = _read_up_to(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise DamagedLedger(
            path, f"is larger than mksheet ever writes there ({limit:,} bytes)", KEEP
        )
    return data


def _read_up_to(fd: int, size: int) -> bytes:
    """At most size bytes, stopping early at the end of the file."""
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _check_mac(where: str, data: dict, key: bytes | None) -> None:
    """The ledger's MAC matches its key; a ledger from before MACs has none to check."""
    if "mac" not in data:
        return  # written by an older mksheet: the next save adds one
    path = os.path.join(where, LEDGER)
    if not isinstance(data["mac"], str) or not MAC.fullmatch(data["mac"]):
        raise DamagedLedger(path, "is damaged (its MAC is not one mksheet writes)", KEEP)
    if key is not None and not hmac.compare_digest(data["mac"], mac(key, data)):
        raise DamagedLedger(
            os.path.join(where, KEY),
            f"is not the key {LEDGER} was written with, or {LEDGER} was changed by hand "
            "(its MAC does not match)",
            f"put back the {KEY} and {LEDGER} that belong together (from a backup); "
            "mksheet will not replace either",
        )


def _parse(path: str, raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedLedger(path, "is damaged (not UTF-8 text)", KEEP) from None
    except json.JSONDecodeError as exc:
        raise DamagedLedger(path, f"is damaged (not JSON at line {exc.lineno})", KEEP) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DamagedLedger(path, "is damaged (not an mksheet ledger)", KEEP)
    if data.get("version") != VERSION:
        raise DamagedLedger(
            path,
            f"has version {data.get('version')!r}, not {VERSION}",
            "use the mksheet that wrote it; this one will not replace it",
        )
    if not isinstance(data.get("sheets"), list) or not isinstance(data.get("binders"), list):
        raise DamagedLedger(path, "is damaged (no list of sheets or binders)", KEEP)
    return data


def _entry(path: str, number: int, item) -> LedgerEntry:
    names = {f.name for f in fields(LedgerEntry)}
    if isinstance(item, dict):  # recorded before sheets had names and encrypted copies
        item = {"name": None, "encrypted": [], **item}
    if not isinstance(item, dict) or set(item) != names:
        raise DamagedLedger(path, f"is damaged (sheet {number} has the wrong fields)", KEEP)
    copies = item["encrypted"]
    if not isinstance(copies, list) or not all(
        isinstance(c, list) and len(c) == 2 and all(isinstance(s, str) for s in c) for c in copies
    ):
        raise DamagedLedger(path, f"is damaged (sheet {number} has a wrong value)", KEEP)
    entry = LedgerEntry(**{**item, "encrypted": tuple(tuple(c) for c in copies)})
    required = ("serial", "provider", "kind", "printed", "status", "fingerprint")
    optional = (
        *("account", "owner", "name"),
        *("last_printed", "replaces", "replaced_by", "status_date"),
    )
    if (
        not all(isinstance(getattr(entry, n), str) and getattr(entry, n) for n in required)
        or not all(isinstance(getattr(entry, n), (str, type(None))) for n in optional)
        or type(entry.copies) is not int
        or entry.copies < 0
        or entry.status not in LEDGER_STATUSES
    ):
        raise DamagedLedger(path, f"is damaged (sheet {number} has a wrong value)", KEEP)
    return entry


def _binder(path: str, item) -> BinderRecord:
    names = {f.name for f in fields(BinderRecord)}
    if isinstance(item, dict) and isinstance(item.get("pages"), list):  # older ledgers:
        item = {"duplex": False, "lengths": [1] * len(item["pages"]), **item}  # one page each
    if (
        not isinstance(item, dict)
        or set(item) != names
        or not isinstance(item["duplex"], bool)
        or not all(isinstance(item[n], str) for n in ("family", "printed"))
        or not all(isinstance(item[n], list) for n in ("serials", "pages", "lengths"))
        or not all(isinstance(s, str) for s in item["serials"])
        or not all(type(p) is int and p > 0 for p in item["pages"] + item["lengths"])
        or not len(item["serials"]) == len(item["pages"]) == len(item["lengths"])
        or type(item["total"]) is not int
        or item["total"] < sum(item["lengths"])
    ):
        raise DamagedLedger(path, "is damaged (a binder record is wrong)", KEEP)
    return BinderRecord(
        item["family"],
        item["printed"],
        tuple(item["serials"]),
        tuple(item["pages"]),
        item["total"],
        item["duplex"],
        tuple(item["lengths"]),
    )


def _read_key(where: str, sheets: int) -> bytes | None:
    path = os.path.join(where, KEY)
    private(path, 0o600)
    key = _read(path, MAX_KEY_BYTES)
    if key is not None and len(key) < KEY_BYTES and not sheets:
        return None  # an interrupted creation; nothing was fingerprinted with it: make it again
    if key is None and sheets:
        raise DamagedLedger(
            path,
            f"is missing while {LEDGER} records {sheets} sheets",
            f"restore it from a backup, or move {LEDGER} aside to start a new "
            "ledger; mksheet will not replace it",
        )
    if key is not None and len(key) != KEY_BYTES:
        raise DamagedLedger(path, f"is damaged ({len(key)} bytes, not {KEY_BYTES})", KEEP)
    return key


# -- writing ---------------------------------------------------------------------------------
def _create_key(where: str, key: bytes) -> bytes:
    ensure_folder(where)
    path = os.path.join(where, KEY)
    try:
        if os.path.exists(path):  # a short key no sheet depends on (see _read_key)
            os.unlink(path)
        if not create_atomic(path, key):  # only a run not holding the lock gets here
            raise SheetsError(
                path,
                "was created by another mksheet running at the same time",
                "run this command again",
            )
    except OSError as exc:
        raise SheetsError(path, f"cannot be written ({exc.strerror})", WRITABLE) from None
    except OutputError as exc:
        raise SheetsError(path, exc.problem, WRITABLE) from None
    return key


def _write_atomic(path: str, data: bytes) -> None:
    """The sheets' own atomic writer; force, because the ledger was just read and checked."""
    try:
        write_atomic(path, data, force=True)
    except OutputError as exc:
        hint = "check the disk and the state folder (--state-dir)"
        raise SheetsError(path, exc.problem, hint) from None
