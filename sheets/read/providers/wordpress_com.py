"""WordPress.com backup codes.

Format (read in Automattic/wp-calypso, security-2fa-backup-codes-list): the download
`<username>-backup-codes.txt` holds 10 codes of 8 digits joined with LF, no header, no
final newline (see docs/providers.md, "WordPress.com"). Nextcloud names its file the
same way, so the content decides between them. Codes typed in two groups of four are
given back as WordPress.com shows them, eight digits.
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import Shape, Source
from sheets.read.providers import Kind, Provider, settle

SHAPE = Shape(re.compile(r"\d{4}[ -]?\d{4}", re.ASCII), 10, "", (8,), "")
_NAME = re.compile(r"(.+)-backup-codes\.txt", re.I | re.ASCII)


def score(source: Source) -> float:
    """A header-less list of 8-digit codes."""
    return SHAPE.score(source)


def parse(source: Source) -> CodeSet:
    """The codes, and the username from the file name when it is WordPress's own."""
    named = _NAME.fullmatch(source.stem[:400])
    return settle(
        source,
        "wordpress-com",
        "backup-codes",
        source.reading(SHAPE),
        account=named.group(1) if named else None,
    )


PROVIDER = Provider(
    key="wordpress-com",
    prefix="WP",
    name="WordPress.com",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use="Log in at https://wordpress.com/log-in; at the two-step prompt choose "
            '"Use a backup code".',
            regenerate='https://wordpress.com/me/security/two-step > "Generate new backup '
            'codes" (you confirm the new set by typing one code).',
            alphabet="0123456789",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("*-backup-codes.txt",),
    name_words=("wordpress",),
    confidence="H",
)
