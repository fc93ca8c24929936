"""What goes in a family binder: people and their files, read from a folder or binder.toml.

A binder comes from a folder holding one folder per person (named after them), or from a
binder.toml manifest. `load` turns either into a Spec without reading any code file; every
file that cannot go in is a Problem listed with the others, never silently left out. In a
folder, every file and folder is either in the Spec or in its `left_out`, with the reason:
hidden, an editor's backup or lock file (`~` before or after the name), or a PDF (the sheets
mksheet wrote beside the downloads). Those do not stop the binder, but the binder says so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from sheets.errors import InputError

MANIFEST = "binder.toml"
MANIFEST_KEYS = {"title", "household", "note", "people"}
PERSON_KEYS = {"name", "files"}
FILE_KEYS = {"file", "provider", "account"}
SKIPPED_SUFFIXES = (".pdf",)  # sheets and binders mksheet may have written there
RENAME = "rename it if it holds codes that belong in the binder"


@dataclass(frozen=True)
class Entry:
    """One downloaded file, whose it is, and any provider or account the user gave."""

    person: str
    path: str
    provider: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class Problem:
    """A file that cannot go in the binder: what is wrong and what to do (never a code)."""

    file: str
    problem: str
    hint: str = ""


@dataclass(frozen=True)
class Spec:
    """The binder before any code file is read."""

    source: str  # the folder or manifest, for messages
    name: str  # what the binder's file is named after: the folder, or the manifest's title
    household: str
    title: str
    people: tuple[str, ...]
    entries: tuple[Entry, ...]
    note: str | None = None
    problems: tuple[Problem, ...] = ()
    left_out: tuple[
        Problem, ...
    ] = ()  # skipped on purpose (hidden, backups, PDFs): said, not stopping


def default_target(spec: Spec, changed: bool = False) -> str:
    """`<name>-binder.pdf` in the current folder; with changed, `<name>-binder-changes.pdf`,
    so the whole binder's PDF is not replaced."""
    stem = re.sub(r"[\x00-\x1f/\\:]+", "-", spec.name).strip(" .-") or "household"
    stem = stem if stem.lower().endswith("binder") else f"{stem}-binder"
    return f"{stem}-changes.pdf" if changed else f"{stem}.pdf"


def load(source: str) -> Spec:
    """A Spec from a family folder (its binder.toml if it has one) or a manifest."""
    if os.path.isdir(source):
        manifest = os.path.join(source, MANIFEST)
        return read_manifest(manifest) if os.path.isfile(manifest) else discover(source)
    if not os.path.exists(source):
        raise InputError(source, "does not exist", "give a family folder or a binder.toml")
    return read_manifest(source)


def discover(folder: str) -> Spec:
    """One person per sub-folder (sorted by name), with every file inside it, sub-folders too."""
    people, entries, problems, left_out = [], [], [], []
    names, skipped = _visible(folder)
    left_out += skipped
    for name in names:
        path = os.path.join(folder, name)
        if name.lower().endswith(SKIPPED_SUFFIXES) and not os.path.isdir(path):
            left_out.append(_pdf(path))  # such as the binder itself, made here last time
            continue
        if not os.path.isdir(path):
            problems.append(
                Problem(
                    path,
                    "is not in a person's folder",
                    "move it into the folder of the person it belongs to",
                )
            )
            continue
        files, broken, skipped = _files(path)
        problems += broken
        left_out += skipped
        if not files and not broken:
            problems.append(
                Problem(
                    path,
                    "holds no downloaded code files",
                    "add that person's files or remove the folder",
                )
            )
        people.append(name)
        entries += [Entry(name, file) for file in files]
    if not people:
        raise InputError(
            folder,
            "holds no person folders",
            "make one folder per person, named after them, with their files inside",
        )
    household = os.path.basename(os.path.abspath(folder))
    return Spec(
        folder,
        household,
        household,
        "Recovery binder",
        tuple(people),
        tuple(entries),
        problems=tuple(problems),
        left_out=tuple(left_out),
    )


