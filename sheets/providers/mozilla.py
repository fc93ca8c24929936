"""Mozilla (Firefox) account backup authentication codes and account recovery key.

Format (read in mozilla/fxa: fxa-settings ButtonDownloadRecoveryKey, GetDataTrio, the
`recovery-key-file-*` strings; see shared/providers.md, "Mozilla"): `<email> Backup
authentication codes.txt` holds 8 codes of 10 lower-case characters (alphabet recalled), CRLF;
the 2023 `Firefox-Recovery-Key_<date>_<email>.txt` holds a heading, `Key: <32 Crockford
characters>`, the account and the date."""

import re

from sheets.normalise import Shape, Source, find_email, iso_date
from sheets.providers import Found, Kind, Provider

CODES = Shape(re.compile(r"[a-z0-9]{10}", re.I), 8, "lower")
_KEY = re.compile(r"\bKey:\s*((?:[0-9A-HJKMNP-TV-Z]{4}[ -]?){7}[0-9A-HJKMNP-TV-Z]{4})$", re.I)
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def score(source: Source) -> float:
    """The recovery-key heading and `Key:` line, or a list of 10-character codes."""
    keyed = 0.45 if _key(source) else 0.0
    first = source.lines[0].text.lower() if source.lines else ""
    header = 0.4 if "account recovery key" in first else 0.0
    return min(1.0, max(keyed + header, CODES.score(source.lines)))


def parse(source: Source) -> Found:
    """The key with its account and date, or the codes with the email in the file name."""
    key = _key(source)
    if key:
        account = find_email(source.text) or find_email(source.stem)
        issued = iso_date(source.stem) or _generated(source)
        return Found("recovery-key", (key,), account=account, issued=issued)
    codes = tuple(CODES.canonical(line.text) for line in CODES.codes(source.lines))
    return Found("backup-codes", codes, account=find_email(source.stem))


def _key(source: Source) -> str | None:
    found = next((m.group(1) for line in source.lines if (m := _KEY.search(line.text))), None)
    return " ".join(found.upper().split()) if found else None


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
        Kind("backup-codes", "backup authentication codes", 8,
             use="Sign in at https://accounts.firefox.com; at the two-step prompt choose "
                 "\"use backup authentication code\".",
             regenerate=_SETTINGS + " > Two-step authentication > Backup authentication "
                        "codes > Get new codes.",
             alphabet="0123456789abcdefghijklmnopqrstuvwxyz"),
        Kind("recovery-key", "account recovery key", 1,
             use="After \"Forgot password\" at https://accounts.firefox.com, enter this key "
                 "to keep your synced Firefox data.",
             regenerate=_SETTINGS + " > Account recovery key > Change (a new key replaces "
                        "this one).",
             one_time=False,
             alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ "),
    ),
    score=score,
    parse=parse,
    filenames=("* Backup authentication codes.txt", "Firefox-Recovery-Key_*.txt"),
    name_words=("firefox", "mozilla"),
    confidence="H",
)
