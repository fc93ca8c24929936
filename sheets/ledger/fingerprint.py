"""Fingerprints of whole code sets that never let anyone check a guess of the codes.

The ledger must know a code set again (another copy of the same sheet, or codes a newer sheet
replaced) without holding a code. It keeps a keyed hash of the whole, sorted set; but the key
lies beside the ledger, so whoever reads the state folder can test guesses against it. What
that costs the guesser depends on how many sets the provider could have issued, so the
fingerprint is chosen by the set's entropy (estimated generously, as the attacker would: the
smallest usual alphabet that holds every character, or 11 bits per word of a phrase):

- 64 bits or more: `hmac-sha256:HEX`, keyed with ledger.key (the format of every earlier
  ledger). Trying 2^64 sets takes tens of thousands of years on one core.
- fewer, but at least FLOOR_BITS: `pbkdf2-sha256:N:HEX`, PBKDF2-HMAC-SHA256 of the same text
  salted with ledger.key, with N iterations chosen so that trying every possible set takes
  over a year on one core running ATTACKER_RATE iterations a second (a generous figure:
  several times what this machine manages). Iterations never go below MIN_ITERATIONS.
- fewer than FLOOR_BITS (one 6-digit code is 20 bits): a year of guessing would cost each
  run of mksheet too long, so no fingerprint is kept at all: `none:RANDOM`, unique to the
  sheet and matching nothing. The ledger then cannot tell a reprint of such a set from a
  new one, and treats every print as a new sheet that supersedes the last.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
import string

from sheets.model import Job

STRONG_BITS = 64  # from here on a keyed hash is enough
YEAR = 365 * 24 * 3600
ATTACKER_RATE = 3e7  # PBKDF2-SHA256 iterations per second on one well-optimised core
MAX_ITERATIONS = 1_000_000  # about a second of this run's time: the most one set may cost
MIN_ITERATIONS = 1_000
FLOOR_BITS = math.log2(YEAR * ATTACKER_RATE / MAX_ITERATIONS)  # about 29.8 bits
WORD_BITS = 11  # a word from a 2,048-word list
ALPHABETS = (
    string.digits,
    string.digits + "abcdef",
    string.ascii_lowercase,
    string.digits + string.ascii_lowercase,
)


def of(key: bytes, job: Job) -> str:
    """The fingerprint to record for this job's code set or export (see the module docstring
    for which)."""
    bits = entropy(job.secrets)
    if bits >= STRONG_BITS:
        return "hmac-sha256:" + hmac.new(key, _canon(job), hashlib.sha256).hexdigest()
    if bits >= FLOOR_BITS:
        rounds = iterations(bits)
        digest = hashlib.pbkdf2_hmac("sha256", _canon(job), key, rounds).hex()
        return f"pbkdf2-sha256:{rounds}:{digest}"
    return "none:" + secrets.token_hex(16)


def matches(key: bytes, job: Job, recorded: str) -> bool | None:
    """Whether the job's codes are the set recorded; None when no fingerprint was kept."""
    kind, _, rest = recorded.partition(":")
    if kind == "none":
        return None
    if kind == "pbkdf2-sha256":
        rounds, _, digest = rest.partition(":")
        if not rounds.isdigit() or not 0 < int(rounds) <= 10 * MAX_ITERATIONS:
            return False  # not a value mksheet writes: refuse to spend time on it
        mine = hashlib.pbkdf2_hmac("sha256", _canon(job), key, int(rounds)).hex()
        return hmac.compare_digest(mine, digest)
    mine = "hmac-sha256:" + hmac.new(key, _canon(job), hashlib.sha256).hexdigest()
    return hmac.compare_digest(mine, recorded)


def iterations(bits: float) -> int:
    """PBKDF2 iterations that make guessing every set of this entropy take a year."""
    return max(MIN_ITERATIONS, math.ceil(YEAR * ATTACKER_RATE / 2**bits))


def entropy(secrets: tuple[str, ...]) -> float:
    """Bits of the set, as a guesser who knows the format would count them (generously)."""
    loose = {_loose(code) for code in secrets} - {""}
    words = [code.split() for code in secrets]
    if words and all(len(w) > 1 and all(p.isalpha() for p in w) for w in words):
        return WORD_BITS * sum(len(w) for w in {tuple(w) for w in words})
    chars = set("".join(loose))
    size = next((len(a) for a in ALPHABETS if chars <= set(a)), 62)
    return sum(len(code) for code in loose) * math.log2(size)


def _loose(code: str) -> str:
    return "".join(ch for ch in code.casefold() if ch.isalnum())


def _canon(job: Job) -> bytes:
    """The sorted set, spelling-blind (case, spaces, dashes), with its provider and kind."""
    loose = sorted(_loose(code) for code in job.secrets)
    return json.dumps(
        [job.provider, job.kind, loose], ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
