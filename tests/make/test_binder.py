"""`mksheet binder`: a household's sheets in one PDF, read back without trusting the drawer.

A family of three is built from tests/fixtures. Every code must be in its sheet's text and
in the QR code zxing decodes from a 150 dpi raster of that page; the cover, contents,
storage and access-log pages and the metadata must name everyone and hold no code.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import stat

import pypdf
import pytest
from conftest import (
    FIXTURES,
    SAMPLES,
    count_printed,
    flat,
    page_texts,
    payload_codes,
    qr_payloads,
    raster,
    run_cli,
)

from sheets import api
from sheets.make.binder import book
from sheets.make.binder import spec as binder
from sheets.render import compose
from sheets.render.items import Text

EPOCH = {"SOURCE_DATE_EPOCH": "1773446400"}
FAMILY = {
    "Jordan Rivera": [
        ("github", "github-recovery-codes.txt"),
        ("google", "Backup-codes-jordan.rivera.txt"),
    ],
    "Sam Rivera": [
        ("discord", "discord_backup_codes-with-used-codes.txt"),
        ("login-gov", "personal_key.txt"),
    ],
    "Alex Rivera": [("login-gov", "backup_codes.txt")],
}
ORDER = sorted(FAMILY)  # a folder's people come in name order


def expected(provider: str, name: str) -> dict:
    entries = json.loads((FIXTURES / provider / "expected.json").read_text("utf-8"))
    return next(entry for entry in entries if entry["file"] == name)


ALL_CODES = [
    code
    for files in FAMILY.values()
    for provider, name in files
    for code in expected(provider, name)["codes"]
]


def make_family(root) -> str:
    """FAMILY/<person>/<their downloads>, copied from tests/fixtures."""
    folder = root / "Rivera"
    for person, files in FAMILY.items():
        (folder / person).mkdir(parents=True)
        for provider, name in files:
            shutil.copy(FIXTURES / provider / name, folder / person / name)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One binder made through the command line, as a user would, in duplex.

    Module-scoped, so made before conftest points XDG_STATE_HOME away: its own --state-dir.
    """
    root = tmp_path_factory.mktemp("binder")
    family = make_family(root)
    result = run_cli(
        "binder", str(family), "--duplex", "--state-dir", str(root / "state"), cwd=root, env=EPOCH
    )
    assert result.returncode == 0, result.stderr.decode()
    target = root / "Rivera-binder.pdf"
    return family, target, target.read_bytes(), result


def sheet_pages(texts: list[str]) -> dict[str, int]:
    """Page index of each account's sheet, found by the first code printed on it."""
    found = {}
    for files in FAMILY.values():
        for provider, name in files:
            first = expected(provider, name)["codes"][0]
            pages = [i for i, text in enumerate(texts) if count_printed(first, text)]
            assert len(pages) == 1, f"{name}: its first code is on pages {pages}"
            found[name] = pages[0]
    return found


def test_default_output_is_private_and_in_the_current_folder(built):
    _family, target, pdf, result = built
    assert result.stdout.decode().strip() == "Rivera-binder.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert pdf.startswith(b"%PDF")
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".mksheet-")]


def test_every_code_is_on_its_sheet_and_in_its_qr(built):
    _, _, pdf, _ = built
    texts = page_texts(pdf)
    pages = sheet_pages(texts)
    for person, files in FAMILY.items():
        for provider, name in files:
            want = expected(provider, name)
            page = pages[name]
            folded = flat(texts[page])
            assert all(count_printed(code, folded) == 1 for code in want["codes"]), name
            assert person in folded, f"{name}: owner not printed"
            assert f"page {page + 1} of {len(texts)}" in folded
            found = qr_payloads(raster(pdf, dpi=150, page=page))  # every part of the sheet
            assert payload_codes(*found) == want["codes"], name
            assert any(f"Owner: {person}" in part for part in found)


