"""The user guide (docs/guide/README.md) served as a page: the help link of every page (issue 10.11).

The guide is written once, in the repository, and read here; its screenshots are static files
(settings: STATICFILES_DIRS "guide/"), so the page works offline on the county's own server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from markdown_it import MarkdownIt

IMAGE = re.compile(r'src="img/([\w.-]+)"')


@dataclass(frozen=True)
class Guide:
    title: str
    sections: list[tuple[str, str]]  # (anchor, heading) of each chapter, for the contents
    html: str


def guide_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "guide" / "README.md"


def load_guide() -> Guide:
    path = guide_path()
    return _render(path.read_text(encoding="utf-8"), path.stat().st_mtime_ns)


@cache
def _render(text: str, mtime: int) -> Guide:
    """Markdown → HTML once per version of the file (trusted text from the repository)."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(text)
    title, sections = "用户指南", list[tuple[str, str]]()
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        heading = tokens[i + 1].content
        if token.tag == "h1":
            title = heading
        elif token.tag == "h2":
            anchor = f"s{len(sections) + 1}"
            token.attrSet("id", anchor)
            sections.append((anchor, heading))
    html = md.renderer.render(tokens, md.options, {})
    html = IMAGE.sub(lambda m: f'src="{static("guide/" + m.group(1))}"', html)
    return Guide(title, sections, html)
