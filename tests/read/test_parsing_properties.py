"""Property tests: whatever a file holds, reading it ends in a result or a clean SheetsError.

Arbitrary bytes go to the decoder; arbitrary text, and text built from pieces of real
code files, goes to detection, every provider's score and parse, and the whole read.
A crash of any other kind is a bug, never a user error.
"""

from __future__ import annotations

import re

from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets import api
from sheets.errors import SheetsError
from sheets.model import CodeSet
from sheets.read import detect
from sheets.read.normalise import Source
from sheets.read.providers import ALL
from sheets.read.textio import decode

FAST = settings(max_examples=200, deadline=None)

HEX, DIGITS = "0123456789abcdef", "0123456789"
ALNUM = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz"

# Every word the program's own source and templates could print. A "code" found inside one
# of them in a message ("servic" read as a code, then "service" in a hint) is not a leak.
PROGRAM_WORDS = {
    word
    for path in [*(ROOT / "sheets").rglob("*.py"), *(ROOT / "templates").rglob("*")]
    if path.is_file()
    for word in re.findall(r"\w+", path.read_text("utf-8"))
}


def leaked(code: str, said: str) -> bool:
    """The code is in a message, and not as part of a word the program itself writes."""
    return any(
        word.group() not in PROGRAM_WORDS for word in re.finditer(rf"\w*{re.escape(code)}\w*", said)
    )


def _chars(alphabet: str, size: int):
    return st.text(alphabet, min_size=size, max_size=size)


def _grouped(alphabet: str, sizes: tuple[int, ...], seps: str = " -"):
    return st.tuples(*(_chars(alphabet, n) for n in sizes), st.sampled_from(seps)).map(
        lambda parts: parts[-1].join(parts[:-1])
    )


# Pieces that reach the deeper branches of the parsers: code shapes, headings, markers.
PIECES = st.one_of(
    _chars(HEX, 16),
    _chars(HEX, 8),
    _chars(HEX, 64),
    _grouped(HEX, (5, 5), "-"),
    _grouped(DIGITS, (4, 4), " "),
    _chars(DIGITS, 8),
    _chars(ALNUM, 10),
    _chars(ALNUM, 12),
    _grouped(ALNUM.upper(), (4,) * 7),
    _grouped(ALNUM.upper(), (4,) * 8),
    _grouped(ALNUM.upper(), (5,) * 5),
    _grouped(ALNUM.upper(), (2, 6, 6, 5, 5, 5, 5), "-"),
    st.lists(_chars("abcdefghijklmnopqrstuvwxyz", 5), min_size=12, max_size=12).map(" ".join),
    st.tuples(
        st.sampled_from(["1. ", "12) ", "#3 ", "* ", "- ", "\u2022 ", "7\t", ""]),
        st.text(ALNUM + " -", max_size=20),
    ).map("".join),
    st.sampled_from(
        [
            "SAVE YOUR BACKUP CODES",
            "(jordan.rivera@example.com)",
            "1. 1234 5678\t\t2. 8765 4321",
            "* These codes were generated on: Mar 14, 2026",
            "SAVE YOUR ACCOUNT RECOVERY KEY",
            "Key: SHCW RNRS 5MBS D9Q2 PKZQ RVX3 AJTC GY7M",
            "* Key generated: 3/14/2026",
            "* Key generated: 13/2/2026",
            "Secret Key:",
            "Email: a@b.co",
            "PyPI recovery codes",
            "2FA successfully enabled.",
            "ID.me Backup Codes",
            "Created: 2026-02-30",
            "Here are your Discord backup codes for a@b.co",
            "* abcd-1234 (used)",
            "",
            " ",
            "\t",
        ]
    ),
    st.text(max_size=30),
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=16).map("\n".join))
NAMES = st.one_of(
    st.sampled_from(
        [
            "codes.txt",
            "github-recovery-codes (1).txt",
            "gitlab-recovery-codes.txt",
            "PyPI-Recovery-Codes-j-r-2026-03-14T09_26_53.589793.txt",
            "jrivera-backup-codes.txt",
            "Nextcloud-backup-codes.txt",
            "Firefox-Recovery-Key_2026-02-30_a@b.co.txt",
            "a@b.co Backup authentication codes.txt",
            "proton_recovery_phrase.txt",
            "Backup-codes-x.txt",
            "mastodon.txt",
            "dropbox-backup-codes.txt",
            "",
            ".txt",
        ]
    ),
    st.text(max_size=60),
)


def _result_or_clean_error(call, *args, **kwargs):
    """Call and return the result, or None when it raised a SheetsError."""
    try:
        return call(*args, **kwargs)
    except SheetsError as error:
        assert error.problem  # a user-facing error always says what is wrong
        return None


@FAST
@given(st.binary(max_size=600))
def test_decode_gives_text_or_a_clean_error(data: bytes) -> None:
    text = _result_or_clean_error(decode, data, "input.txt")
    if text is not None:
        assert isinstance(text, str) and "\r" not in text and text.strip()


@FAST
@given(st.one_of(st.text(max_size=200), TEXTS).map(lambda t: t.encode("utf-16")))
def test_decode_reads_any_utf16_text_or_refuses_cleanly(data: bytes) -> None:
    text = _result_or_clean_error(decode, data, "input.txt")
    assert text is None or isinstance(text, str)


@FAST
@given(TEXTS, NAMES)
def test_every_provider_scores_and_parses_anything(text: str, name: str) -> None:
    source = Source(name, text)
    for provider in ALL:
        score = provider.score(source)
        assert 0.0 <= score <= 1.0, provider.key
        found = _result_or_clean_error(provider.parse, source)
        if found is None:
            continue
        assert isinstance(found, CodeSet) and found.provider == provider.key
        assert found.kind in [kind.kind for kind in provider.kinds], provider.key
        assert all(isinstance(code, str) and code for code in found.codes), provider.key
        assert found.numbers is None or len(found.numbers) == len(found.codes), provider.key
        assert set(found.used) <= set(found.codes), provider.key


@FAST
@given(TEXTS, NAMES)
def test_detect_chooses_one_provider_or_refuses_cleanly(text: str, name: str) -> None:
    found = _result_or_clean_error(detect.detect, Source(name, text))
    assert found is None or found.provider in ALL


@FAST
@given(TEXTS, NAMES, st.sampled_from([None] + [p.key for p in ALL]))
def test_parse_text_gives_a_code_set_or_a_clean_error(text: str, name: str, forced) -> None:
    codes = _result_or_clean_error(api.parse_text, text, name, provider=forced)
    if codes is not None:
        assert isinstance(codes, CodeSet) and codes.codes
        assert forced is None or codes.provider == forced
        said = " ".join(codes.notes + codes.warnings)
        assert not [code for code in codes.codes if len(code) >= 6 and leaked(code, said)]
        api.describe(codes)


@FAST
@given(st.binary(max_size=400), NAMES)
def test_whole_read_from_bytes_never_crashes(data: bytes, name: str) -> None:
    text = _result_or_clean_error(decode, data, name or "input")
    if text is not None:
        _result_or_clean_error(api.parse_text, text, name)
