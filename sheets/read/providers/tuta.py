"""Tuta (Tutanota) recovery code.

Format (read in tutao/tutanota, RecoverCodeDialog.ts and RecoverCodeFacade): no download;
one code, the hex of a 256-bit key (64 lower-case hex), shown in groups of 4; the Copy
button copies the raw 64 characters (see docs/providers.md, "Tuta"). Either way, and typed
with dashes, it is given back as the page shows it: groups of four, one space apart.
"""

from sheets.read.normalise import grouped, labelled
from sheets.read.providers import Kind, Provider, grouped_key

GROUPS = (4,) * 16
SHAPE = grouped("0-9A-F", GROUPS, case="lower", sep=" ", label=labelled("recovery code"))
score, parse = grouped_key("tuta", SHAPE)


PROVIDER = Provider(
    key="tuta",
    prefix="TU",
    name="Tuta",
    kinds=(
        Kind(
            "recovery-key",
            "recovery code",
            1,
            use='https://app.tuta.com/recover ("Lost account access"): with your email '
            "address it resets your password or your second factors. Spaces do not matter.",
            regenerate="Tuta > Settings > Login > Recovery code (global admin only, password "
            "required); a new code replaces this one.",
            one_time=False,
            needs_password=False,
            alphabet="0123456789abcdef ",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("tuta", "tutanota"),
    confidence="H",
)
