"""Mozilla (Firefox) account backup authentication codes and account recovery key.

Format (read in mozilla/fxa: fxa-settings ButtonDownloadRecoveryKey, GetDataTrio, the
`recovery-key-file-*` strings; see docs/providers.md, "Mozilla"): `<email> Backup
authentication codes.txt` holds 8 codes of 10 lower-case characters (alphabet recalled), CRLF;
the 2023 `Firefox-Recovery-Key_<date>_<email>.txt` holds a heading, `Key: <32 Crockford
characters>`, the account and the date. A key people paste below their codes
(`Account recovery key: ...`) is printed in a block of its own on the codes' sheet."""

import re

from sheets.model import CodeSet
from sheets.read.normalise import EMAIL, Shape, Source, find_email, iso_date
from sheets.read.providers import Kind, Provider, one_kind, settle

CODES = Shape(re.compile(r"[a-z0-9]{10}"), 8)  # case kept: Mozilla says nothing of it
_CROCKFORD = "0-9A-HJKMNP-TV-Za-hjkmnp-tv-z"
KEY = Shape(
    re.compile(f"(?:[{_CROCKFORD}]{{4}}[ -]?){{7}}[{_CROCKFORD}]{{4}}", re.ASCII),
    1,
    "upper",
    (4,) * 8,
    " ",
    label=re.compile(
        r"\W{0,3}Key:[ \t]*|(?i:(?:my |your |the )?(?:firefox |mozilla )?"
        r"(?:account )?recovery key[ \t]*[:=-]?[ \t]*)",
        re.ASCII,
    ),
)
# The 2023 key file's lines (English; earlier wording and other languages are printed as
# written), and a label line people put above the codes or the key.
OWN = tuple(
    re.compile(text, re.ASCII)
    for text in (
        r"SAVE YOUR ACCOUNT RECOVERY KEY",
        r"Store this file containing your account recovery key in a place you(?:'|\u2019)ll "
        r"remember\. Or print it and keep a physical copy\. Your account recovery key can "
        r"help you recover Firefox data if you forget your password\.",
        rf"(?:Firefox|Mozilla) account: (?P<account>{EMAIL.pattern})",
        r"Key generated: (?P<date>[0-9/.-]{8,10})",
        r"Learn more about your account recovery key: https://mzl\.la/3bNrM1I",
        r"(?i:(?:my |your |the )?(?:backup authentication codes|(?:account )?recovery key):?)",
    )
)
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", re.ASCII)


def score(source: Source) -> float:
    """The recovery-key heading and `Key:` line, or a list of 10-character codes."""
    keyed = 0.45 if source.reading(KEY).codes else 0.0
    first = source.lines[0].text.lower() if source.lines else ""
    header = 0.4 if "account recovery key" in first else 0.0
    return min(1.0, max(keyed + header, CODES.score(source)))


def parse(source: Source) -> CodeSet:
    """The key with its account and date, or the codes with the email in the file name."""
    kind, reading, second = one_kind(
        source, {"backup-codes": source.reading(CODES), "recovery-key": source.reading(KEY)}
    )
    if kind == "recovery-key":
        account = find_email(source.text) or find_email(source.stem)
        issued = iso_date(source.stem) or _generated(source)
        return settle(source, "mozilla", kind, reading, account=account, issued=issued)
    return settle(source, "mozilla", kind, reading, second, account=find_email(source.stem))


def _generated(source: Source) -> str | None:
    """The `Key generated:` date: ISO, or d/m/y only when the order cannot be mistaken."""
    line = next((line.text for line in source.lines if "generated" in line.text.lower()), "")
    found = _SLASHED.search(line)
    if not found:
        return iso_date(line)
    first, second, year = map(int, found.groups())
    if first <= 12 and second <= 12 and first != second:
        return None  # 3/4/2026 reads both ways; the browser's locale is unknown
    month, day = (second, first) if first > 12 else (first, second)
    return iso_date(f"{year:04d}-{month:02d}-{day:02d}")


_SETTINGS = "https://accounts.firefox.com/settings"
PROVIDER = Provider(
    key="mozilla",
    prefix="MZ",
    name="Mozilla account",
    kinds=(
        Kind(
            "backup-codes",
            "backup authentication codes",
            8,
            use="Sign in at https://accounts.firefox.com; at the two-step prompt choose "
            '"use backup authentication code".',
            regenerate=_SETTINGS + " > Two-step authentication > Backup authentication "
            "codes > Get new codes.",
            alphabet="0123456789abcdefghijklmnopqrstuvwxyz",
        ),
        Kind(
            "recovery-key",
            "account recovery key",
            1,
            use='After "Forgot password" at https://accounts.firefox.com, enter this key '
            "to keep your synced Firefox data. Once used it stops working: make a new one.",
            regenerate=_SETTINGS + " > Account recovery key > Change (a new key replaces "
            "this one).",
            alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ ",
            needs_password=False,
        ),
    ),
    score=score,
    parse=parse,
    filenames=("* Backup authentication codes.txt", "Firefox-Recovery-Key_*.txt"),
    name_words=("firefox", "mozilla"),
    confidence="H",
    own=OWN,
)
