"""What people really paste reads right, and damage stops the run (issue 10).

Three sources of cases: the hand-made files in fixtures/pastes/ (cases.json says what each
must give, or which line the refusal must name); pastes generated from every provider's
own fixtures (one line, columns split by tabs or by runs of spaces, numbered columns);
and a property test that damages one code of any fixture and checks the code is never
dropped in silence.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import fixture_cases, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets import api, term
from sheets.errors import InputError, SheetsError
from sheets.read.providers import by_key
from sheets.read.textio import read_text

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
PASTES = FIXTURES_DIR / "pastes"
CASES = json.loads((PASTES / "cases.json").read_text("utf-8"))
READS = [pytest.param(case, id=case["file"]) for case in CASES if "error" not in case]
STOPS = [pytest.param(case, id=case["file"]) for case in CASES if "error" in case]


@pytest.mark.parametrize("case", READS)
def test_paste_reads_right(case: dict) -> None:
    info = api.describe(api.read_codes(str(PASTES / case["file"])))
    assert (info["provider"], info["kind"], info["codes"]) == (
        case["provider"],
        case["kind"],
        case["codes"],
    )
    assert info["used"] == case.get("used", [])
    assert info["account"] == case.get("account")
    if "numbers" in case:
        assert info["numbers"] == case["numbers"]
    if "name" in case:
        assert info["name"] == case["name"]
    second = info["second"] and {k: info["second"][k] for k in ("kind", "codes")}
    assert second == case.get("second")
    hints = " ".join(info["warnings"])
    assert (case["warns"] in hints) if "warns" in case else "--provider" not in hints


@pytest.mark.parametrize("case", STOPS)
def test_damaged_paste_stops_naming_the_line(case: dict) -> None:
    with pytest.raises(InputError) as refused:
        api.read_codes(str(PASTES / case["file"]))
    assert case["error"] in refused.value.problem
    assert refused.value.hint


@pytest.mark.parametrize("case", STOPS)
def test_damaged_paste_writes_nothing_and_says_one_line(case: dict, tmp_path: Path) -> None:
    source = tmp_path / case["file"]
    shutil.copy(PASTES / case["file"], source)
    result = run_cli(str(source), "-o", str(tmp_path / "sheet.pdf"))
    assert result.returncode == 1
    assert not (tmp_path / "sheet.pdf").exists()
    said = result.stderr.decode()
    assert said.count("\n") == 1 and said.startswith("mksheet: ") and case["error"] in said
    written = read_text(str(source))
    assert not [word for word in re.split(r"\s+", written) if len(word) >= 6 and word in said]


def test_service_option_names_an_unknown_service(tmp_path: Path) -> None:
    result = run_cli(
        "inspect", "--json", "--service", "Acme Credit Union", str(PASTES / "codes.txt")
    )
    info = json.loads(result.stdout)
    assert (info["provider"], info["name"]) == ("generic", "Acme Credit Union")
    listed = api.read_codes(str(PASTES / "my codes.txt"), service="Acme Bank")
    assert (listed.provider, listed.service) == ("generic", "Acme Bank")
    assert not [w for w in listed.warnings if "--provider" in w]


# Pastes generated from the fixtures: any provider's list may arrive in these shapes.
LISTS = [
    (path, entry)
    for path, entry in fixture_cases()
    if len(entry["codes"]) > 1
    and [line.strip() for line in read_text(str(path)).split("\n") if line.strip()]
    == entry["codes"]
]
SHAPES = {
    "one line": lambda codes: " ".join(codes),
    "two columns, tab": lambda codes: _rows(codes, 2, "\t"),
    "three columns, spaces": lambda codes: _rows(codes, 3, "    "),
    "numbered columns": lambda codes: _rows(
        [f"{n}. {code}" for n, code in enumerate(codes, start=1)], 2, "\t\t"
    ),
}


def _rows(codes: list[str], width: int, gap: str) -> str:
    return "\n".join(gap.join(codes[i : i + width]) for i in range(0, len(codes), width))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("path", "entry"),
    [pytest.param(*case, id=f"{case[1]['provider']}/{case[0].name}") for case in LISTS],
)
def test_any_list_reads_the_same_in_any_paste_shape(path: Path, entry: dict, shape: str) -> None:
    codes = api.parse_text(SHAPES[shape](entry["codes"]), path.name)
    assert (codes.provider, list(codes.codes)) == (entry["provider"], entry["codes"])


NAMED = [
    pytest.param(path, entry, id=f"{entry['provider']}/{path.name}")
    for path, entry in fixture_cases()
    if len(entry["codes"]) > 1 and by_key(entry["provider"]).name_words
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("path", "entry"), NAMED)
def test_a_name_naming_the_provider_decides_any_paste_shape(
    path: Path, entry: dict, shape: str
) -> None:
    """Codes copied off any provider's page, headers left behind, into `<provider> codes.txt`
    read as that provider's: the name decides between look-alikes (Google's 8 digits)."""
    name = f"{by_key(entry['provider']).name_words[0]} codes.txt"
    codes = api.parse_text(SHAPES[shape](entry["codes"]), name)
    assert (codes.provider, list(codes.codes)) == (entry["provider"], entry["codes"])


def test_typed_keys_come_back_as_the_provider_shows_them() -> None:
    typed = {
        "login-gov": ("d5mr q77a v2qd 8x74", "D5MR-Q77A-V2QD-8X74"),
        "bitwarden": (
            "pam6odhakdmrrbt78jgrinsinclyr202",
            "PAM6 ODHA KDMR RBT7 8JGR INSI NCLY R202",
        ),
        "microsoft": ("SKGYL AQGAH G2NH6 T86JN 298HE", "SKGYL-AQGAH-G2NH6-T86JN-298HE"),
        "facebook": ("1234-5678", "1234 5678"),
        "discord": ("abcd1234", "abcd-1234"),
        "github": ("e91c7a688c", "e91c7-a688c"),
        "wordpress-com": ("1234 5678", "12345678"),
    }
    for key, (text, shown) in typed.items():
        assert api.parse_text(text, "codes.txt", provider=key).codes == (shown,), key


def test_generic_reader_keeps_every_character() -> None:
    text = "Acme\n\nAbC-123-xYz\nq9 Q9 q9\n1234 5678\n"
    codes = api.parse_text(text, "acme codes.txt", provider="generic")
    assert codes.codes == ("AbC-123-xYz", "q9 Q9 q9", "1234 5678")
    assert codes.service == "Acme"


@pytest.mark.parametrize("sign", ["\u017f", "\u212a", "\u0430", "\u0455"])
def test_look_alike_letters_never_pass_as_ascii(sign: str) -> None:
    """ſ, the Kelvin sign, Cyrillic а and ѕ fold to ASCII letters under re.IGNORECASE
    without re.ASCII; codes are ASCII, so each must stop the generic reader too."""
    with pytest.raises(InputError, match="line 2 "):
        api.parse_text(f"ab12cd34\nab12{sign}d34\n", "codes.txt", provider="generic")


# The property: damage one code of any fixture; the code is never silently dropped.
FIXTURES = [case for case in fixture_cases()]
LOOK_ALIKES = "\u0430\u0435\u043e\u0441\u0455\u017f\u212a#"  # Cyrillic a e o c s, ſ, K, #


def _outside(key: str, kind: str) -> str:
    """An ASCII letter or digit outside the provider's alphabet in either case, else `%`."""
    alphabet = by_key(key).facts(kind).alphabet
    return next((c for c in "zyxwvu0lo1i" if c.lower() not in alphabet.lower()), "%")


