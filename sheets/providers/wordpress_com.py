"""WordPress.com backup codes.

Format (read in Automattic/wp-calypso, security-2fa-backup-codes-list): the download
`<username>-backup-codes.txt` holds 10 codes of 8 digits joined with LF, no header, no
final newline (see shared/providers.md, "WordPress.com"). Nextcloud names its file the
same way, so the content decides between them.
"""

import re

from sheets.normalise import Shape, Source
from sheets.providers import Found, Kind, Provider

SHAPE = Shape(re.compile(r"\d{8}"), 10)
_NAME = re.compile(r"(.+)-backup-codes\.txt", re.I)


def score(source: Source) -> float:
    """A header-less list of 8-digit codes."""
    return SHAPE.score(source.lines)


def parse(source: Source) -> Found:
    """The codes, and the username from the file name when it is WordPress's own."""
    codes = SHAPE.parse(source.lines)
    named = _NAME.fullmatch(source.stem)
    return Found("backup-codes", codes, account=named.group(1) if named else None)


PROVIDER = Provider(
    key="wordpress-com",
    prefix="WP",
    name="WordPress.com",
    kinds=(Kind(
        "backup-codes", "backup codes", 10,
        use="Log in at https://wordpress.com/log-in; at the two-step prompt choose "
            "\"Use a backup code\".",
        regenerate="https://wordpress.com/me/security/two-step > \"Generate new backup "
                   "codes\" (you confirm the new set by typing one code).",
        alphabet="0123456789",
    ),),
    score=score,
    parse=parse,
    filenames=("*-backup-codes.txt",),
    name_words=("wordpress",),
    confidence="H",
)
