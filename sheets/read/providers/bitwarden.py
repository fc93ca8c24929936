"""Bitwarden two-step login recovery code.

Format (read in bitwarden/server UserService.cs and bitwarden/clients
two-factor-recovery.component.ts): no download; one code of 32 characters a-z0-9, shown
upper-case in 8 groups of 4 with a Print button. Bitwarden ignores case and spaces
(see docs/providers.md, "Bitwarden").
"""

from sheets.read.normalise import grouped, labelled
from sheets.read.providers import Kind, Provider, grouped_key

GROUPS = (4,) * 8
SHAPE = grouped(
    "A-Z0-9", GROUPS, sep=" ", label=labelled("two-step login recovery code", "recovery code")
)

score, parse = grouped_key("bitwarden", SHAPE)


PROVIDER = Provider(
    key="bitwarden",
    prefix="BW",
    name="Bitwarden",
    kinds=(
        Kind(
            "recovery-key",
            "two-step login recovery code",
            1,
            use="https://vault.bitwarden.com/#/recover-2fa (EU: vault.bitwarden.eu): email, "
            "master password and this code turn off two-step login. Case and spaces do "
            "not matter.",
            regenerate='Web vault > Settings > Security > Two-step login > "View recovery '
            'code"; a new code is issued after this one is used.',
            loose=True,
            alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("bitwarden",),
    confidence="H",
)
