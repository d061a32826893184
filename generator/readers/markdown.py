"""Markdown written by a contributor, with YAML front matter whose fields win.

The front matter is split off here (python-frontmatter's detector, our own
splitter so an unterminated block is an error rather than silently ignored) and
parsed with the strict YAML loader. Its fields are the ones an override sidecar
can set, checked by the same `overrides.parse_fields`; keys it does not know
(another tool's `layout:`, a typo) are warnings with a did-you-mean. The Markdown
body becomes plain-text blocks, so no link, image or HTML in it reaches the site
as markup.
"""

from __future__ import annotations

from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

from ..model import Article, Block, Problem, Seed, with_origin
from ..overrides import OverrideError, apply_fields, parse_fields
from ..seeds import SeedError
from ..textutil import clean_text, html_to_blocks
from ..yamlio import YamlError, load_yaml

FORMAT = "markdown"
_HANDLER = YAMLHandler()
# Raw HTML is parsed as HTML so it can be turned into text (scripts and styles dropped)
# rather than kept as literal tags; nothing from this parser is ever rendered.
_PARSER = MarkdownIt("commonmark", {"html": True})
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
        elif token.type == "html_block" and token.content.lstrip().startswith("<!--") and "-->" not in token.content:
            # An unclosed comment would hide the rest of the article: it is text, not markup.
            blocks.append(Block("paragraph", clean_text(token.content)))
        elif token.type == "html_block":
            blocks.extend(html_to_blocks(token.content))
        elif token.type == "inline":
            text = _inline_text(token)
            if text:
                blocks.append(Block(kind, text, level))
    return tuple(blocks)


def read_front_matter(seed: Seed, raw: str) -> tuple[dict, list[str]]:
    """Validated front-matter fields (the ones an override can set) and warnings about unknown keys."""
    try:
        meta = load_yaml(raw) if raw.strip() else {}
    except YamlError as exc:
        raise SeedError(f"front matter: {exc.message}", exc.line + 1 if exc.line else 1) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SeedError("front matter must be a mapping of field: value", 2)
    values, errors = parse_fields(meta, raw, topic_ids=None, line_offset=1)
    invalid = [e for e in errors if not e.unknown_key]
    if invalid:
        raise OverrideError([Problem(str(seed.path), "error", f"front matter: {e.message}", e.line) for e in invalid])
    warnings = [f"front matter line {e.line}: {e.message}; ignored" if e.line else f"front matter: {e.message}; ignored" for e in errors if e.unknown_key]
    return values, warnings


def read(seed: Seed) -> list[Article]:
    """One article; front-matter fields win over anything found in the text."""
    raw, body, body_line = split_front_matter(seed.text)
    values, warnings = read_front_matter(seed, raw)
    blocks = markdown_blocks(body)
    title, title_origin = values.pop("title", ""), "front-matter:title"
    if not title and blocks and blocks[0].kind == "heading":
        title, blocks, title_origin = blocks[0].text, blocks[1:], "markdown:first-heading"
    if not title:
        raise SeedError("no title: add 'title:' to the front matter or start the text with a '# Heading'", 2)
    if not blocks:
        raise SeedError("no article text after the front matter", body_line)
    article = Article(
        id=seed.id,
        seed=str(seed.path),
        format=FORMAT,
        title=title,
        blocks=blocks,
        warnings=seed.warnings + tuple(warnings),
        provenance=with_origin((), title=title_origin, body="markdown:body"),
    )
    return [apply_fields(article, values, "front-matter:{key}")]