def test_cover_and_contents_name_everyone_and_hold_no_code(built):
    _, _, pdf, _ = built
    texts = [flat(t) for t in page_texts(pdf)]
    cover, contents = texts[0], texts[2]  # duplex: the cover's back is blank
    assert "Confidential: keep in a fireproof box" in cover
    assert "2026-03-14" in cover and "3 people" in cover and "5 accounts" in cover
    storage = next(i for i, t in enumerate(texts) if t.startswith("Storage and handling"))
    assert f'Storage and handling" on page {storage + 1}' in cover
    for person in FAMILY:
        assert person in cover and person in contents
    own = [i for i, t in enumerate(texts) if i not in sheet_pages(page_texts(pdf)).values()]
    for i in own:
        assert not [c for c in ALL_CODES if count_printed(c, texts[i])], f"a code on page {i + 1}"


def test_contents_gives_each_sheet_its_page(built):
    _, _, pdf, _ = built
    texts = page_texts(pdf)
    contents = flat(texts[2])
    pages = sheet_pages(texts)
    github, google = pages["github-recovery-codes.txt"], pages["Backup-codes-jordan.rivera.txt"]
    # GitHub's file names no account: its cell is a line to write on, not words
    assert re.search(rf"GitHub recovery codes 16 {github + 1}\b", contents)
    assert "not in the file" not in contents
    assert re.search(rf"Google backup codes jordan.rivera@example.com 10 {google + 1}\b", contents)
    assert re.search(r"Discord backup codes \S+ 10 \(2 used\) \d+", contents)
    people = [contents.index(person) for person in ORDER]
    assert people == sorted(people)
    # each person's sheets by service name, and their pages in that order too (issue 25)
    sam = contents[contents.index("Sam Rivera") :]
    assert contents.index("GitHub") < contents.index("Google")
    assert sam.index("Discord") < sam.index("Login.gov")
    assert (
        github < google
        and pages["discord_backup_codes-with-used-codes.txt"] < pages["personal_key.txt"]
    )


def test_duplex_gives_every_sheet_a_leaf_of_its_own(built):
    _, _, pdf, _ = built
    texts = page_texts(pdf)
    assert len(texts) % 2 == 0
    for page in sheet_pages(texts).values():
        assert page % 2 == 0, "a sheet starts on a back"
        assert "left blank" in texts[page + 1]
    assert sum("left blank" in t for t in texts) == len(texts) - 2 - 5 - 2


def test_metadata_and_every_output_channel_hold_no_code(built):
    _, _, pdf, result = built
    info = pypdf.PdfReader(__import__("io").BytesIO(pdf)).metadata
    assert info.title == "Recovery binder: Rivera"
    channels = [str(dict(info)), result.stdout.decode(), result.stderr.decode()]
    assert not [code for code in ALL_CODES for text in channels if code in text]
    assert "mksheet: reading" not in result.stderr.decode()  # no progress bar when not a terminal


def test_same_inputs_ledger_and_clock_give_the_same_bytes(built, tmp_path):
    family, target, _, _ = built
    made = []
    for name in ("one", "two"):  # each from a copy of the same ledger
        shutil.copytree(target.parent / "state", tmp_path / name)
        again = tmp_path / f"{name}.pdf"
        assert (
            run_cli(
                "binder",
                str(family),
                "--duplex",
                "--state-dir",
                str(tmp_path / name),
                "-o",
                str(again),
                env=EPOCH,
            ).returncode
            == 0
        )
        made.append(again.read_bytes())
    assert made[0] == made[1]


def test_a_bad_file_stops_the_build_and_lists_every_problem(tmp_path):
    family = make_family(tmp_path)
    (family / "Sam Rivera" / "shopping-list.txt").write_text("milk\neggs\n")
    (family / "Alex Rivera" / "empty.txt").write_bytes(b"")
    (family / "loose-codes.txt").write_text("e91c7-a688c\n")
    before = sorted(os.listdir(tmp_path))
    result = run_cli("binder", str(family), cwd=tmp_path, env=EPOCH)
    assert result.returncode == 1
    assert sorted(os.listdir(tmp_path)) == before  # nothing written, no temp file left
    err = result.stderr.decode()
    for name in ("shopping-list.txt", "empty.txt", "loose-codes.txt"):
        assert name in err
    assert "3 problems" in err and "nothing was written" in err and "--keep-going" in err
    assert not [code for code in ALL_CODES if code in err]


