"""Seed text to Markdown, HTML and URLs that are text and nothing else.

Generated pages must read the same in CommonMark and Python-Markdown and must
never let seed text become markup, a link, an extension directive or a
template. Markdown punctuation gets a backslash (both parsers honour it for
these characters); `&`, `<`, `>` and `|` become entities, and so does any
character that would open a block at the start of a line.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from markupsafe import Markup

# Backslash-escapable in Python-Markdown's core set and in CommonMark, and the characters
# written as entities. One pass over a text for both: a third less time than two, and
# escaping article text was a fifth of rendering the article pages.
_ESCAPED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", **{c: "\\" + c for c in "\\`*_{}[]"}}
_TO_ESCAPE = re.compile(r"[&<>|\\`*_{}\[\]]")
# Characters that start a block construct when they open a line: headings, quotes,
# lists, thematic breaks, fences, admonitions, definition lists, tables.
_LINE_START = re.compile(r"^(?:([#>+\-=~:!?%/])|(\d+)([.)]))")
_URL_SAFE = ":/?#@!$&*+,;=%~-._[]"


def md_text(text: str) -> Markup:
    """Plain text as Markdown that renders exactly that text, on one line."""
    text = _TO_ESCAPE.sub(lambda m: _ESCAPED[m.group()], " ".join(str(text).split()))
    start = _LINE_START.match(text)
    if start:
        marker, digits, after = start.groups()
        head = f"&#{ord(marker)};" if marker else f"{digits}&#{ord(after)};"
        text = head + text[start.end():]
    return Markup(text)


def html_text(text: str) -> str:
    """Plain text for an HTML context that MkDocs and Material emit without escaping
    (page titles and descriptions in front matter)."""
    return html.escape(" ".join(str(text).split()), quote=False).replace('"', "&quot;")


def md_url(url: str) -> Markup:
    """An http(s) URL (already checked by `safe_url`) fit for a Markdown link destination."""
    return Markup(quote(url, safe=_URL_SAFE))
