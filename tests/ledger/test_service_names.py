"""A sheet names its service everywhere it is recorded, and claims to replace another only
on evidence (issue 23): two unknown websites in one state folder, their names in history,
verify and a binder's contents."""

from __future__ import annotations

import json

from conftest import flat, page_texts, run_cli

ACME = "Acme Bank backup codes\n\n1. 7KQ2-M9XD\n2. P4HT-Z8WN\n3. 3RFA-6JCE\n4. YB5N-2QGS\n"
COINBASE = (
    "Coinbase 2FA backup codes for jordan@example.com\n\n"
    "1. Q8WE-R7TY\n2. U6IO-P5AS\n3. D4FG-H3JK\n4. L2ZX-C1VB\n"
)


def mksheet(state, *args, cwd=None):
    return run_cli(*args, "--state-dir", str(state), cwd=cwd)


def test_two_unknown_websites_never_replace_each_other(tmp_path):
    state = tmp_path / "state"
    (tmp_path / "acme-codes.txt").write_text(ACME)
    (tmp_path / "coinbase_backup.txt").write_text(COINBASE)
    assert mksheet(state, str(tmp_path / "acme-codes.txt")).returncode == 0
    second = mksheet(state, str(tmp_path / "coinbase_backup.txt"))
    assert second.returncode == 0, second.stderr
    assert b"replaces" not in second.stderr.lower()
    text = flat(page_texts((tmp_path / "coinbase_backup.pdf").read_bytes())[0])
    assert "Replaces sheet" not in text and "Coinbase" in text
    rows = json.loads(mksheet(state, "history", "--json").stdout)
    assert [(r["name"], r["status"]) for r in rows] == [
        ("Acme Bank", "current"),
        ("Coinbase", "current"),
    ]
    listing = mksheet(state, "history").stdout.decode()
    assert "Acme Bank" in listing and "Coinbase" in listing


def test_verify_json_names_the_service(tmp_path):
    state = tmp_path / "state"
    (tmp_path / "acme-codes.txt").write_text(ACME)
    assert mksheet(state, str(tmp_path / "acme-codes.txt")).returncode == 0
    github = tmp_path / "github-recovery-codes.txt"
    github.write_text("".join(f"{i:05x}-{i * 7:05x}\n" for i in range(16)))
    assert mksheet(state, str(github)).returncode == 0
    for pdf, name in (
        (tmp_path / "acme-codes.pdf", "Acme Bank"),
        (github.with_suffix(".pdf"), "GitHub"),
    ):
        found = mksheet(state, "verify", str(pdf), "--json")
        assert found.returncode == 0, found.stderr
        assert json.loads(found.stdout)["name"] == name
        said = mksheet(state, "verify", str(pdf)).stdout.decode()
        assert any(line.startswith("service:") and name in line for line in said.splitlines())


def test_a_binder_lists_an_unknown_website_by_its_name(tmp_path):
    person = tmp_path / "Rivera" / "Jordan Rivera"
    person.mkdir(parents=True)
    (person / "acme-codes.txt").write_text(ACME)
    made = mksheet(tmp_path / "state", "binder", str(tmp_path / "Rivera"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    contents = flat(page_texts((tmp_path / "Rivera-binder.pdf").read_bytes())[1])
    assert "Acme Bank" in contents and "not recognised" not in contents
