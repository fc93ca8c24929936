"""Proton recovery phrase and two-factor recovery codes.

Format (read in ProtonMail/WebClients, MnemonicPhraseStep*.tsx and EnableTOTPModal.tsx):
`proton_recovery_phrase.txt` holds 12 BIP-39 English words on one line, no newline;
`proton_recovery_codes.txt` holds the server's codes joined with CRLF. Their count (16)
and shape (8 lower-case hex) are guesses (see docs/providers.md, "Proton"). People keep
the two together: the phrase beside the codes is printed in a block of its own on the codes'
sheet.
"""

import re
from dataclasses import replace

from sheets.model import CodeSet
from sheets.read.normalise import Reading, Source, hex_codes, labelled, unlabelled_phrase
from sheets.read.providers import Kind, Provider, one_kind, settle

CODES = replace(
    hex_codes(8, 16), label=labelled("recovery codes", "two-factor recovery codes", "2fa codes")
)
OWN = (re.compile(r"(?i:(?:my |your |the )?(?:two-factor )?recovery (?:codes|phrase)\s*:?)"),)
_PHRASE = re.compile(r"[a-zA-Z]{3,8}(?: [a-zA-Z]{3,8}){11}")
_WORD = re.compile(r"[a-zA-Z]{3,8}")
# Twelve words are not distinctive (any BIP-39 wallet): below detect.THRESHOLD without
# the file name, so a renamed phrase goes to the generic reader, which says so.
PHRASE_SCORE = 0.25


def score(source: Source) -> float:
    """A list of 8-hex codes, or one 12-word phrase (weak without the file name)."""
    return max(CODES.score(source), PHRASE_SCORE if _phrase(source).codes else 0.0)


def parse(source: Source) -> CodeSet:
    """The phrase or the codes, whichever the file holds."""
    phrase = _phrase(source)
    rows = set(phrase.rows)
    codes = source.reading(CODES, lambda line: line.row in rows)
    kind, reading, second = one_kind(source, {"backup-codes": codes, "recovery-phrase": phrase})
    return settle(source, "proton", kind, reading, second)


def _phrase(source: Source) -> Reading:
    """Lines of 12 words, or 12 lines of one word each (a typed, numbered list)."""
    phrases, rows = [], []
    for line in source.lines:
        words = unlabelled_phrase(line.text).split()
        if len(words) == 12 and _PHRASE.fullmatch(" ".join(words)):
            phrases.append(" ".join(words).lower())
            rows.append(line.row)
    single = [line for line in source.lines if _WORD.fullmatch(line.text)]
    if not phrases and len(single) == 12 == len(source.lines):
        phrases = [" ".join(line.text for line in single).lower()]
        rows = [line.row for line in single]
    return Reading(
        tuple(phrases),
        (None,) * len(phrases),
        (None,) * len(phrases),
        tuple(rows),
        (),
        len(source.lines),
    )


_ACCOUNT = "https://account.proton.me/u/0/"
PROVIDER = Provider(
    key="proton",
    prefix="PR",
    name="Proton",
    kinds=(
        Kind(
            "backup-codes",
            "two-factor recovery codes",
            16,
            use="Sign in at https://account.proton.me/login; at the two-factor prompt "
            'choose "Use recovery code".',
            regenerate=_ACCOUNT + "mail/account-password > Two-factor authentication "
            "(turn the authenticator off and on again for a new set).",
            alphabet="0123456789abcdef",
        ),
        Kind(
            "recovery-phrase",
            "recovery phrase",
            1,
            use="https://account.proton.me/reset-password > recovery phrase: resets the "
            "password and keeps access to your encrypted data.",
            regenerate=_ACCOUNT + 'mail/recovery > Recovery phrase > "Generate new '
            'recovery phrase" (the old one stops working).',
            one_time=False,
            needs_password=False,
            alphabet="abcdefghijklmnopqrstuvwxyz ",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("proton_recovery_phrase.txt", "proton_recovery_codes.txt"),
    name_words=("proton",),
    confidence="M",
    own=OWN,
)