def _files(folder: str) -> tuple[list[str], list[Problem], list[Problem]]:
    """Every visible file under a person's folder; a Problem for each that is not a file, or
    for the folder if it cannot be read; and what is left out on purpose, with the reason."""
    files: list[str] = []
    problems: list[Problem] = []
    try:
        names, left_out = _visible(folder)
    except InputError as exc:  # one unreadable folder: the others still count
        return [], [Problem(folder, exc.problem, exc.hint)], []
    for name in names:
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            found, broken, skipped = _files(path)
            files, problems, left_out = files + found, problems + broken, left_out + skipped
        elif os.path.isfile(path):
            if name.lower().endswith(SKIPPED_SUFFIXES):
                left_out.append(_pdf(path))
            else:
                files.append(path)
        else:
            problems.append(
                Problem(
                    path,
                    "is not a file mksheet can read (a broken link, a "
                    "link to a folder, or a device)",
                    "replace it with the downloaded file, or remove it",
                )
            )
    return files, problems, left_out


def _pdf(path: str) -> Problem:
    return Problem(
        path,
        "a PDF (mksheet reads the downloaded text files, not sheets or PDFs)",
        "if it holds codes the binder has no download of, save them as text beside it",
    )


def read_manifest(path: str) -> Spec:
    """A Spec from binder.toml: title, household, note, and [[people]] with their files."""
    data = _toml(path)
    _no_unknown(path, data, MANIFEST_KEYS, "top level")
    folder = os.path.dirname(path)  # files are relative to the manifest
    people, entries, problems = [], [], []
    for index, person in enumerate(_list(path, data, "people", "[[people]] table"), 1):
        if not isinstance(person, dict) or not isinstance(person.get("name"), str):
            raise InputError(path, f"person {index} has no name", 'add name = "..." to it')
        _no_unknown(path, person, PERSON_KEYS, f"person {person['name']!r}")
        people.append(person["name"].strip())
        files = _list(path, person, "files", f"files list for {person['name']!r}")
        entries += [_entry(path, folder, people[-1], item) for item in files]
        if not files:
            problems.append(
                Problem(
                    path,
                    f"lists no files for {people[-1]!r}",
                    "add their files, or remove the person",
                )
            )
    if not people:
        raise InputError(path, "names no people", "add a [[people]] table for each person")
    where = os.path.basename(os.path.abspath(folder or "."))
    title = _text(path, data, "title")
    return Spec(
        path,
        title or where,
        _text(path, data, "household") or where,
        title or "Recovery binder",
        tuple(people),
        tuple(entries),
        note=_text(path, data, "note"),
        problems=tuple(problems),
    )


def _visible(folder: str) -> tuple[list[str], list[Problem]]:
    """Names in a folder in a stable order, and a Problem for each hidden or backup one left
    out (a leading dot; a `~` before or after the name, as editors' backups and locks have)."""
    try:
        names = os.listdir(folder)
    except OSError as exc:
        raise InputError(
            folder, f"cannot be read ({exc.strerror})", "check its permissions"
        ) from None
    shown, left_out = [], []
    for name in sorted(names, key=lambda name: (name.casefold(), name)):
        path = os.path.join(folder, name)
        if name.startswith("."):
            left_out.append(Problem(path, "hidden (its name starts with a dot)", RENAME))
        elif name.startswith("~") or name.endswith("~"):
            left_out.append(
                Problem(
                    path,
                    "named like an editor's backup or lock file (~)",
                    RENAME + " (or is a person's folder)",
                )
            )
        else:
            shown.append(name)
    return shown, left_out


def _toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})", "check the path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        where = str(exc).rsplit("(", 1)[-1].rstrip(")") if "(" in str(exc) else "somewhere"
        raise InputError(
            path, f"is not valid TOML ({where})", "see `mksheet binder --help` for an example"
        ) from None


def _no_unknown(path: str, table: dict, known: set, where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(
            path,
            f"unknown key {', '.join(unknown)} in {where}",
            f"the keys there are {', '.join(sorted(known))}",
        )


def _list(path: str, table: dict, key: str, what: str) -> list:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise InputError(path, f"{key} must be a list", f"write it as a {what}")
    return value


def _text(path: str, table: dict, key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(path, f"{key} must be text", f'write {key} = "..."')
    return value.strip() if value else None


def _entry(path: str, folder: str, person: str, item) -> Entry:
    """One item of a person's files: "path" or {file = "path", provider = .., account = ..}."""
    if isinstance(item, str):
        item = {"file": item}
    if not isinstance(item, dict) or not isinstance(item.get("file"), str):
        raise InputError(
            path,
            f"a file of {person!r} has no path",
            'write "path/to/file.txt" or { file = "path/to/file.txt" }',
        )
    _no_unknown(path, item, FILE_KEYS, f"a file of {person!r}")
    return Entry(
        person,
        os.path.join(folder, os.path.expanduser(item["file"])),
        _text(path, item, "provider"),
        _text(path, item, "account"),
    )
