"""README.md stays true: its provider table, its commands, and what CI runs."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text("utf-8")


def between(text: str, start: str, end: str) -> str:
    """The lines between two HTML-comment markers."""
    match = re.search(rf"<!-- {start}[^>]*-->\n(.*?)<!-- {end} -->", text, re.S)
    assert match, f"README has no {start} section"
    return match.group(1)


def test_provider_table_matches_the_registry():
    table = between(README, "providers", "/providers").strip()
    generated = run_cli("providers", "--markdown").stdout.decode().strip()
    assert table == generated, "run: mksheet providers --markdown, paste into README.md"


def test_setup_is_two_commands_and_ci_runs_them():
    block = between(README, "setup", "/setup")
    commands = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    # CI runs what its own extraction finds in README.md: run that line and compare
    extract = next(line for line in ci.splitlines() if line.startswith("commands=$("))
    found = subprocess.run(
        ["bash", "-c", f'{extract}\nprintf "%s\\n" "$commands"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert found == commands
    assert 'bash -c "$install"' in ci and 'bash -c "$tests"' in ci  # each, as written
    assert ci.index("ruff check") < ci.index('bash -c "$tests"')  # lint before the tests


def test_every_command_has_help_and_is_in_the_readme():
    listing = run_cli("--help").stdout.decode()
    names = re.findall(r"^  (\w[\w-]*)\s", listing.split("Commands:")[1], re.M)
    assert names
    for name in names:
        assert run_cli(name, "--help").returncode == 0
        assert name == "make" or f"mksheet {name}" in README, f"README does not mention {name}"


def test_every_option_in_help_is_in_the_readme():
    """Each option any command's --help shows is documented in README.md."""
    listing = run_cli("--help").stdout.decode()
    commands = re.findall(r"^  (\w[\w-]*)\s", listing.split("Commands:")[1], re.M)
    helps = [listing] + [run_cli(name, "--help").stdout.decode() for name in commands]
    options = {option for text in helps for option in re.findall(r"--[a-z][a-z-]+", text)}
    untold = sorted(o for o in options if not re.search(rf"{o}(?![a-z-])", README))
    assert options and not untold, f"README.md does not document {untold}"


def test_the_map_of_the_code_is_true():
    """Every package and top-level module of sheets/ is in README's map, and every file the
    map names exists."""
    block = between(README, "map", "/map")
    package = ROOT / "sheets"
    tops = [p.name for p in package.glob("*.py") if p.name != "__init__.py"] + [
        f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").exists()
    ]
    untold = [name for name in tops if name not in ("fonts/", "templates/")]
    untold = [name for name in untold if not re.search(rf"^  {re.escape(name)}\s", block, re.M)]
    assert not untold, f"README's map of the code leaves out {untold}"
    named = set(re.findall(r"\b([a-z_]+\.py)\b", block))
    missing = sorted(name for name in named if not any(ROOT.glob(f"*/**/{name}")))
    assert not missing, f"README's map names files that do not exist: {missing}"


def test_the_setup_sample_leaves_the_users_ledger_untouched(tmp_path):
    """The README's first command makes the sample sheet; the user's own ledger must not
    record it, or their first real GitHub sheet would say it replaces the sample's."""
    import os
    import shutil
    import sys

    block = between(README, "setup", "/setup")
    first = next(line for line in block.splitlines() if ".venv/bin/mksheet" in line)
    sample = (
        first.split("&&")[-1].strip().replace(".venv/bin/mksheet", f'"{sys.executable}" -m sheets')
    )
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONPATH": str(ROOT),
    }
    made = subprocess.run(["bash", "-c", sample], cwd=tmp_path, env=env, capture_output=True)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "samples" / "github-recovery-codes.pdf").exists()
    assert not (home / "state" / "mksheet").exists()
