"""detect.glob_match agrees with fnmatch on `*` patterns (it exists only to start faster)."""

from fnmatch import fnmatchcase

from hypothesis import given, settings
from hypothesis import strategies as st

from sheets.read.detect import glob_match

TEXT = st.text(alphabet="ab-.* ", max_size=12)


@settings(max_examples=400, deadline=None)
@given(name=TEXT.map(lambda s: s.replace("*", "")), pattern=TEXT.map(lambda s: s.replace("[", "")))
def test_glob_match_agrees_with_fnmatch(name, pattern):
    assert glob_match(name, pattern) == fnmatchcase(name, pattern)


def test_download_names():
    assert glob_match("backup-codes-jordan.rivera.txt", "backup-codes-*.txt")
    assert not glob_match("backup-codes.txt", "backup-codes-*.txt")
    assert glob_match("pypi-recovery-codes.txt", "pypi-recovery-codes*.txt")
