"""Every line accounted for: what is in the file is on the paper (issue 22).

For every sample and fixture, and for each of them with the things people add (a note, a
second secret, a note appended without a final newline): the reader refuses it naming a
line, or the sheet fits one page (never "does not fit at a legible size") and every line
of the file is a code (or its used-mark, label or numbering), text the
provider module declares as its own file's, or printed as written: found in the PDF's
extracted text (pypdf) and in the QR codes decoded from the page's pixels (zxing-cpp).
Notes beside codes and a second secret are held to the same: on the paper and in the QR.
fuzz/fuzz_parse.py holds its inputs to the same property (`unaccounted`) without drawing.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SAMPLES, flat, page_texts, qr_payloads, raster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets import api, payload
from sheets.errors import InputError, LayoutError, SheetsError
from sheets.read.textio import read_text
from sheets.render.also import shown

LINES = FIXTURES / "lines"
CASES = json.loads((LINES / "cases.json").read_text("utf-8"))
READS = [pytest.param(case, id=case["file"]) for case in CASES if "error" not in case]
STOPS = [pytest.param(case, id=case["file"]) for case in CASES if "error" in case]
ROW = re.compile(r"\blines? (\d+)")


def _fuzz_parse():
    spec = importlib.util.spec_from_file_location("fuzz_parse", ROOT / "fuzz" / "fuzz_parse.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


unaccounted = _fuzz_parse().unaccounted


@pytest.mark.parametrize("case", READS)
def test_each_example_of_the_issue_reads_right(case: dict) -> None:
    info = api.describe(api.read_codes(str(LINES / case["file"])))
    assert (info["provider"], info["kind"], info["codes"]) == (
        case["provider"],
        case["kind"],
        case["codes"],
    )
    assert info["account"] == case.get("account")
    assert info["issued"] == case.get("generated")
    assert [[o["line"], o["text"]] for o in info["other_lines"]] == case.get("other_lines", [])
    assert info["code_notes"] == case.get("code_notes", {})
    second = info["second"] and {k: info["second"][k] for k in ("kind", "codes")}
    assert second == case.get("second")
    if "name" in case:
        assert info["name"] == case["name"]
    if "numbers" in case:
        assert info["numbers"] == case["numbers"]
    hints = " ".join(info["warnings"])
    assert (case["warns"] in hints) if "warns" in case else "--provider" not in hints


@pytest.mark.parametrize("case", STOPS)
def test_a_code_run_into_text_stops_the_run_naming_its_line(case: dict) -> None:
    with pytest.raises(InputError) as refused:
        api.read_codes(str(LINES / case["file"]))
    assert case["error"] in refused.value.problem


def test_a_note_is_never_a_used_mark() -> None:
    """`used on my laptop` after a code is a note beside it; the code is not crossed off."""
    codes = api.read_codes(str(LINES / "github-recovery-codes notes.txt"))
    assert codes.used == () and len(codes.code_notes) == 3


def test_other_text_past_what_a_page_holds_stops_naming_the_first_line_that_does_not_fit():
    text = read_text(str(FIXTURES / "github" / "github-recovery-codes.txt"))
    notes = "\n".join(f"note {n} about where these codes were kept" for n in range(1, 14))
    with pytest.raises(InputError) as refused:
        api.parse_text(text.rstrip("\n") + "\n" + notes + "\n", "github-recovery-codes.txt")
    assert "line 29 " in refused.value.problem  # the 13th note: 12 lines fit
    long = text.rstrip("\n") + "\n" + "word " * 30 + "\n" + "x" * 900 + " y\n"
    with pytest.raises(InputError) as refused:
        api.parse_text(long, "github-recovery-codes.txt")
    assert "line 18 " in refused.value.problem  # past 1,000 characters
    said = str(refused.value)
    assert "xxxxxx" not in said and "word" not in said  # line numbers, never content


def test_other_text_past_what_its_page_holds_is_refused_naming_the_first_line_over():
    """The reader's limit (12 lines, 1,000 characters) is what any page could print; what
    one page prints beside 16 codes and their QR codes is less. Past it the run stops
    naming the first line that does not fit (the lines before it do), never its text."""
    text = read_text(str(FIXTURES / "github" / "github-recovery-codes.txt")).rstrip("\n")
    notes = [f"note {n}: " + "kept in the blue notebook, second shelf," * 2 for n in range(6)]
    codes = api.parse_text(text + "\n" + "\n".join(notes) + "\n", "github-recovery-codes.txt")
    assert len(codes.other_lines) == 6  # the reader takes them: 6 lines, 522 characters
    with pytest.raises(LayoutError) as refused:
        api.render_pdf([api.make_sheet(codes, printed="2026-03-14", serial="GH-7K3Q")])
    said = str(refused.value)
    row = int(re.search(r"line (\d+) and the lines after it do not fit", said).group(1))
    assert "notebook" not in said and 17 < row <= 22
    kept = tuple(line for line in codes.other_lines if line[0] < row)
    fitting = dataclasses.replace(codes, other_lines=kept)
    (page,) = page_texts(api.render_pdf([api.make_sheet(fitting, printed="2026-03-14")]))
    assert all(flat(line) in flat(page) for _, line in kept)


# -- the property ----------------------------------------------------------------------------
def _inputs() -> list[tuple[str, str]]:
    """(name, text) of every sample and fixture file, and each fixture with additions."""
    files = sorted(
        p
        for p in [*SAMPLES.glob("*.txt"), *FIXTURES.glob("*/*.txt")]
        if p.parent.name != "authenticators"
    )
    found = [(p.name, read_text(str(p))) for p in files]
    added = []
    for name, text in found:
        if "lines" in name:
            continue
        body = text.rstrip("\n")
        added.append((name, body + "\nSaved on my laptop\nTOTP secret: JBSWY3DPEHPK3PXP"))
        added.append((name, body + "Saved on my laptop\n"))  # `echo >>` with no final newline
    return found + added


INPUTS = _inputs()


@cache
def _sheet(name: str, text: str):
    """The code set, its PDF's text and its QR read back; or the refusal."""
    try:
        codes = api.parse_text(text, name)
        pdf = api.render_pdf([api.make_sheet(codes, printed="2026-03-14")])
    except SheetsError as refused:
        return refused
    (page,) = page_texts(pdf)
    (back,) = payload.decode(qr_payloads(raster(pdf, 200)))
    return codes, flat(page), back


