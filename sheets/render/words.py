"""Printed prose from the jinja2 templates in templates/ (never codes).

A template renders to light markup: `## ` starts a section, `- ` a bullet, any other
non-blank line a paragraph. Layout turns the blocks into wrapped lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from sheets.model import Sheet
from sheets.read.providers import by_key
from sheets.render import grid
from sheets.render.frame import provider_name


class Section(NamedTuple):
    """A heading and its paragraphs; bullets keep their leading `- `."""

    heading: str
    paragraphs: tuple[str, ...]


def render(name: str, **context) -> tuple[Section, ...]:
    """Render `templates/<name>` with context and split it into sections."""
    return parse(plain(_environment().get_template(name).render(**context)))


MARKUP = re.compile(r"`([^`\n]*)`")


def plain(text: str) -> str:
    """Text as printed: a provider's `npm login` in quotes, never with its backticks."""
    return MARKUP.sub(r'"\1"', text)


def sheet_prose(context: dict) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
    """A sheet's how-to and storage advice, for a context from sheet_context."""
    return _sheet_prose(tuple(sorted(context.items())))


@lru_cache(maxsize=256)
def _sheet_prose(context: tuple) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
    """Remembered: a binder lays each sheet out twice, and many sheets share their words
    (the context is prose about a provider and an account, never a code)."""
    return render("sheet.txt.j2", **dict(context)), render("storage.txt.j2", **dict(context))


URL = re.compile(r"https?://([^\s()\"]+?)[.,;:)]?(?=[\s()\"]|$)")
# The sentences in a provider's "use" text that say how to type a code; the how-to says the
# typing rule once, so they are taken out of the "use" text and said in one place.
TYPING_RULE = re.compile(r"\s*(?:[^.]*\b(?:optional|do not matter)\b[^.]*\.)")


def sheet_context(
    name: str, facts, codes, service: str | None, regrouped: bool, known: bool = True
) -> dict:
    """What the sheet's templates say, worded for this provider and kind (no code)."""
    rule, use = _typing(facts.use)
    mixed = any(c.isupper() for code in codes.codes for c in code) and any(
        c.islower() for code in codes.codes for c in code
    )
    one = len(codes.codes) == 1 or not facts.one_time
    if not (known or service):
        name = "the website"
    return dict(
        provider=name,
        label=facts.label,
        use=use,
        regenerate=facts.regenerate,
        one_time=facts.one_time,
        needs_password=facts.needs_password,
        single=one,
        kind=codes.kind,
        loose=facts.loose,
        rule=rule,
        case_matters=mixed and not facts.loose and "case" not in facts.use,
        regrouped=regrouped,
        service=service,
    )


@lru_cache(maxsize=128)
def _typing(use: str) -> tuple[str, str]:
    """(the typing rule, the rest of the "use" text): once per provider and kind, as the
    rule's pattern scans each sentence from every position in it."""
    rules = [m.strip() for m in TYPING_RULE.findall(use)]
    return " ".join(rules), TYPING_RULE.sub("", use).strip()


def sign_in(use: str) -> str | None:
    """The first address in a provider's "where to use it" sentence, without https://."""
    found = URL.search(use)
    return found.group(1).rstrip("/") if found else None


def sheet_name(provider, service: str | None) -> str:
    """The service's name as printed: the provider's, the file's, or "not recognised"."""
    if provider.fallback and service:
        return service
    return provider_name(provider)


def sheet_words(sheet: Sheet) -> tuple[tuple, tuple]:
    """The how-to and the storage advice, worded for this provider and kind."""
    codes, provider = sheet.codes, by_key(sheet.codes.provider)
    service, facts = getattr(codes, "service", None), provider.facts(codes.kind)
    regrouped = codes.kind != "recovery-phrase" and grid.regrouped(codes.codes)
    context = sheet_context(
        sheet_name(provider, service), facts, codes, service, regrouped, known=not provider.fallback
    )
    return sheet_prose(context)


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
    """The templates' jinja2 environment: compiled in memory, once a run, never kept on disk
    (compiled templates are code)."""
    import jinja2

    templates = _templates()
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (templates / name).read_text("utf-8")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


def _templates():
    """The templates folder: installed, sheets/templates; in a checkout (run from source or
    installed editable), templates/ beside sheets/. Read directly: importlib.resources
    costs a sheet 5 ms in imports and look-ups."""
    here = Path(__file__).resolve().parents[1]
    for folder in (here / "templates", here.parent / "templates"):
        if folder.is_dir():
            return folder
    from importlib import resources

    return resources.files("sheets.templates")
