"""PyPI recovery codes.

Format (read in pypi/warehouse, recovery_codes-provision.html and accounts/services.py):
8 codes of 16 lower-case hex joined with LF, no header, no final newline. The download is
named `PyPI-Recovery-Codes-<username>-<generated.isoformat()>.txt` (2020-22: without the
last two parts), browsers rewriting its colons; the Copy button adds a first line
`PyPI recovery codes` (see docs/providers.md, "PyPI").
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import Source, hex_codes
from sheets.read.providers import Kind, Provider, settle

SHAPE = hex_codes(16, 8)
_HEADER = re.compile(r"(?:test)?pypi recovery codes", re.I | re.ASCII)
_NAME = re.compile(
    r"(?:Test)?PyPI-Recovery-Codes-(.+)-(\d{4}-\d\d-\d\d)T(\d\d)[:_\- ](\d\d)"
    r"[:_\- ](\d\d(?:\.\d{1,6})?)\.txt",
    re.I | re.ASCII,
)


def score(source: Source) -> float:
    """Eight 16-hex codes, or the Copy button's `PyPI recovery codes` heading."""
    header = 0.3 if source.lines and _HEADER.fullmatch(source.lines[0].text) else 0.0
    return min(1.0, SHAPE.score(source) + header)


def parse(source: Source) -> CodeSet:
    """The codes; the username and naive-UTC datetime from the 2022+ file name."""
    reading = source.reading(SHAPE)
    named = _NAME.fullmatch(source.stem[:400])
    if not named:
        return settle(source, "pypi", "backup-codes", reading)
    user, day, hour, minute, second = named.groups()
    return settle(
        source,
        "pypi",
        "backup-codes",
        reading,
        account=user,
        issued=f"{day}T{hour}:{minute}:{second}",
    )


OWN = (_HEADER,)  # the Copy button's first line

PROVIDER = Provider(
    key="pypi",
    prefix="PY",
    name="PyPI",
    kinds=(
        Kind(
            "backup-codes",
            "recovery codes",
            8,
            use="Log in at https://pypi.org/account/login/; on the two-factor page choose the "
            "recovery code option (https://pypi.org/account/recovery-code/).",
            regenerate='https://pypi.org/manage/account/ > "Generate recovery codes" '
            "(/manage/account/recovery-codes/regenerate); the codes are shown once.",
            alphabet="0123456789abcdef",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("PyPI-Recovery-Codes*.txt", "TestPyPI-Recovery-Codes*.txt"),
    name_words=("pypi",),
    confidence="H",
    own=OWN,
)