def _damaged(code: str, how: str, where: int, key: str, kind: str) -> str:
    spots = [i for i, c in enumerate(code) if c.isalnum()]
    at = spots[where % len(spots)]
    if how == "longer":
        return code + code[spots[-1]]
    if how == "shorter":
        return code[: spots[-1]] + code[spots[-1] + 1 :]
    swap = LOOK_ALIKES[where % len(LOOK_ALIKES)] if how == "look-alike" else _outside(key, kind)
    return code[:at] + swap + code[at + 1 :]


def _plain(code: str) -> str:
    return re.sub(r"[\s-]", "", code).casefold()


DAMAGE_EXAMPLES = int(os.environ.get("DAMAGE_EXAMPLES", "300"))  # more for a longer search


@settings(max_examples=DAMAGE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FIXTURES),
    st.integers(0, 63),
    st.integers(0, 63),
    st.sampled_from(["longer", "shorter", "look-alike", "outside"]),
)
def test_a_damaged_code_is_never_dropped_in_silence(case, which: int, where: int, how: str):
    path, entry = case
    text = read_text(str(path))
    codes = entry["codes"]
    victim = codes[which % len(codes)]
    found = _as_written(text, victim)
    if found is None:
        return  # the code is spelled differently in the file (regrouped); others cover it
    bad = _damaged(found, how, where, entry["provider"], entry["kind"])
    try:
        read = api.parse_text(text.replace(found, bad, 1), path.name)
    except SheetsError:
        return  # stopped: nothing printed, nothing lost
    assert len(read.codes) >= len(codes), "a damaged code went missing"
    assert _plain(bad) in map(_plain, read.codes), "a damaged code was changed"


