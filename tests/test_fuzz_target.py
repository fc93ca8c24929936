"""The atheris targets in fuzz/ stay runnable: their check() accepts every fixture and a
spread of hostile bytes here, quickly, without atheris installed."""

from __future__ import annotations

import importlib.util
import os
import random

import pytest
from conftest import AUTHENTICATORS, FIXTURES, ROOT, SAMPLES

from sheets.errors import SheetsError


def target(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "fuzz" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz_parse, fuzz_exports = target("fuzz_parse"), target("fuzz_exports")
EXPORTS = sorted(p for p in AUTHENTICATORS.glob("*/*") if p.is_file())


def mutated(rng: random.Random, data: bytes) -> bytes:
    """A few byte flips, inserts and cuts."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data) + 1)
        action = rng.randrange(3)
        if action == 0 and at < len(data):
            data[at] = rng.randrange(256)
        elif action == 1:
            data[at:at] = rng.randbytes(rng.randint(1, 4))
        else:
            del data[at : at + rng.randint(1, 16)]
    return bytes(data)


def test_every_fixture_and_sample_passes_the_fuzz_check():
    seeds = [p for p in [*FIXTURES.glob("*/*.txt"), *SAMPLES.glob("*.txt")]]
    assert seeds
    for seed in seeds:
        fuzz_parse.check(seed.read_bytes())


def test_hostile_bytes_pass_the_fuzz_check():
    rng = random.Random(2026)
    seeds = [p.read_bytes() for p in FIXTURES.glob("*/*.txt")]
    for _ in range(300):
        fuzz_parse.check(mutated(rng, rng.choice(seeds)))
    for size in (0, 1, 2, 3, 17, 4096):
        fuzz_parse.check(rng.randbytes(size))


def test_every_export_fixture_passes_the_export_check():
    """Plain fixtures read to entries that come back unchanged from their card's and restore
    page's QR texts; encrypted ones stop cleanly at the missing password."""
    read = 0
    for path in EXPORTS:
        fuzz_exports.check(path.read_bytes())
        try:
            read += bool(fuzz_exports.parse_export(path.name, path.read_bytes(), None, "x"))
        except SheetsError:
            pass
    assert read >= 6  # the plain fixtures really reached the round trip


def test_the_export_check_fails_when_a_qr_text_changes_an_entry(monkeypatch):
    from sheets.read.authenticators import otpauth

    monkeypatch.setattr(otpauth, "uri", lambda e: f"otpauth://totp/x?secret={e.secret}")
    with pytest.raises(AssertionError, match="card"):
        fuzz_exports.check(b"otpauth://totp/Example:jo?secret=JBSWY3DPEHPK3PXP\n")


def test_the_export_check_makes_each_card_symbol():
    """A key too long for any QR code reads as an entry; its card must be one line."""
    line = f"otpauth://totp/Example:jo?secret={'AB' * 2400}\n".encode()
    fuzz_exports.check(line)  # a LayoutError: the expected answer


def test_hostile_exports_pass_the_export_check():
    rng = random.Random(2026)
    seeds = [p.read_bytes() for p in EXPORTS]
    for _ in range(500):
        fuzz_exports.check(mutated(rng, rng.choice(seeds)))
    for size in (0, 1, 2, 3, 17, 4096):
        fuzz_exports.check(rng.randbytes(size))


def fuzz_commands() -> list[list[str]]:
    """Each `python fuzz/...` command of fuzz/README.md and of the targets' docstrings."""
    import re
    import shlex

    texts = [(ROOT / "fuzz" / "README.md").read_text("utf-8")]
    texts += [m.__doc__ or "" for m in (fuzz_parse, fuzz_exports)]
    lines = [re.sub(r"\\\s*\n\s*", " ", text) for text in texts]  # join continued lines
    return [
        shlex.split(line.strip())
        for text in lines
        for line in text.splitlines()
        if line.strip().startswith("python fuzz/")
    ]


def test_the_documented_fuzz_commands_seed_from_folders_only():
    """libFuzzer takes every argument after the first as a corpus folder and stops at a file
    ("Not a directory: .../expected.json; exiting"): the globs must match folders only."""
    import glob

    commands = fuzz_commands()
    assert len(commands) >= 4  # README and docstring, of both targets
    for command in commands:
        script, _corpus, *seeds = [word for word in command[1:] if not word.startswith("-")]
        assert (ROOT / script).is_file()
        paths = [p for seed in seeds for p in sorted(glob.glob(os.path.join(ROOT, seed)))]
        assert paths, command
        assert all(os.path.isdir(path) for path in paths), (command, paths)
