"""Markdown written by a contributor, with YAML front matter whose fields win.

The front matter is split off here (python-frontmatter's detector, our own
splitter so an unterminated block is an error rather than silently ignored) and
parsed with the strict YAML loader; the Markdown body becomes plain-text blocks,
so no link, image or HTML in it reaches the site as markup.
"""

from __future__ import annotations

import datetime as dt
import re

from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

from ..model import Article, Block, Seed, with_origin
from ..seeds import SeedError
from ..textutil import clean_text, safe_url
from ..yamlio import YamlError, load_yaml

FORMAT = "markdown"
FIELDS = ("title", "date", "updated", "source", "source_url", "author", "language", "description", "summary", "topics", "story")
_HANDLER = YAMLHandler()
_PARSER = MarkdownIt("commonmark", {"html": False})
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\Z")
_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}


def sniff(text: str) -> bool:
    """Text that opens with a `---` front-matter line."""
    return bool(_HANDLER.detect(text))


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise SeedError("front matter opened with '---' is never closed: add a '---' line after it", 1)


def parse_date(value: object) -> tuple[str, str] | None:
    """A front-matter date as (ISO text, precision), or None if it is not a real date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and 1900 <= value <= 2100:
        return str(value), "year"
    match = _PARTIAL_DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    precision = "day" if day else "month" if month else "year"
    return match.group(0), precision


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return clean_text("".join(parts))


def markdown_blocks(body: str) -> tuple[Block, ...]:
    """Markdown to plain-text blocks: headings, paragraphs and list items."""
    blocks = []
    tokens = _PARSER.parse(body)
    depth = 0
    kind = "paragraph"
    level = 0
    for token in tokens:
        if token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "heading_open":
            kind, level = "heading", _LEVELS.get(token.tag, 2)
        elif token.type in ("paragraph_open", "fence", "code_block"):
            kind, level = ("item" if depth else "paragraph"), 0
            if token.type != "paragraph_open" and token.content.strip():
                blocks.append(Block("paragraph", clean_text(token.content)))
        elif token.type == "inline":
            text = _inline_text(token)
            if text:
                blocks.append(Block(kind, text, level))
    return tuple(blocks)


def read(seed: Seed) -> list[Article]:
    """One article; front-matter fields win over anything found in the text."""
    raw, body, body_line = split_front_matter(seed.text)
    try:
        meta = load_yaml(raw) if raw.strip() else {}
    except YamlError as exc:
        raise SeedError(f"front matter: {exc.message}", (exc.line or 0) + 1 if exc.line else 1) from None
    if not isinstance(meta, dict):
        raise SeedError("front matter must be a mapping of field: value", 2)
    unknown = sorted(str(k) for k in meta if k not in FIELDS)
    warnings = list(seed.warnings) + [f"front matter: unknown field {k!r} ignored (known: {', '.join(FIELDS)})" for k in unknown]
    blocks = markdown_blocks(body)
    title = clean_text(str(meta["title"])) if meta.get("title") else ""
    origin_title = "front-matter:title"
    if not title and blocks and blocks[0].kind == "heading":
        title, blocks, origin_title = blocks[0].text, blocks[1:], "markdown:first-heading"
    if not title:
        raise SeedError("no title: add 'title:' to the front matter or start the text with a '# Heading'", 2)
    if not blocks:
        raise SeedError("no article text after the front matter", body_line)
    date = parse_date(meta.get("date")) if meta.get("date") is not None else None
    if meta.get("date") is not None and date is None:
        raise SeedError(f"front matter: 'date' {meta['date']!r} is not a date (use YYYY-MM-DD)", 2)
    updated = parse_date(meta.get("updated")) if meta.get("updated") is not None else None
    url = safe_url(meta.get("source_url"))
    if meta.get("source_url") is not None and url is None:
        raise SeedError("front matter: 'source_url' must be an absolute http(s) URL", 2)
    text_field = {k: clean_text(str(meta[k])) or None for k in ("source", "author", "language", "description") if meta.get(k)}
    return [
        Article(
            id=seed.id,
            seed=str(seed.path),
            format=FORMAT,
            title=title,
            blocks=blocks,
            date=date[0] if date else None,
            date_precision=date[1] if date else None,
            updated=updated[0] if updated else None,
            source=text_field.get("source"),
            source_url=url,
            author=text_field.get("author"),
            language=text_field.get("language"),
            description=text_field.get("description"),
            warnings=tuple(warnings),
            provenance=with_origin(
                (),
                title=origin_title,
                date="front-matter:date" if date else None,
                updated="front-matter:updated" if updated else None,
                source_url="front-matter:source_url" if url else None,
                **{k: f"front-matter:{k}" for k in text_field},
            ),
        )
    ]
