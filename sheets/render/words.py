"""Printed prose from the jinja2 templates in templates/ (never codes).

A template renders to light markup: `## ` starts a section, `- ` a bullet, any other
non-blank line a paragraph. Layout turns the blocks into wrapped lines.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple
from functools import lru_cache
from importlib import resources
from pathlib import Path


class Section(NamedTuple):
    """A heading and its paragraphs; bullets keep their leading `- `."""

    heading: str
    paragraphs: tuple[str, ...]


def render(name: str, **context) -> tuple[Section, ...]:
    """Render `templates/<name>` with context and split it into sections."""
    return parse(_environment().get_template(name).render(**context))


# The sentences in a provider's "use" text that say how to type a code; the how-to says the
# typing rule once, so they are taken out of the "use" text and said in one place.
TYPING_RULE = re.compile(r"\s*(?:[^.]*\b(?:optional|do not matter)\b[^.]*\.)")


def sheet_context(name: str, facts, codes, service: str | None, regrouped: bool,
                  known: bool = True) -> dict:
    """What the sheet's templates say, worded for this provider and kind (no code)."""
    rules = [m.strip() for m in TYPING_RULE.findall(facts.use)]
    mixed = any(c.isupper() for code in codes.codes for c in code) and any(
        c.islower() for code in codes.codes for c in code)
    one = len(codes.codes) == 1 or not facts.one_time
    account = name if name.lower().endswith("account") else f"{name} account"
    if not (known or service):
        account, name = "account on that website", "the website"
    return dict(provider=name, label=facts.label, use=TYPING_RULE.sub("", facts.use).strip(),
                regenerate=facts.regenerate, one_time=facts.one_time, single=one,
                kind=codes.kind, loose=facts.loose, rule=" ".join(rules),
                case_matters=mixed and not facts.loose and "case" not in facts.use,
                regrouped=regrouped, service=service,
                account_text=f"{codes.account} at {name}" if codes.account else f"your {account}")


def parse(text: str) -> tuple[Section, ...]:
    """Split rendered template text into sections of paragraphs."""
    sections: list[Section] = []
    heading, paragraphs = "", list[str]()
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith("## "):
            if heading or paragraphs:
                sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = line[3:], []
        elif line:
            paragraphs.append(line)
    if heading or paragraphs:
        sections.append(Section(heading, tuple(paragraphs)))
    return tuple(sections)


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        """A cache that cannot be read or written costs time, never a failure."""

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # unreadable or stale: compile afresh
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    try:
        templates = resources.files("sheets.templates")
    except ModuleNotFoundError:  # a source checkout run without installing: templates/ beside
        templates = Path(__file__).resolve().parents[2] / "templates"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (templates / name).read_text("utf-8")),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=QuietCache(folder) if (folder := _cache_folder()) else None,
        autoescape=False,
        keep_trailing_newline=True,
    )


def _cache_folder() -> str | None:
    """Where compiled templates are kept between runs: jinja2 compiles a template in more
    time than it takes to draw a sheet. Templates are prose; no code ever passes through
    one, so nothing secret is cached."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "mksheet", "templates")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
