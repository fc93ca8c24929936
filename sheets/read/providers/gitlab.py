"""GitLab recovery codes.

Format (read in gitlabhq/gitlabhq, recovery_codes.vue and constants.js): the download
`gitlab-recovery-codes.txt` holds 10 codes of 16 lower-case hex joined with LF, no header,
no final newline (see docs/providers.md, "GitLab"). Mastodon issues the same shape, so
only the file name tells them apart.
"""

from sheets.read.normalise import hex_codes
from sheets.read.providers import Kind, Provider, code_list

SHAPE = hex_codes(16, 10)
score, parse = code_list("gitlab", SHAPE)

PROVIDER = Provider(
    key="gitlab",
    prefix="GL",
    name="GitLab",
    kinds=(
        Kind(
            "backup-codes",
            "recovery codes",
            10,
            use="Sign in at https://gitlab.com/users/sign_in (or your own instance) with your "
            "password; type a recovery code into the two-factor code field.",
            regenerate='https://gitlab.com/-/user_settings/two_factor_auth > "Regenerate '
            'recovery codes" (older versions: /-/profile/two_factor_auth), or '
            "`ssh git@gitlab.com 2fa_recovery_codes`.",
            alphabet="0123456789abcdef",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("gitlab-recovery-codes.txt",),
    name_words=("gitlab",),
    confidence="H",
)