@pytest.mark.parametrize(
    ("name", "text"), INPUTS, ids=[f"{n}+{i}" for i, (n, _) in enumerate(INPUTS)]
)
def test_every_line_is_on_the_paper_and_in_the_qr_or_the_run_names_a_line(name, text) -> None:
    found = _sheet(name, text)
    if isinstance(found, SheetsError):  # exit 1, one line, nothing written: nothing lost
        # Only the reader refuses: what it reads (12 other lines, 1,000 characters at
        # most) fits a page, so a LayoutError here is a sheet lost for want of room.
        assert isinstance(found, InputError), found
        assert ROW.search(found.problem) or found.problem.startswith(("holds no", "reads as")), (
            found.problem
        )
        return
    codes, printed, back = found
    assert not back.missing and list(back.codes) == list(codes.codes)
    assert not unaccounted(text, codes), "a line of the file is in no place"
    for row, line in codes.other_lines:
        assert text.split("\n")[row - 1].strip() == line  # as written
        assert flat(shown(line)) in printed, f"line {row} is not on the paper"
    assert back.other_lines == codes.other_lines, "the QR does not hold the other lines"
    for _, note in codes.code_notes:
        assert flat(shown(note)) in printed, "a note beside a code is not on the paper"
    assert back.code_notes == codes.code_notes
    second = (codes.second.kind, codes.second.codes) if codes.second else None
    assert back.second == second
    if codes.second:
        assert all(_printed_key(code, printed) for code in codes.second.codes)


def _printed_key(code: str, printed: str) -> bool:
    """The key on the page, perhaps in groups the sheet adds for reading; a phrase's words
    each on it (the sheet numbers them)."""
    if " " in code and code.replace(" ", "").isalpha():
        return all(re.search(rf"\b{word}\b", printed) for word in code.split())
    plain = re.sub(r"\s", "", printed)
    return re.sub(r"\s", "", code) in plain


def test_the_property_can_fail() -> None:
    """A code set that forgot a line is caught: the check is not vacuous."""
    name, text = next((n, t) for n, t in INPUTS if n == "github-recovery-codes totp.txt")
    codes = api.parse_text(text, name)
    from dataclasses import replace

    assert unaccounted(text, codes) == []
    assert unaccounted(text, replace(codes, other_lines=())) == [17]


