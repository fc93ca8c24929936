"""What the two hostile-export test files share: a run of `mksheet inspect` that must fail in
one line, and the bound every key derivation they start is held to."""

from __future__ import annotations

import pytest
from conftest import within_bounds

from sheets import cli


@pytest.fixture(autouse=True)
def bounded(key_work):
    """No key derivation may cost more than crypt's bounds: a hostile cost is refused before
    any work is done (imported by each test file that wants it)."""
    yield
    assert within_bounds(key_work), key_work


def inspect_fails(tmp_path, capfd, name: str, content: bytes | str, password: str) -> str:
    """Write the file and its password file, run `inspect` on it, and check that it fails in
    one line (no traceback, nothing on stdout); returns that line."""
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    (tmp_path / "pw").write_text(password + "\n")
    (tmp_path / "pw").chmod(0o600)
    status = cli.main(["inspect", str(path), "--vault-password-file", str(tmp_path / "pw")])
    out, err = capfd.readouterr()
    assert status == 1 and out == "", err
    assert err.startswith("mksheet: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return err
