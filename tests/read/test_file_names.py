"""A provider's own download names (fnmatch globs, matched on the lower-cased name) give
detection its name evidence; a browser's duplicate suffix ` (1)` is no obstacle."""

import pytest

from sheets.read.detect import NAME_EXACT, NAME_HINT, name_score
from sheets.read.normalise import Source
from sheets.read.providers import by_key

CLAIMED = [
    ("google", "Backup-codes-jordan.rivera.txt"),
    ("google", "backup-codes-jordan.rivera (1).txt"),
    ("pypi", "pypi-recovery-codes.txt"),
    ("pypi", "PyPI-Recovery-Codes-2026-03-14T10_00_00.txt"),
    ("mozilla", "jordan@example.com Backup authentication codes.txt"),
    ("nextcloud", "cloud.example.com-backup-codes.txt"),
    ("login-gov", "personal_key.txt"),
    ("mozilla", "jordan [work] Backup authentication codes.txt"),  # `[` in a name is a letter
]
NOT_CLAIMED = [
    ("google", "backup-codes.txt"),  # `*` after "Backup-codes-": the dash is not optional
    ("google", "Backup-codes-jordan.txt.pdf"),
    ("pypi", "recovery-codes.txt"),
    ("github", "github-recovery-codes.txt.bak"),
    ("mozilla", "Backup authentication codes.txt"),  # `* ` needs the space before it
]


@pytest.mark.parametrize("key, name", CLAIMED)
def test_a_providers_own_download_name_is_claimed(key, name):
    assert name_score(by_key(key), Source(name, "")) == NAME_EXACT


@pytest.mark.parametrize("key, name", NOT_CLAIMED)
def test_a_near_name_is_not_claimed(key, name):
    assert name_score(by_key(key), Source(name, "")) < NAME_EXACT


def test_a_suffix_glob_yields_to_another_providers_word():
    """`*-backup-codes.txt` is WordPress.com's and Nextcloud's: a Dropbox download is neither."""
    source = Source("dropbox-backup-codes.txt", "")
    assert name_score(by_key("wordpress-com"), source) < NAME_EXACT
    assert name_score(by_key("nextcloud"), source) < NAME_EXACT
    assert name_score(by_key("dropbox"), source) == NAME_HINT