def test_keep_going_leaves_bad_files_out_and_says_so(tmp_path):
    family = make_family(tmp_path)
    (family / "Sam Rivera" / "shopping-list.txt").write_text("milk\neggs\n")
    target = tmp_path / "out.pdf"
    result = run_cli("binder", str(family), "--keep-going", "-o", str(target), env=EPOCH)
    assert result.returncode == 0, result.stderr.decode()
    assert "shopping-list.txt: left out" in result.stderr.decode()
    texts = [flat(t) for t in page_texts(target.read_bytes())]
    assert "Files and folders left out" in texts[1] and "shopping-list.txt" in texts[1]
    assert all(any(count_printed(code, t) for t in texts) for code in ALL_CODES)
    assert not any("left blank" in t for t in texts)  # no duplex: no blank backs


def test_manifest_sets_title_order_note_and_overrides(tmp_path):
    family = make_family(tmp_path)
    manifest = family / "binder.toml"
    manifest.write_text(
        'title = "Rivera family recovery codes"\nhousehold = "The Riveras, 12 Elm Street"\n'
        'note = "Only Sam or Alex may open the box."\n\n'
        '[[people]]\nname = "Sam Rivera"\nfiles = [\n'
        '  { file = "Sam Rivera/personal_key.txt", provider = "login-gov", '
        'account = "sam@example.com" },\n]\n\n'
        '[[people]]\nname = "Jordan Rivera"\nfiles = ["Jordan Rivera/github-recovery-codes.txt"]\n',
        "utf-8",
    )
    result = run_cli("binder", str(manifest), cwd=tmp_path, env=EPOCH)
    assert result.returncode == 0, result.stderr.decode()
    pdf = (tmp_path / "Rivera family recovery codes-binder.pdf").read_bytes()  # its title
    texts = [flat(t) for t in page_texts(pdf)]
    cover, contents = texts[0], texts[1]
    assert cover.startswith("Rivera family recovery codes The Riveras, 12 Elm Street")
    assert "Only Sam or Alex may open the box." in cover and "Only Sam or Alex" in texts[-2]
    assert contents.index("Sam Rivera") < contents.index("Jordan Rivera")
    assert "Alex Rivera" not in contents
    assert "Login.gov personal key sam@example.com 1" in contents
    assert "Account: sam@example.com" in texts[2] and "Sam Rivera" in texts[2]  # running head
    assert (
        pypdf.PdfReader(io.BytesIO(pdf)).metadata.title
        == "Recovery binder: The Riveras, 12 Elm Street"
    )


def test_a_folder_with_a_manifest_uses_it(tmp_path):
    family = make_family(tmp_path)
    (family / "binder.toml").write_text(
        '[[people]]\nname = "Alex Rivera"\nfiles = ["Alex Rivera/backup_codes.txt"]\n'
    )
    spec = binder.load(str(family))
    assert spec.people == ("Alex Rivera",) and spec.household == "Rivera"
    assert binder.default_target(spec) == "Rivera-binder.pdf"


@pytest.mark.parametrize(
    "text,problem",
    [
        ("people = 3\n", "people must be a list"),
        ('[[people]]\nname = "A"\nfiles = ["x"]\ncolour = "red"\n', "unknown key colour"),
        ('title = "x\n', "is not valid TOML (at line 1"),
        ('[[people]]\nfiles = ["x"]\n', "person 1 has no name"),
        ('title = "no people"\n', "names no people"),
    ],
)
def test_manifest_mistakes_are_one_clear_line(tmp_path, text, problem):
    manifest = tmp_path / "binder.toml"
    manifest.write_text(text)
    result = run_cli("binder", str(manifest), cwd=tmp_path)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert problem in err and err.count("\n") == 1, err
    assert not list(tmp_path.glob("*.pdf"))


