"""Authenticator cards read back: every card's QR gives back its account, the restore codes
give back the export, and a code made from what was read equals one made from the fixture.

The pages are rasterised by pdfium at 150 dpi and decoded by zxing-cpp; the URIs are parsed
here with urllib and the migration payloads with a protobuf reader of a dozen lines, so no
code that wrote them reads them back. TOTP codes come from pyotp.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
from dataclasses import replace

import pikepdf
import pyotp
import pytest
from conftest import authenticator_cases, page_texts, qr_payloads, raster
from otp_readback import parse_migration, parse_uri

from sheets.make.compose import deck_for
from sheets.model import OtpEntry, Vault
from sheets.render import cards, deck, draw
from sheets.render.items import QR, Text
from sheets.render.style import MIN_MODULE, PHOTO_MODULE

CASES = authenticator_cases()
IDS = [path.name for path, _ in CASES]
DIGEST = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
WHEN = 1_796_000_000  # a fixed moment for TOTP codes


def vault_of(expected: dict) -> Vault:
    """The export as its truth says it reads (the readers' own tests check the reading)."""
    entries = tuple(OtpEntry(**entry) for entry in expected["entries"])
    return Vault(expected["format"], entries, expected["file"].rsplit("/", 1)[-1])


@functools.cache
def rendered(index: int, paper: str = "a4") -> tuple[Vault, bytes]:
    vault = vault_of(CASES[index][1])
    return vault, deck.render_pdf(deck_for(vault, "Jordan", None, "2026-12-02"), paper)


def decoded(pdf: bytes, dpi: int = 150) -> list[str]:
    """Every QR payload on every page."""
    pages = len(page_texts(pdf))
    return [text for n in range(pages) for text in qr_payloads(raster(pdf, dpi, n))]


class TOTP(pyotp.TOTP):
    min_secret_length_bits = 80  # exports hold 80-bit keys (16 Base32 letters), RFC 4226's least


class HOTP(pyotp.HOTP):
    min_secret_length_bits = 80


def key(entry: OtpEntry) -> str:
    return repr(sorted(entry.as_json().items(), key=str))


def code(entry: OtpEntry) -> str:
    """The login code an app makes from this entry (at WHEN, or at its counter)."""
    args = dict(digits=entry.digits, digest=DIGEST[entry.algorithm])
    if entry.type == "hotp":
        return HOTP(entry.secret, **args).at(entry.counter)
    return TOTP(entry.secret, interval=entry.period, **args).at(WHEN)


# -- round trips ----------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_every_card_and_restore_code_reads_back(index):
    vault, pdf = rendered(index)
    found = decoded(pdf)
    uris = [parse_uri(t) for t in found if t.startswith("otpauth://")]
    truths = [replace(e, note="") for e in vault.entries]  # a note is printed, not in the QR
    assert sorted(uris, key=key) == sorted(truths, key=key)  # every card, exactly
    for back, truth in zip(sorted(uris, key=key), sorted(truths, key=key)):
        assert code(back) == code(truth)
    printed = " ".join(" ".join(page_texts(pdf)).split())
    for entry in vault.entries:  # every word of every note, on its card or the Notes page
        assert all(word in printed for word in entry.note.split())
    batches = [parse_migration(t) for t in found if t.startswith("otpauth-migration://")]
    carried = [e for e in truths if e.standard and e.digits in (6, 8) and e.period in (30, None)]
    batches.sort(key=lambda batch: batch[2])  # zxing finds them in any order
    assert [e for entries, _, _ in batches for e in entries] == carried
    assert all(len(entries) <= 10 for entries, _, _ in batches)
    assert [(size, n) for _, size, n in batches] == [(len(batches), n) for n in range(len(batches))]
    text = " ".join(page_texts(pdf))
    assert all(f"{n} of {len(batches)}" in text for n in range(1, len(batches) + 1))


def test_a_changed_counter_is_another_code():
    """Guard the guard: the code comparison notices a wrong field."""
    entry = next(
        e for _, x in CASES for e in (OtpEntry(**d) for d in x["entries"]) if e.type == "hotp"
    )
    moved = OtpEntry(
        entry.type,
        entry.issuer,
        entry.account,
        entry.secret,
        entry.algorithm,
        entry.digits,
        None,
        entry.counter + 1,
    )
    assert code(moved) != code(entry)


def plans(vault: Vault, paper: str = "a4"):
    draw.register_fonts()
    return deck.pages(deck_for(vault, None, None, "2026-12-02"), paper, draw.measure, draw.covers)


def card_symbols(page) -> list:
    """The QR items of a card page (the one with the "cards N-M of T" head)."""
    if not any(
        type(i) is Text and re.fullmatch(r"cards? \d+(-\d+)? of \d+", i.text) for i in page.items
    ):
        return []
    return [item for item in page.items if type(item) is QR]


def test_modules_are_never_under_the_floor():
    """Measured on the largest fixture: every card's and restore code's module is 0.8 mm or
    more (issue 25), and a card's is PHOTO_MODULE or more when the card has room."""
    vault = vault_of(max((x for _, x in CASES), key=lambda x: len(x["entries"])))
    laid = plans(vault)
    symbols = [item for page in laid for item in page.items if type(item) is QR]
    assert min(item.size / len(item.modules) for item in symbols) >= MIN_MODULE
    cards_only = [item for page in laid for item in card_symbols(page)]
    assert len(cards_only) == len(vault.entries)
    assert min(i.size / len(i.modules) for i in cards_only) >= PHOTO_MODULE - 1e-9


def test_long_names_stay_left_of_the_qr_and_inside_the_card():
    long = OtpEntry(
        "totp",
        "The Very Long Name Of A Regional Cooperative Savings Bank "
        "And Trust Company Of The Northern Districts",
        "jordan.alexander.rivera-montgomery+security-keys@subdomain.example-corporation.com",
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        "SHA512",
        8,
        60,
    )
    pages = [p for p in plans(Vault("aegis", (long,) * 2, "x.json")) if card_symbols(p)]
    assert len(pages) == 2  # each on a page of its own: its QR code is too large for six
    for page in pages:
        symbols = card_symbols(page)
        assert min(q.size / len(q.modules) for q in symbols) >= PHOTO_MODULE - 1e-9
        for item in page.items:
            if type(item) is not Text or item.font == "code" or item.y < symbols[0].y:
                continue
            right = item.x + draw.measure(item.text, item.font, item.size)
            beside = [q for q in symbols if q.y <= item.y <= q.y + q.size and q.x > item.x]
            quiet = [4 * q.size / len(q.modules) for q in beside]
            assert all(right <= q.x + z for q, z in zip(beside, quiet)), item.text


def test_a_name_in_japanese_prints_or_says_it_could_not(monkeypatch):
    entry = OtpEntry("totp", "楽天証券", "jrivera", "JBSWY3DPEHPK3PXP")
    pdf = deck.render_pdf(
        deck_for(Vault("aegis", (entry,), "x.json"), None, None, "2026-12-02"), "a4"
    )
    if not draw.fallback_font() and os.environ.get("MKSHEET_REQUIRE_TOOLS"):
        pytest.fail("CI installs fonts-droid-fallback: the name must print, not fall back")
    if draw.fallback_font():
        assert "楽天証券" in page_texts(pdf)[1]
    else:
        assert "could not be printed" in page_texts(pdf)[1]
    monkeypatch.setattr(draw, "covers", lambda text, font: font != "fallback" and text.isascii())
    pages = deck.pages(
        deck_for(Vault("aegis", (entry,), "x.json"), None, None, "2026-12-02"),
        "a4",
        draw.measure,
        draw.covers,
    )
    words = " ".join(i.text for i in pages[1].items if type(i) is Text)
    assert "could not be printed" in words and "楽天証券" not in words


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_paper_and_metadata_hold_no_secret(paper):
    vault, pdf = rendered(len(CASES) - 1, paper)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        size = [float(v) for v in doc.pages[0].MediaBox]
        meta = " ".join(f"{k}={v}" for k, v in doc.docinfo.items())
    assert (
        size[2:] == ([595.28, 841.89] if paper == "a4" else [612.0, 792.0])
        or abs(size[2] - (595.28 if paper == "a4" else 612)) < 1
    )
    assert "Authenticator" in meta
    for entry in vault.entries:
        assert entry.secret not in meta and entry.secret.casefold() not in meta.casefold()
        assert entry.account not in meta


# -- a phone photo of a whole card page ----------------------------------------------------
@pytest.mark.parametrize(
    "width, tilt, keystone",
    [(800, 0.0, 0.0), (1000, 4.0, 0.03), (1000, -4.0, -0.03)],
    ids=["800px-straight", "1000px-left-from-below", "1000px-right-from-above"],
)
def test_card_codes_decode_from_a_phone_photo_of_the_whole_page(width, tilt, keystone):
    """Six cards in one photo: blurred 1.2 px, JPEG quality 35. Measured: at 800 px wide
    all six decode straight, 1 to 4 of six when tilted 4 degrees; at 1000 px all six either
    way. A phone scanning one card at a time sees it six times larger."""
    from pixels import phone_photo

    vault, pdf = rendered(0)
    picture = phone_photo(raster(pdf, 200, 1), width, tilt, keystone, 1.2, 35)
    found = [parse_uri(t) for t in qr_payloads(picture) if t.startswith("otpauth://")]
    shown = [replace(e, note="") for e in vault.entries[: cards.COLUMNS * cards.ROWS]]
    assert sorted(found, key=key) == sorted(shown, key=key)


def test_the_cover_names_the_page_of_every_card():
    """Every account on the cover's list with its card's page, a name in Japanese too (in
    the system's font, as on its card), the list continued under its heading."""
    index = max(range(len(CASES)), key=lambda i: len(CASES[i][1]["entries"]))
    vault, pdf = rendered(index)
    texts = [" ".join(t.split()) for t in page_texts(pdf)]
    assert "What these pages hold (continued)" in texts[1]
    cover = " ".join(texts[:2])
    for entry in vault.entries:
        if not entry.issuer or not (entry.issuer.isascii() or draw.fallback_font()):
            continue
        assert entry.issuer in cover, entry.issuer
        page = int(cover.split(entry.issuer, 1)[1].split(" page ", 1)[1].split()[0])
        assert entry.issuer in texts[page - 1]
    assert "another script" not in cover and "no font" not in cover
