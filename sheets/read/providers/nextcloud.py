"""Nextcloud backup codes.

Format (read in nextcloud/server, apps/twofactor_backupcodes PersonalSettings.vue and
BackupCodeStorage.php): `<theme name>-backup-codes.txt` (default `Nextcloud-...`) holds
10 codes of 16 characters from the "human readable" alphabet, each followed by a line
break (CRLF in older versions, LF now). Codes are case-sensitive: they are kept exactly
(see docs/providers.md, "Nextcloud").
"""

import re

from sheets.read.normalise import Shape
from sheets.read.providers import Kind, Provider, code_list

# ISecureRandom::CHAR_HUMAN_READABLE: no 0, 1, l, I, O, h, u, v, U, V.
ALPHABET = "abcdefgijkmnopqrstwxyzABCDEFGHJKLMNPQRSTWXYZ23456789"
SHAPE = Shape(re.compile(f"[{ALPHABET}]{{16}}", re.ASCII), 10)
score, parse = code_list("nextcloud", SHAPE)

PROVIDER = Provider(
    key="nextcloud",
    prefix="NC",
    name="Nextcloud",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use='Log in to your Nextcloud; on the two-factor page choose "Backup code" '
            "(https://<your-cloud>/login/challenge/backup_codes) and type a code exactly, "
            "upper and lower case as printed.",
            regenerate="https://<your-cloud>/settings/user/security > Backup codes > "
            '"Regenerate backup codes".',
            alphabet=ALPHABET,
        ),
    ),
    score=score,
    parse=parse,
    filenames=("*-backup-codes.txt",),
    name_words=("nextcloud",),
    confidence="H",
)
