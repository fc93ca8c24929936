"""Proton recovery phrase and two-factor recovery codes.

Format (read in ProtonMail/WebClients, MnemonicPhraseStep*.tsx and EnableTOTPModal.tsx):
`proton_recovery_phrase.txt` holds 12 BIP-39 English words on one line, no newline;
`proton_recovery_codes.txt` holds the server's codes joined with CRLF. Their count (16)
and shape (8 lower-case hex) are guesses (see shared/providers.md, "Proton").
"""

import re

from sheets.normalise import Source, hex_codes
from sheets.providers import Found, Kind, Provider

CODES = hex_codes(8, 16)
_PHRASE = re.compile(r"[a-z]{3,8}(?: [a-z]{3,8}){11}", re.I)
_WORD = re.compile(r"[a-z]{3,8}", re.I)
# Twelve words are not distinctive (any BIP-39 wallet): below detect.THRESHOLD without
# the file name, so a renamed phrase goes to the generic reader, which says so.
PHRASE_SCORE = 0.25


def score(source: Source) -> float:
    """A list of 8-hex codes, or one 12-word phrase (weak without the file name)."""
    return max(CODES.score(source.lines), PHRASE_SCORE if _phrase(source) else 0.0)


def parse(source: Source) -> Found:
    """The phrase when the file holds one, else the codes."""
    phrase = _phrase(source)
    if phrase and not CODES.codes(source.lines):
        return Found("recovery-phrase", (phrase,))
    return Found("backup-codes", tuple(CODES.canonical(line.text)
                                       for line in CODES.codes(source.lines)))


def _phrase(source: Source) -> str | None:
    """One line of 12 words, or 12 lines of one word each (a typed, numbered list)."""
    words = [line.text for line in source.lines]
    if len(words) == 1 and _PHRASE.fullmatch(" ".join(words[0].split())):
        return " ".join(words[0].split()).lower()
    if len(words) == 12 and all(_WORD.fullmatch(word) for word in words):
        return " ".join(words).lower()
    return None


_ACCOUNT = "https://account.proton.me/u/0/"
PROVIDER = Provider(
    key="proton",
    prefix="PR",
    name="Proton",
    kinds=(
        Kind("backup-codes", "two-factor recovery codes", 16,
             use="Sign in at https://account.proton.me/login; at the two-factor prompt "
                 "choose \"Use recovery code\".",
             regenerate=_ACCOUNT + "mail/account-password > Two-factor authentication "
                        "(turn the authenticator off and on again for a new set).",
             alphabet="0123456789abcdef"),
        Kind("recovery-phrase", "recovery phrase", 1,
             use="https://account.proton.me/reset-password > recovery phrase: resets the "
                 "password and keeps access to your encrypted data.",
             regenerate=_ACCOUNT + "mail/recovery > Recovery phrase > \"Generate new "
                        "recovery phrase\" (the old one stops working).",
             one_time=False,
             alphabet="abcdefghijklmnopqrstuvwxyz "),
    ),
    score=score,
    parse=parse,
    filenames=("proton_recovery_phrase.txt", "proton_recovery_codes.txt"),
    name_words=("proton",),
    confidence="M",
)
