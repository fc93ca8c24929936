"""`mksheet EXPORT`: an authenticator app's export becomes its cards (render.cards).

The same run as a code sheet (sheets.make.run): read every input, check every target, then plan
against the ledger, compose, write (atomic, 0600, encrypted with --encrypt) and record. The
ledger knows a vault by a keyed fingerprint of all its entries together (sheets.ledger.fingerprint),
never by a key; a changed vault's cards replace the earlier cards from the same app and owner.
Here the otpauth:// URIs and the migration payloads are made, so that render/ gets text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sheets import api, ledger, payload
from sheets.deliver import files as output
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.ledger.store import Ledger
from sheets.make import run as make_run
from sheets.make import steps as run
from sheets.model import OtpEntry, Vault

BATCH = 10  # accounts per migration code: Google Authenticator's own exports hold 10 at most
APPS = {
    "aegis": "Aegis",
    "2fas": "2FAS",
    "andotp": "andOTP",
    "otpauth": "otpauth://",
    "google-authenticator": "Google Authenticator",
}


@dataclass(frozen=True)
class Mark:
    """What the ledger is given for a vault: the app and, for its fingerprint only, every
    entry (a CodeSet's shape, so the ledger's plan and fingerprint take it as they are)."""

    provider: str
    codes: tuple[str, ...] = field(repr=False)
    source: str = ""
    kind: str = ledger.AUTHENTICATOR
    account: str | None = None
    vault: Vault | None = field(default=None, repr=False, compare=False)  # a binder's pages


def mark(vault: Vault) -> Mark:
    """The vault as the ledger fingerprints it: each entry whole, counter included."""
    codes = tuple(
        " ".join(
            map(
                str,
                (e.type, e.issuer, e.account, e.secret, e.algorithm, e.digits, e.period, e.counter),
            )
        )
        for e in vault.entries
    )
    return Mark(vault.format, codes, vault.source, vault=vault)


def batches(entries, fits: Callable[[OtpEntry], bool]) -> list[tuple[int, ...]]:
    """The entries Google's payload can carry, in even batches of at most BATCH, by index."""
    carried = tuple(i for i, entry in enumerate(entries) if fits(entry))
    count = -(-len(carried) // BATCH)
    return [tuple(run) for run in payload.even_runs(carried, count)] if count else []


def batch_id(serial: str | None) -> int:
    """The restore codes' batch_id: from the serial, so verify knows a photo's deck by it."""
    return int.from_bytes(hashlib.sha256((serial or "").encode()).digest()[:4], "big") >> 1


def deck_of(vault: Vault, printed: str, chosen=None, owner: str | None = None):
    """The Deck render.cards prints: URIs and migration payloads made here."""
    from sheets.read.authenticators import migration, otpauth
    from sheets.render.cards import Card, Deck

    entries = vault.entries
    groups = batches(entries, migration.fits)
    serial = chosen.entry.serial if chosen else None
    restore = tuple(
        migration.encode([entries[i] for i in group], len(groups), n, batch_id(serial))
        for n, group in enumerate(groups)
    )
    return Deck(
        cards=tuple(Card(e, otpauth.uri(e)) for e in entries),
        restore=restore,
        batches=tuple(groups),
        app=APPS.get(vault.format, vault.format),
        source=vault.source,
        printed=(chosen.entry.last_printed or printed) if chosen else printed,
        owner=owner or (chosen.entry.owner if chosen else None),
        serial=serial,
        copy=chosen.copy if chosen else 1,
        replaces=chosen.replaces if chosen else None,
    )


def make(opts: make_run.MakeOptions, today: str, voice: run.Voice) -> tuple[str, ...]:
    """`mksheet FILE...`: cards for each authenticator export, a sheet for each other file;
    returns the files read as exports."""
    exports = (
        [path for path in opts.files if api.is_export(path)]
        if not (opts.provider or opts.service)
        else []
    )
    if not exports:
        make_run.make(opts, today, voice)
        return ()
    make_run.check_targets(opts, [make_run.target_for(path, opts.output) for path in opts.files])
    vaults = [api.read_vault(path, opts.vault_password_file, voice.warn) for path in exports]
    others = tuple(path for path in opts.files if path not in exports)
    if others:  # every input is read before anything is written
        make_run.make(replace(opts, files=others), today, voice)
    where = state_folder.folder(opts.state_dir)
    with state_folder.locked(where, voice.say):
        book = state.load(where, create_key=True)
        for path, vault in zip(exports, vaults):
            book = _one(book, path, vault, opts, today, voice)
    return tuple(exports)


def _one(
    book: Ledger, path: str, vault: Vault, opts: make_run.MakeOptions, today: str, voice: run.Voice
) -> Ledger:
    """Plan, compose, write and record one export's cards."""
    from sheets.render.deck import render_pdf

    target = make_run.target_for(path, opts.output)
    # a Mark has every field plan and the fingerprint read from a CodeSet
    chosen = ledger.plan(book, mark(vault), today=today, owner=opts.owner)  # type: ignore[arg-type]
    make_run.check_replaced_files(book, [target], [chosen], opts.force)
    for warning in vault.warnings:
        voice.warn(path, warning)
    pdf = output.mark(render_pdf(deck_of(vault, today, chosen, opts.owner), opts.paper))
    book = make_run.write_and_commit(book, pdf, target, chosen, opts, today, voice)
    for note in chosen.notes:
        voice.warn(path, note)
    if opts.to_printer:
        book = _print(
            book, chosen.entry.serial, pdf, target if target != "-" else path, opts, today, voice
        )
    if opts.shred_source:
        make_run.shred_if_safe(path, target, True, voice)
    return book


def _print(
    book: Ledger,
    serial: str,
    pdf: bytes,
    where: str,
    opts: make_run.MakeOptions,
    today: str,
    voice: run.Voice,
) -> Ledger:
    """--print: the unencrypted cards to CUPS, and the paper copies into the ledger; a
    PrintError stops the run here, with the PDF written and recorded."""
    from sheets.deliver import printing

    job = printing.PrintJob("Authenticator cards", opts.printer, opts.copies)
    request = printing.send(pdf, job, where)
    copies = "1 copy" if job.copies == 1 else f"{job.copies} copies"
    voice.say(
        f"{where}: sent {copies} to {opts.printer or 'the default printer'} (CUPS job "
        f"{request or '?'}); check that the ruler on the paper measures 50 mm"
    )
    return run.commit_paper(book, serial, opts.copies, today)
