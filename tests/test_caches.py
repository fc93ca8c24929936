"""What mksheet keeps in $XDG_CACHE_HOME between runs: compiled templates, parsed fonts and
the QR standard's tables. Each gives exactly what the uncached way gives, holds no code,
and costs only time when it is damaged, stale or cannot be written.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, flat, page_texts
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

from sheets import api
from sheets.render import cache, fontcache, words
from sheets.render.qr import data as qrdata
from sheets.render.qr import modules as qrmatrix
from sheets.render.qr import tables as qrtables
from sheets.render.style import BUNDLED, FONTS

SAMPLE = SAMPLES / "github-recovery-codes.txt"
FONT_FOLDER = Path(fontcache.__file__).resolve().parent.parent / "fonts"
PROBE = (
    "import sys\nfrom sheets.cli import main\nstatus = main()\n"
    "print('LOADED', sorted(m for m in ('qrcode', 'PIL.ImageDraw') if m in sys.modules), "
    "file=sys.stderr)\nsys.exit(status)"
)


def mksheet(cache: Path, source: Path, target: Path, umask: int = 0o022) -> tuple[bytes, str]:
    """One `mksheet FILE -o TARGET` as a program; the PDF and which modules it loaded."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "SOURCE_DATE_EPOCH": "1773446400"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(source), "-o", str(target), "--force"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=lambda: os.umask(umask),
    )
    assert result.returncode == 0, result.stderr
    return target.read_bytes(), result.stderr.split("LOADED ")[-1].strip()


def kept_files(cache: Path) -> list[Path]:
    return [path for path in cache.rglob("*") if path.is_file()]


def test_a_warm_run_skips_qrcode_and_prints_the_same_page(tmp_path):
    cache, source = tmp_path / "cache", tmp_path / SAMPLE.name
    source.write_bytes(SAMPLE.read_bytes())
    cold, loaded_cold = mksheet(cache, source, tmp_path / "cold.pdf")
    warm, loaded_warm = mksheet(cache, source, tmp_path / "warm.pdf")
    assert loaded_cold == "['PIL.ImageDraw', 'qrcode']"  # the first run reads qrcode's tables
    assert loaded_warm == "[]"
    assert warm == cold
    kept = kept_files(cache)
    assert {path.parent.name for path in kept} == {"templates", "fonts", "qr"}
    codes = api.read_codes(str(SAMPLE)).codes
    for path in kept:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert not any(code.encode() in path.read_bytes() for code in codes), path
    for folder in {path.parent for path in kept}:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe3" * 4096])
def test_a_damaged_cache_costs_only_time(tmp_path, damage):
    cache, source = tmp_path / "cache", tmp_path / SAMPLE.name
    source.write_bytes(SAMPLE.read_bytes())
    first, _ = mksheet(cache, source, tmp_path / "first.pdf")
    for path in kept_files(cache):
        path.write_bytes(damage)
    again, _ = mksheet(cache, source, tmp_path / "again.pdf")
    assert again == first
    rebuilt, loaded = mksheet(cache, source, tmp_path / "rebuilt.pdf")
    assert rebuilt == first and loaded == "[]"  # the damaged files were written anew


def test_an_unwritable_cache_costs_only_time(tmp_path):
    source = tmp_path / SAMPLE.name
    source.write_bytes(SAMPLE.read_bytes())
    reference, _ = mksheet(tmp_path / "cache", source, tmp_path / "reference.pdf")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    printed, _ = mksheet(blocked, source, tmp_path / "printed.pdf")
    assert printed == reference


def poison_the_code_font(cache_home: Path) -> None:
    """Rewrite the kept code font with every glyph 1.1 times as wide, key and sum valid
    (half as wide again, GitHub's codes no longer fit the page at the 20 pt floor)."""
    import marshal

    kept = cache_home / "mksheet" / "fonts" / f"{FONTS['code']}.marshal"
    saved = marshal.loads(kept.read_bytes())
    value = marshal.loads(saved["value"])
    value["face"]["charWidths"] = {k: w * 1.1 for k, w in value["face"]["charWidths"].items()}
    cache.keep(str(kept), saved["key"], value)


@pytest.mark.parametrize("opening", ["group-writable", "world-writable", "a link", "not ours"])
def test_a_value_planted_where_others_could_write_is_never_read(tmp_path, opening):
    """Kept values decide what is printed (and compiled templates run), so a value planted
    in a folder that was not this user's alone is never read, whatever its key and sum: an
    open folder of ours is closed and emptied, a link or another owner's folder not used."""
    if opening == "not ours" and os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    cache_home, source = tmp_path / "cache", tmp_path / SAMPLE.name
    source.write_bytes(SAMPLE.read_bytes())
    reference, _ = mksheet(cache_home, source, tmp_path / "reference.pdf")
    poison_the_code_font(cache_home)
    poisoned, _ = mksheet(cache_home, source, tmp_path / "poisoned.pdf")
    assert poisoned != reference  # in a private folder the planted value is used
    fonts = cache_home / "mksheet" / "fonts"
    if opening == "a link":
        (tmp_path / "elsewhere").mkdir()
        fonts.rename(tmp_path / "elsewhere" / "fonts")
        fonts.symlink_to(tmp_path / "elsewhere" / "fonts")
    elif opening == "not ours":
        os.chown(fonts, 65534, 65534)
    else:
        fonts.chmod(0o770 if opening == "group-writable" else 0o777)
    printed, _ = mksheet(cache_home, source, tmp_path / "printed.pdf")
    assert printed == reference
    if opening.endswith("writable"):
        assert stat.S_IMODE(fonts.stat().st_mode) == 0o700


