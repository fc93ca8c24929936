"""Apple Account recovery key.

Format: no download; Apple Support (HT208072, now 109345) describes a 28-character key
that the user writes down and re-types to confirm, shown as 7 dash-separated groups of 4
upper-case letters and digits (grouping from secondary sources, alphabet a guess; see
docs/providers.md, "Apple").
"""

from sheets.read.normalise import grouped, labelled
from sheets.read.providers import Kind, Provider, grouped_key

GROUPS = (4,) * 7
SHAPE = grouped("A-Z0-9", GROUPS, label=labelled("recovery key"))

score, parse = grouped_key("apple", SHAPE)


PROVIDER = Provider(
    key="apple",
    prefix="AP",
    name="Apple Account",
    kinds=(
        Kind(
            "recovery-key",
            "recovery key",
            1,
            use="When resetting your Apple Account password or signing in on a new device "
            "(https://iforgot.apple.com), enter the recovery key with a trusted device.",
            regenerate="iPhone: Settings > [your name] > Sign-In & Security > Account Recovery "
            "> Recovery Key (Mac: System Settings > [your name] > Sign-In & "
            "Security); a new key replaces this one.",
            one_time=False,
            needs_password=False,
            alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("apple", "icloud"),
    confidence="M",
)