ADDED_EXAMPLES = int(os.environ.get("ADDED_EXAMPLES", "150"))  # more for a longer search
# Notes and other lines people add, in pieces the property test recombines.
ADDITIONS = st.lists(
    st.sampled_from(
        [
            "Saved on my laptop",
            "my personal key: D5MR-Q77A-V2QD-8X74",
            "Personal key (keep!): D5MR-Q77A-V2QD-8X74",
            "TOTP secret: JBSWY3DPEHPK3PXP",
            "Setup key: jbsw y3dp ehpk 3pxp",
            "App password: abcd efgh ijkl mnop",
            "The recovery key is ABCD-EFGH-JKLM-NPQR",
            "Master key: 9f8e7d6c5b4a",
            "Recovery contact code 482-913",
            "Generated 2026-01-02",
            "used on my laptop",
            "  # used 2026-01-02",
            " - used it at the airport",
            " https://example.com/help",
            "\u202egnirts desrever",
            "\tafter a tab",
        ]
    ),
    max_size=4,
)


@settings(max_examples=ADDED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([n for n in INPUTS if "+" not in n[0]][:60]), ADDITIONS, st.booleans())
def test_any_additions_end_in_a_place_or_stop_the_run(case, additions, glue) -> None:
    """Notes after codes and lines after the file, glued or not: every line ends in a place
    (checked on the code set, without drawing), or the run stops naming a line."""
    name, text = case
    lines = text.rstrip("\n").split("\n")
    for i, addition in enumerate(additions):
        if addition[:1] in " \t" and lines:
            at = i % len(lines)
            lines[at] = lines[at] + addition  # after a code (or whatever that line holds)
        else:
            lines.append(addition)
    joined = "\n".join(lines) + ("" if glue else "\n")
    try:
        codes = api.parse_text(joined, name)
    except InputError as refused:
        said = refused.problem
        assert ROW.search(said) or said.startswith(("holds no", "reads as")), said
        return
    assert not unaccounted(joined, codes)


def test_the_samples_print_no_box_of_other_text_but_slacks() -> None:
    """The samples are whole downloads: every line is a code or the provider's own text
    (the Slack sample's made-up second line aside), so their sheets look as before."""
    boxed = [p.name for p in SAMPLES.glob("*.txt") if api.read_codes(str(p)).other_lines]
    assert boxed == ["slack-backup-codes.txt"]


def test_the_fixture_readme_names_the_test(tmp_path: Path) -> None:
    assert "tests/read/test_every_line.py" in (LINES / "README.md").read_text("utf-8")


def test_text_in_another_script_is_printed_in_a_face_that_has_its_letters() -> None:
    """A note in Japanese after a code, and a line of it: set in the system's fallback font
    where the codes' face lacks the letters, so the page shows (and pypdf reads) them."""
    from sheets.render import draw

    if draw.fallback_font() is None:
        pytest.skip("no fallback font for other scripts: apt install fonts-droid-fallback")
    text = "e91c7-a688c 已用 on my laptop\n419bf-943bf\nパスワードのメモ\n"
    codes = api.parse_text(text, "github-recovery-codes.txt")
    assert codes.code_notes == ((0, "已用 on my laptop"),)
    assert codes.other_lines == ((3, "パスワードのメモ"),)
    (page,) = page_texts(api.render_pdf([api.make_sheet(codes, printed="2026-03-14")]))
    assert "已用 on my laptop" in flat(page) and "パスワードのメモ" in page


def test_the_qr_text_gives_back_notes_lines_and_the_second_secret_exactly() -> None:
    """Long lines go in pieces, any script and a tab come back as written; a forged note
    for a code that is not there is left out."""
    long = "Recovery contact: " + " ".join(["Élodie 已用 \tword"] * 30)
    text = "e91c7-a688c used on my laptop\n419bf-943bf\n" + long + "\nPersonal key: x\n"
    codes = api.parse_text(text, "github-recovery-codes.txt")
    sheet = api.make_sheet(codes, printed="2026-03-14", serial="GH-7K3Q")
    (back,) = payload.decode(payload.encode(sheet))
    assert back.other_lines == codes.other_lines and back.other_lines[0][1] == long
    assert back.code_notes == ((0, "used on my laptop"),)
    assert back.name == "GitHub" and back.codes == codes.codes
    forged = payload.encode(sheet)[0].replace("\n\n", "\nNote 9: not a code's\nNote 0: x\n\n", 1)
    (read,) = payload.decode([forged, *payload.encode(sheet)[1:]])
    assert read.code_notes == back.code_notes


def test_an_unknown_services_name_and_a_second_secret_come_back_from_the_qr() -> None:
    codes = api.read_codes(str(FIXTURES / "pastes" / "acme wallet.txt"))
    (back,) = payload.decode(payload.encode(api.make_sheet(codes, printed="2026-03-14")))
    assert (back.provider, back.name, back.title) == (
        "generic",
        "Acme Wallet",
        "Acme Wallet backup codes",
    )
    assert codes.second is not None and back.second == ("recovery-phrase", codes.second.codes)