def test_discovery_skips_hidden_files_and_sheets_already_made(tmp_path):
    family = make_family(tmp_path)
    (family / "Alex Rivera" / ".DS_Store").write_bytes(b"\0")
    (family / "Alex Rivera" / "backup_codes.pdf").write_bytes(b"%PDF-1.4")
    (family / ".hidden").mkdir()
    spec = binder.discover(str(family))
    assert spec.people == tuple(ORDER) and not spec.problems
    assert [os.path.basename(e.path) for e in spec.entries if e.person == "Alex Rivera"] == [
        "backup_codes.txt"
    ]
    assert sorted(os.path.basename(p.file) for p in spec.left_out) == [
        ".DS_Store",
        ".hidden",
        "backup_codes.pdf",
    ]


# -- nobody left out silently -------------------------------------------------------------------
def odd_family(tmp_path):
    """The Riveras, with what editors, systems and people leave beside the downloads."""
    family = make_family(tmp_path)
    (family / "~Grandma").mkdir()  # a person's folder, named unluckily
    shutil.copy(SAMPLES / "github-recovery-codes.txt", family / "~Grandma" / "codes.txt")
    (family / "Sam Rivera" / "~slack-backup-codes.txt").write_text("a1b2c3d4e5\n")
    (family / "Sam Rivera" / "~$codes.docx").write_bytes(b"lock")  # Word's owner file
    (family / "Sam Rivera" / "personal_key.txt~").write_text("old codes\n")  # an editor's backup
    (family / "Alex Rivera" / ".DS_Store").write_bytes(b"\0")
    (family / "Alex Rivera" / ".old").mkdir()
    (family / "Alex Rivera" / ".old" / "codes.txt").write_text("e91c7-a688c\n")
    (family / "Alex Rivera" / "bank-codes.pdf").write_bytes(b"%PDF-1.4")
    return family


REASONS = {
    "~Grandma": "~",
    "~slack-backup-codes.txt": "~",
    "~$codes.docx": "~",
    "personal_key.txt~": "~",
    ".DS_Store": "hidden",
    ".old": "hidden",
    "bank-codes.pdf": "PDF",
}


def test_every_file_and_folder_is_in_the_binder_or_left_out_with_a_reason(tmp_path):
    family = odd_family(tmp_path)
    spec = binder.discover(str(family))
    left = {os.path.basename(p.file): p for p in spec.left_out}
    assert sorted(left) == sorted(REASONS) and not spec.problems
    for name, word in REASONS.items():
        assert word in left[name].problem and left[name].hint, left[name]
    taken = {e.path for e in spec.entries} | {p.file for p in spec.left_out}
    for top, folders, files in os.walk(family):
        for name in folders + files:
            path = os.path.join(top, name)
            covered = any(path == t or path.startswith(t + os.sep) for t in taken)
            assert covered or name in spec.people, f"{path} is neither in nor left out"


