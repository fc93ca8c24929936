"""Printed prose from the jinja2 templates in templates/ (never codes).

A template renders to light markup: `## ` starts a section, `- ` a bullet, any other
non-blank line a paragraph. Layout turns the blocks into wrapped lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs; bullets keep their leading `- `."""

    heading: str
    paragraphs: tuple[str, ...]


def render(name: str, **context) -> tuple[Section, ...]:
    """Render `templates/<name>` with context and split it into sections."""
    return parse(_environment().get_template(name).render(**context))


def parse(text: str) -> tuple[Section, ...]:
    """Split rendered template text into sections of paragraphs."""
    sections: list[Section] = []
    heading, paragraphs = "", []
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

    try:
        folder = resources.files("sheets.templates")
    except ModuleNotFoundError:  # a source checkout run without installing: templates/ beside
        folder = Path(__file__).resolve().parents[2] / "templates"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text("utf-8")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