def _as_written(text: str, code: str) -> str | None:
    """The code as the file spells it (the provider may regroup or change its case)."""
    if code in text:
        return code
    pattern = r"[\s-]?".join(map(re.escape, _plain(code)))
    match = re.search(pattern, text, re.I | re.ASCII)
    return match.group(0) if match else None


def test_mask_shows_neither_length_nor_letters() -> None:
    """`inspect` masks every code the same way, whatever its length or letters; a phrase
    shows one fixed placeholder per word (the provider states the word count)."""
    codes = [
        "e91c7-a688c",
        "6076b6d90ddb0a9ab4cd4e1091fbdeba110682f41b612922e5a50ab62d28bb4e",
        "1234 5678",
        "A3-2N4PUZ-UKNF2J-Y5KMN-KNWQQ-TPE6H-AE8SV",
        "qj",
    ]
    assert len({term.mask(code) for code in codes}) == 1
    assert not set(term.mask(codes[0])) & set("".join(codes))
    phrase = "business test guitar around mouse also oval type bamboo crack file gift"
    masked = term.mask(phrase).split(" ")
    assert len(masked) == 12 and len(set(masked)) == 1
    assert term.mask("cat elephant " * 6) == term.mask("ox hippopotamus " * 6)


@pytest.mark.parametrize(
    ("file", "service", "shown"),
    [
        ("acme.txt", None, "Acme Bank: backup codes"),  # from the heading line
        ("my codes.txt", "Acme Credit Union", "Acme Credit Union: backup codes"),  # --service
        ("codes.txt", None, "Website:"),  # named nowhere: a line to fill in by hand
    ],
)
def test_the_sheet_names_an_unknown_service(file: str, service: str | None, shown: str) -> None:
    from conftest import flat, page_texts

    codes = api.read_codes(str(PASTES / file), service=service)
    (text,) = page_texts(api.render_pdf([api.make_sheet(codes)]))
    assert shown in flat(text)
    assert ("Website:" in text) == (shown == "Website:")


def test_inspect_json_names_every_known_provider() -> None:
    """`name` is the display name for a known provider, not only for a generic reading."""
    for path, entry in fixture_cases():
        info = api.describe(api.read_codes(str(path)))
        assert info["name"] == by_key(entry["provider"]).name, path.name