def test_under_umask_002_the_cache_is_private_and_used(tmp_path):
    """makedirs gives parent folders the umask's mode (0775 under umask 002, common with
    per-user groups); those are closed, not given up on, so the second run is warm."""
    cache_home, source = tmp_path / "cache", tmp_path / SAMPLE.name
    source.write_bytes(SAMPLE.read_bytes())
    cold, _ = mksheet(cache_home, source, tmp_path / "cold.pdf", umask=0o002)
    warm, loaded = mksheet(cache_home, source, tmp_path / "warm.pdf", umask=0o002)
    assert warm == cold and loaded == "[]"
    for folder in [cache_home / "mksheet", *(cache_home / "mksheet").iterdir()]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_kept_tables_are_qrcodes_and_stale_ones_are_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    qrtables.tables.cache_clear()
    try:
        stock = qrtables.from_qrcode()
        assert qrtables.tables() == stock
        kept = tmp_path / "mksheet" / "qr" / "tables.marshal"
        assert kept.is_file()
        qrtables.tables.cache_clear()
        monkeypatch.setattr(qrtables, "from_qrcode", lambda: pytest.fail("the kept file"))
        assert qrtables.tables() == stock  # read back from the file, qrcode untouched
        qrtables.tables.cache_clear()
        monkeypatch.setattr(qrtables, "key", lambda: "another qrcode")
        monkeypatch.setattr(qrtables, "from_qrcode", lambda: {"read": "again"})
        assert qrtables.tables() == {"read": "again"}
    finally:
        qrtables.tables.cache_clear()


def font_state(font: TTFont) -> dict:
    """Everything a TTFont holds that its drawing uses, comparable across two objects."""
    face = dict(vars(font.face))
    scale = face.pop("_pdfScale")
    names = {k: (v, v.ustr) for k, v in face.items() if type(v) is TTFNameBytes}
    own = {k: v for k, v in vars(font).items() if k not in ("face", "encoding", "state")}
    return {
        "face": face,
        "names": names,
        "scale": [scale(v) for v in (0, 1, 250, 1000, 2048)],
        "font": own,
        "encoding": vars(font.encoding),
        "state": dict(font.state),
    }


@pytest.mark.parametrize("key", BUNDLED)
def test_kept_fonts_equal_parsed_ones(tmp_path, monkeypatch, key):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    name, path = FONTS[key], str(FONT_FOLDER / f"{FONTS[key]}.ttf")
    parsed = font_state(TTFont(name, path))
    assert font_state(fontcache.load(name, path)) == parsed  # parsed, then kept
    kept = tmp_path / "mksheet" / "fonts" / f"{name}.marshal"
    assert kept.is_file()
    monkeypatch.setattr(TTFont, "__init__", lambda *a: pytest.fail("the kept file"))
    assert font_state(fontcache.load(name, path)) == parsed  # read back, not parsed


def test_template_cache_holds_no_code_and_a_broken_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words._environment.cache_clear(), words._sheet_prose.cache_clear()
    try:
        codes = api.read_codes(str(SAMPLE))
        first = api.render_pdf([api.make_sheet(codes)])
        cached = list((tmp_path / "mksheet" / "templates").iterdir())
        assert cached and all(
            not any(c.encode() in f.read_bytes() for c in codes.codes) for f in cached
        )
        for f in cached:
            f.write_bytes(b"garbage")
        words._environment.cache_clear(), words._sheet_prose.cache_clear()
        second = api.render_pdf([api.make_sheet(codes)])
        assert flat(page_texts(second)[0]) == flat(page_texts(first)[0])
    finally:
        words._environment.cache_clear(), words._sheet_prose.cache_clear()


def test_kept_layouts_are_the_worked_out_ones(tmp_path, monkeypatch):
    """Every version's kept layout, read back, is what qrmatrix works out afresh."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    qrmatrix.layout.cache_clear()
    try:
        for version in range(1, 41):
            fresh = qrmatrix._plan(version)
            qrmatrix.layout(version)  # works it out and keeps it
            where = cache.path("qr", f"layout-{version}")
            assert cache.read(where, qrmatrix._source_key()) == fresh
        qrmatrix.layout.cache_clear()
        monkeypatch.setattr(qrmatrix, "_plan", lambda v: pytest.fail("the kept file"))
        assert qrmatrix.build(3, qrdata.LEVELS["M"], list(range(70)))  # read back, not worked out
    finally:
        qrmatrix.layout.cache_clear()


def test_a_kept_value_damaged_on_disk_is_never_used(tmp_path):
    where = str(tmp_path / "value.marshal")
    cache.keep(where, "key", [1, 2, 3] * 100)
    assert cache.read(where, "key") == [1, 2, 3] * 100
    assert cache.read(where, "another key") is None
    data = bytearray(Path(where).read_bytes())
    for offset in range(len(data) - 200, len(data), 37):  # inside the value, not the key
        damaged = data.copy()
        damaged[offset] ^= 0x01
        Path(where).write_bytes(damaged)
        assert cache.read(where, "key") is None, offset
