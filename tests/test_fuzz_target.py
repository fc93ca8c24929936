"""The atheris target in fuzz/ stays runnable: its check() accepts every fixture and a
spread of hostile bytes here, quickly, without atheris installed."""

from __future__ import annotations

import importlib.util
import random

from conftest import FIXTURES, ROOT, SAMPLES

spec = importlib.util.spec_from_file_location("fuzz_parse", ROOT / "fuzz" / "fuzz_parse.py")
fuzz_parse = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz_parse)


def test_every_fixture_and_sample_passes_the_fuzz_check():
    seeds = [p for p in [*FIXTURES.glob("*/*.txt"), *SAMPLES.glob("*.txt")]]
    assert seeds
    for seed in seeds:
        fuzz_parse.check(seed.read_bytes())


def test_hostile_bytes_pass_the_fuzz_check():
    rng = random.Random(2026)
    seeds = [p.read_bytes() for p in FIXTURES.glob("*/*.txt")]
    for _ in range(300):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):  # a few byte flips, inserts and cuts
            at = rng.randrange(len(data) + 1)
            action = rng.randrange(3)
            if action == 0 and at < len(data):
                data[at] = rng.randrange(256)
            elif action == 1:
                data[at:at] = rng.randbytes(rng.randint(1, 4))
            else:
                del data[at : at + rng.randint(1, 16)]
        fuzz_parse.check(bytes(data))
    for size in (0, 1, 2, 3, 17, 4096):
        fuzz_parse.check(rng.randbytes(size))