def test_the_sheet_prints_the_files_own_numbers() -> None:
    """ID.me's second set is numbered 13-24 on the sheet, and a deleted code's number is
    not given to the next one."""
    from conftest import flat, page_texts, printed

    codes = api.read_codes(str(PASTES / "idme-backup-codes gap.txt"))
    (text,) = page_texts(api.render_pdf([api.make_sheet(codes)]))
    folded = flat(text)
    for number, code in zip(codes.numbers or (), codes.codes, strict=True):
        assert re.search(rf"\b{number}\. {printed(code).pattern}", folded), number
    shown = re.findall(r"\b(\d{1,2})\. [0-9A-Z]{5} ?[0-9A-Z]{5}\b", folded)
    assert list(map(int, shown)) == [13, 14, *range(16, 25)]


def _another(code: str) -> str:
    """A different code of the same shape: its letters and digits but the first two (a
    prefix such as 1Password's `A3`) in reverse order."""
    spots = [i for i, c in enumerate(code) if c.isalnum()][2:]
    chars = list(code)
    for i, j in zip(spots, reversed(spots), strict=True):
        chars[i] = code[j]
    return "".join(chars)


NOTED = [
    pytest.param(path, entry, id=f"{entry['provider']}/{path.name}")
    for path, entry in fixture_cases()
    if entry["kind"] != "recovery-phrase" and any(c.isdigit() for c in _another(entry["codes"][-1]))
]


@pytest.mark.parametrize(
    "where", ["new one from support: {}", "{} is the one I used", "also {} (written down by hand)"]
)
@pytest.mark.parametrize(("path", "entry"), NOTED)
def test_a_code_inside_a_sentence_is_never_dropped_in_silence(
    path: Path, entry: dict, where: str
) -> None:
    """A note added to a download ("new one from support: ...") holds a code: the run
    stops naming that line, or the code is on the sheet, in the code list or as written
    with the rest of its line (issue 22); never a sheet without it."""
    text = read_text(str(path))
    new = _another(_as_written(text, entry["codes"][-1]) or entry["codes"][-1])
    added = where.format(new)
    try:
        read = api.parse_text(text.rstrip("\n") + "\n" + added + "\n", path.name)
    except SheetsError:
        return
    kept = [*read.codes, *(note for _, note in read.code_notes)]
    kept += [text for _, text in read.other_lines]
    assert (
        _plain(new) in map(_plain, read.codes)
        or added in kept
        or (where.startswith("{}") and added.removeprefix(new).strip() in kept)
    )


def test_a_code_inside_a_sentence_is_printed_as_written_by_the_generic_reader_too() -> None:
    """Issue 22: a sentence holding a code is no damaged code: it is on the sheet as written
    (it was refused before, which left the person with no sheet)."""
    text = (PASTES / "acme.txt").read_text("utf-8") + "the last one is 9ZQX-4HTB\n"
    read = api.parse_text(text, "acme.txt")
    assert read.codes == ("7KQ2-M9XD", "P4HT-Z8WN", "3RFA-6JCE", "YB5N-2QGS")
    assert read.other_lines == ((7, "the last one is 9ZQX-4HTB"),)


@pytest.mark.parametrize(
    "note",
    [
        "Help: https://discord.com/ab12cd34 or ab12cd34@example.com",
        "see https://support.discord.com/hc/ab12-cd34?x=1",
    ],
)
def test_a_code_shaped_piece_of_a_link_or_address_is_not_a_code(note: str) -> None:
    text = (FIXTURES_DIR / "discord" / "discord_backup_codes.txt").read_text("utf-8")
    read = api.parse_text(text.rstrip("\n") + "\n" + note + "\n", "discord_backup_codes.txt")
    assert len(read.codes) == 10


def test_a_code_of_letters_alone_is_not_taken_for_a_heading(tmp_path):
    """X's one code can be twelve letters; alone on its line it once read as a heading that
    named another service, so the file was refused as holding no codes."""
    path = tmp_path / "05-twitter-backup-code.txt"
    path.write_text("jcczjjqjozzd\n")
    codes = api.read_codes(str(path))
    assert (codes.provider, codes.codes) == ("x", ("jcczjjqjozzd",))
