"""Login.gov backup codes and personal key.

Format (read in 18F/identity-idp; see docs/providers.md, "Login.gov"): `backup_codes.txt`
holds 10 codes of 12 characters, no header, no final newline. Their shape and line endings
changed over time: Jan-Jul 2019 lower-case hex with LF, Jul 2019-Apr 2021 lower-case hex with
CRLF, Apr 2021-Jun 2022 upper-case Crockford base32 with CRLF, since Jun 2022 upper-case
Crockford with LF. The page's Copy button puts all ten on one line, one space apart.
`personal_key.txt` holds one `XXXX-XXXX-XXXX-XXXX` key (CRLF 2019-2022, no newline now).
Login.gov ignores dashes, spaces and case in both, so keys typed either way are given back
as the page shows them. People keep the two together: a personal key below the backup codes
(`Personal key: XXXX-...`) is printed in a block of its own on the codes' sheet.
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import Shape, Source, grouped, labelled
from sheets.read.providers import Kind, Provider, one_kind, settle

_CROCKFORD = "0-9A-HJKMNP-TV-Za-hjkmnp-tv-z"
CODES = Shape(
    re.compile(f"[{_CROCKFORD}]{{4}}-?[{_CROCKFORD}]{{4}}-?[{_CROCKFORD}]{{4}}", re.ASCII), 10
)
KEY = grouped("0-9A-HJKMNP-TV-Z", (4, 4, 4, 4), label=labelled("personal key"))
# Labels people put on a line of their own above the codes or the key.
OWN = (re.compile(r"(?i:(?:my |your |the )?(?:backup codes|personal key)\s*:?)"),)


def score(source: Source) -> float:
    """A header-less list of 12-character codes, or one 16-character key."""
    return max(CODES.score(source), KEY.score(source))


def parse(source: Source) -> CodeSet:
    """Backup codes, the personal key, or the codes with the key beside them."""
    kind, reading, second = one_kind(
        source, {"backup-codes": source.reading(CODES), "recovery-key": source.reading(KEY)}
    )
    if kind == "backup-codes":
        reading = reading._replace(codes=tuple(map(_as_issued, reading.codes)))
    return settle(source, "login-gov", kind, reading, second)


def _as_issued(code: str) -> str:
    """Older sets were lower-case hex; newer ones are upper-case Crockford, no dashes."""
    plain = code.replace("-", "")
    return plain.lower() if re.fullmatch("[0-9a-f]{12}", plain, re.ASCII) else plain.upper()


_SIGN_IN = "Sign in at https://secure.login.gov with your email and password; "
PROVIDER = Provider(
    key="login-gov",
    prefix="LG",
    name="Login.gov",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use=_SIGN_IN + 'choose "Choose another authentication method" > Backup codes '
            "(https://secure.login.gov/login/two_factor/backup_code). Dashes and case "
            "do not matter.",
            regenerate="https://secure.login.gov/backup_code_regenerate (Your authentication "
            "methods > Backup codes > Regenerate). After the 10th code you must "
            "set up a new list.",
            loose=True,
            alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZabcdef",
        ),
        Kind(
            "recovery-key",
            "personal key",
            1,
            use="If you reset your password, sign in and enter this key at "
            'https://secure.login.gov/account ("Reactivate your profile now") to keep your '
            "verified identity; without it you verify your identity again. It is no longer a "
            "way to sign in.",
            regenerate="A key works once: after you use it, Login.gov shows you a new one on "
            "your account page. For a new key at any time: https://secure.login.gov/account "
            "> Personal key > Reset.",
            loose=True,
            alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ-",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("backup_codes.txt", "personal_key.txt"),
    name_words=("login.gov", "login-gov", "logingov"),
    confidence="H",
    own=OWN,
)
