"""Microsoft account recovery code.

Format: no download; the account page shows one 25-character code as five dash-separated
groups of five, upper-case letters and digits (alphabet a guess), which users paste or
write down. Case, spaces and dashes do not matter to Microsoft (see docs/providers.md,
"Microsoft account", and Microsoft's "Microsoft account recovery code" support page).
"""

from sheets.read.normalise import grouped, labelled
from sheets.read.providers import Kind, Provider, grouped_key

GROUPS = (5, 5, 5, 5, 5)
SHAPE = grouped("A-Z0-9", GROUPS, label=labelled("recovery code"))

score, parse = grouped_key("microsoft", SHAPE)


PROVIDER = Provider(
    key="microsoft",
    prefix="MS",
    name="Microsoft account",
    kinds=(
        Kind(
            "recovery-key",
            "recovery code",
            1,
            use='At https://login.live.com choose "Other ways to sign in" > "Forgot password" '
            '> "I don\'t have any of these" and enter the recovery code. Case, spaces and '
            "dashes do not matter.",
            regenerate="https://account.live.com/proofs/manage/additional > Recovery code > "
            '"Generate a new code" (the old code stops working; after you use it, '
            "Microsoft gives you a new one).",
            loose=True,
            needs_password=False,
            alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("microsoft", "outlook", "hotmail"),
    confidence="M",
)
