"""mksheet never opens a network connection: it works with no network at all, and no
socket is ever created, looked up or connected while it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import SAMPLES, require_command

GITHUB = SAMPLES / "github-recovery-codes.txt"


def _steps(tmp_path) -> list[list[str]]:
    """The commands a user runs, as argument lists (a make, encrypted make, verify...)."""
    source = tmp_path / "codes.txt"
    shutil.copy(GITHUB, source)
    (tmp_path / "pw").write_text("correct horse\n")
    (tmp_path / "state").mkdir()
    sheet, locked = str(tmp_path / "sheet.pdf"), str(tmp_path / "locked.pdf")
    return [
        [str(source), "-o", sheet],
        [str(source), "-o", locked, "--password-file", str(tmp_path / "pw")],
        ["inspect", str(source)],
        ["providers"],
        ["verify", sheet],
        ["history"],
    ]


def _no_network_prefix() -> list[str]:
    """unshare into a new network namespace (as root, or as a user via a user namespace)."""
    prefix = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    require_command([*prefix, "true"], "util-linux and permission to create namespaces")
    return prefix


def test_works_without_any_network(tmp_path):
    prefix = _no_network_prefix()
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    for args in _steps(tmp_path):
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "sheets", *args],
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 0, (args, result.stderr)
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "locked.pdf").read_bytes().startswith(b"%PDF")
    # the namespace really had no network: nothing but a loopback interface
    links = subprocess.run([*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True)
    names = {line.split(":")[0].strip() for line in links.stdout.splitlines()[2:]}
    assert names <= {"lo"}


# A fresh interpreter that fails any socket use before mksheet is even imported: an audit
# hook sees sockets made in C as well as in Python, and socket.socket itself is poisoned.
NO_SOCKETS = """
import json, socket, sys
seen = []
def hook(event, args):
    if event.startswith("socket."):
        seen.append(event)
        raise RuntimeError("mksheet used the network: " + event)
sys.addaudithook(hook)
class Poisoned(socket.socket):
    def __init__(self, *args, **kwargs):
        seen.append("socket.socket()")
        raise RuntimeError("mksheet created a socket")
socket.socket = Poisoned
from sheets import cli
status = max(cli.main(args) for args in json.loads(sys.argv[1]))
print("SOCKET EVENTS:", seen, file=sys.stderr)
raise SystemExit(status or (99 if seen else 0))
"""


def test_render_path_never_touches_a_socket(tmp_path):
    import json

    steps = _steps(tmp_path)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run(
        [sys.executable, "-c", NO_SOCKETS, json.dumps(steps)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"SOCKET EVENTS: []" in result.stderr
    assert (tmp_path / "locked.pdf").exists()
