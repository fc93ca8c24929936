"""Login.gov backup codes and personal key.

Format (read in 18F/identity-idp): `backup_codes.txt` holds 10 codes of 12 Crockford base32
characters, upper case, LF (2019-2021 downloads: 12 lower-case hex, CRLF);
`personal_key.txt` holds one `XXXX-XXXX-XXXX-XXXX` key (see shared/providers.md).
"""

import re

from sheets.normalise import Shape, Source
from sheets.providers import Found, Kind, Provider

_CROCKFORD = "0-9A-HJKMNP-TV-Z"
CODES = Shape(re.compile(f"[{_CROCKFORD}]{{4}}-?[{_CROCKFORD}]{{4}}-?[{_CROCKFORD}]{{4}}", re.I), 10)
KEY = Shape(re.compile(f"[{_CROCKFORD}]{{4}}(?:-[{_CROCKFORD}]{{4}}){{3}}", re.I), 1, "upper")


def score(source: Source) -> float:
    """A header-less list of 12-character codes, or one dashed 16-character key."""
    return max(CODES.score(source.lines), KEY.score(source.lines))


def parse(source: Source) -> Found:
    """Backup codes, or the personal key when that is what the file holds."""
    if KEY.score(source.lines) > CODES.score(source.lines):
        keys = [KEY.canonical(line.text) for line in KEY.codes(source.lines)]
        return Found("recovery-key", tuple(keys))
    codes = [_as_issued(line.text) for line in CODES.codes(source.lines)]
    return Found("backup-codes", tuple(codes))


def _as_issued(code: str) -> str:
    """Older sets were lower-case hex; newer ones are upper-case Crockford, no dashes."""
    plain = code.replace("-", "")
    return plain.lower() if re.fullmatch("[0-9a-f]{12}", plain) else plain.upper()


_SIGN_IN = "Sign in at https://secure.login.gov with your email and password; "
PROVIDER = Provider(
    key="login-gov",
    prefix="LG",
    name="Login.gov",
    kinds=(
        Kind("backup-codes", "backup codes", 10,
             use=_SIGN_IN + "choose \"Choose another authentication method\" > Backup codes "
                 "(https://secure.login.gov/login/two_factor/backup_code). Dashes and case "
                 "do not matter.",
             regenerate="https://secure.login.gov/backup_code_regenerate (Your authentication "
                        "methods > Backup codes > Regenerate). After the 10th code you must "
                        "set up a new list.",
             loose=True,
             alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZabcdef"),
        Kind("recovery-key", "personal key", 1,
             use="After a password reset, re-activate your verified profile at "
                 "https://secure.login.gov/account/reactivate/verify_personal_key. It also "
                 "works as a sign-in method: https://secure.login.gov/login/two_factor/personal_key.",
             regenerate="https://secure.login.gov/account/personal_key (Account > Reset "
                        "personal key). A new key replaces this one.",
             one_time=False,
             loose=True,
             alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ-"),
    ),
    score=score,
    parse=parse,
    filenames=("backup_codes.txt", "personal_key.txt"),
    name_words=("login.gov", "login-gov", "logingov"),
    confidence="H",
)