def test_a_folder_that_cannot_be_read_is_a_problem_not_the_end(tmp_path, monkeypatch):
    family = make_family(tmp_path)
    locked = family / "Sam Rivera" / "old"
    locked.mkdir()
    real = os.listdir
    monkeypatch.setattr(
        binder.os,
        "listdir",
        lambda path: (
            (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
            if path == str(locked)
            else real(path)
        ),
    )  # root reads any folder: the refusal is made here
    spec = binder.discover(str(family))
    (problem,) = spec.problems
    assert problem.file == str(locked) and "cannot be read (Permission denied)" in problem.problem
    assert len(spec.entries) == 5


def test_the_binder_says_what_it_left_out_on_stderr_and_on_its_contents(tmp_path):
    family = odd_family(tmp_path)
    target = tmp_path / "out.pdf"
    result = run_cli("binder", str(family), "-o", str(target), env=EPOCH)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    contents = flat(page_texts(target.read_bytes())[1])
    for name in REASONS:
        lines = [line for line in err.splitlines() if f"{name}: left out" in line]
        assert len(lines) == 1, (name, err)
        assert name in contents, name
    assert "Files and folders left out" in contents


def test_page_order_with_and_without_duplex():
    counts = {"cover": 1, "contents": 2, "storage": 1, "log": 1}
    plain = book.sequence(counts, 3, duplex=False)
    assert [kind for kind, _ in plain] == [
        "cover",
        "contents",
        "contents",
        "sheet",
        "sheet",
        "sheet",
        "storage",
        "log",
    ]
    duplex = book.sequence(counts, 3, duplex=True)
    assert [kind for kind, _ in duplex] == [
        "cover",
        "blank",
        "contents",
        "contents",
        "sheet",
        "blank",
        "sheet",
        "blank",
        "sheet",
        "blank",
        "storage",
        "blank",
        "log",
        "blank",
    ]


def test_a_long_contents_flows_onto_more_pages(tmp_path):
    folder = tmp_path / "Big"
    source = FIXTURES / "login-gov" / "backup_codes.txt"
    for person in range(12):
        (folder / f"Person {person:02d}").mkdir(parents=True)
        for account in range(6):
            shutil.copy(source, folder / f"Person {person:02d}" / f"backup_codes-{account}.txt")
    target = tmp_path / "big.pdf"
    assert run_cli("binder", str(folder), "-o", str(target), env=EPOCH).returncode == 0
    texts = [flat(t) for t in page_texts(target.read_bytes())]
    contents = [t for t in texts if t.startswith("Contents")]
    assert len(contents) >= 2 and texts[1 : 1 + len(contents)] == contents
    assert len(texts) == 1 + len(contents) + 72 + 2
    assert all(text.startswith("Contents (continued)") for text in contents[1:])
    assert f"Access log {len(texts)}" in contents[-1]
    assert f"page {len(texts)} of {len(texts)}" in texts[-1]
    assert "(continued)" in " ".join(contents[1:]).replace("Contents (continued)", "")


def test_contents_lists_each_sheets_serial_as_printed_on_its_page(built):
    """Ticking the contents means finding each sheet by its serial: the same one its page shows."""
    _, _, pdf, _ = built
    texts = page_texts(pdf)
    contents = flat(texts[2])
    for name, index in sheet_pages(texts).items():
        serial = re.search(r"sheet ([A-Z0-9]{2}-[A-Z0-9]{4})", flat(texts[index]))
        assert serial, f"{name}: its page shows no serial"
        assert serial.group(1) in contents, f"{name}: serial {serial.group(1)} not in contents"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_sample_that_fits_alone_fits_its_binder_page_after_new_codes(paper):
    """The binder lays a sheet out twice: first alone, to choose its style, then with its
    running head and "page n of N" from that style. The second must never fail (it ran
    while drawing, after the binder had been accepted), and every sample keeps its running
    head (issue 25: the owner's name at the top of every binder page), which takes the
    place of the owner's line under the title."""
    measure, owner, label = compose.measurer(), "Sam Rivera", "page 118 of 1012"
    for path in sorted(SAMPLES.glob("*.txt")):
        sheet = api.make_sheet(
            api.read_codes(str(path)),
            owner=owner,
            serial="NP-V2BV",
            printed="2026-12-02",
            replaces="NP-HVK4 printed 2026-03-14",
        )
        _, style = compose.fit(sheet, paper, measure)
        binder_page = dataclasses.replace(sheet, page_label=label)
        plan = compose.page(binder_page, paper, measure, None, style)
        texts = [item.text for item in plan.items if isinstance(item, Text)]
        assert label in texts and owner in texts, path.name  # the head: the name alone
        assert f"Owner: {owner}" not in texts, path.name
