"""Mastodon recovery codes.

Format (read in mastodon/mastodon, settings/two_factor_authentication/shared/
_recovery_codes.html.haml and user.rb): no download; the page shows 10 codes of 16
lower-case hex as an ordered list, so a copied list may carry `1.` numbers (see
docs/providers.md, "Mastodon"). GitLab issues the same shape, so only the file name
tells them apart.
"""

from sheets.read.normalise import hex_codes
from sheets.read.providers import Kind, Provider, code_list

SHAPE = hex_codes(16, 10)
score, parse = code_list("mastodon", SHAPE)

PROVIDER = Provider(
    key="mastodon",
    prefix="MA",
    name="Mastodon",
    kinds=(
        Kind(
            "backup-codes",
            "recovery codes",
            10,
            use="Sign in on your instance (https://<instance>/auth/sign_in); at the two-factor "
            "prompt type a recovery code instead of the app's code.",
            regenerate="https://<instance>/settings/two_factor_authentication_methods > "
            '"Regenerate recovery codes".',
            alphabet="0123456789abcdef",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("mastodon",),
    confidence="H",
)
