"""Small text helpers shared by the readers and the per-article stages: normalizing values, turning HTML into blocks, case-blind search."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import ftfy
import lxml.html
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES
from lxml import etree

from .model import Block

# C0/C1 controls (except tab and newline, which whitespace collapsing handles), the
# bidi marks, embeddings, overrides and isolates that can reorder a title on screen
# (U+061C, U+200E/F, U+202A-E, U+2066-9), and invisible format characters (zero-width
# space, word joiner, invisible operators, BOM). The zero-width joiner U+200D stays:
# emoji sequences and Indic scripts need it.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# ASCII controls other than tab and newline: the only ASCII that ftfy or `_INVISIBLE` would change.
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# Characters that one of ftfy's fixers other than the mojibake repair changes wherever they
# stand: the controls it removes, C1 controls, line breaks other than a newline, Latin
# ligatures, surrogates. A newline too: ftfy repairs each line apart, its mojibake test
# anchored at each line's start.
_FTFY_CHANGES = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + "".join(re.escape(chr(c)) for c in sorted({*CONTROL_CHARS, *LIGATURES}))
    + "]"
)
_FTFY_SEGMENT = ftfy.TextFixerConfig().max_decode_length
"""ftfy repairs longer text in pieces of this many characters."""
# Typographic punctuation that ftfy's mojibake test (`is_bad`) never needs: each of its
# patterns needs a character other than ASCII and these, so a line of ASCII and these alone
# (most English lines with curly quotes or dashes) is never bad (tests/test_textutil.py
# checks this against ftfy's patterns). The gate then takes 0.14 against 0.39 s for the
# 5,355 lines of 1,000 synthetic seeds that reach it, 0.026 against 0.089 s for those of the
# extraction benchmark's pages.
TYPOGRAPHY = "‘’“”–—…"
_BEYOND_TYPOGRAPHY = re.compile(f"[^\x00-\x7f{TYPOGRAPHY}]")
_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\Z")
_SPACE = re.compile(r"\s+")
_SKIP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "form", "button", "figcaption", "nav", "aside", "footer"}
_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_BLOCK_TAGS = {"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "div", "section", "article", "main", "header", "ul", "ol", "table", "tr", "tbody", "thead", "figure", "dl"} | set(_HEADINGS)


def clean_text(text: str) -> str:
    """One line of display text: mojibake repaired, NFC, invisible controls gone, spaces collapsed."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        # ASCII cannot be mojibake and is NFC already: ftfy would return it unchanged, at
        # 20 µs a call on the seeds' lines, where this test costs well under 1 µs.
        return collapse_spaces(text)
    if _ftfy_may_change(text):
        text = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    return collapse_spaces(_INVISIBLE.sub("", text))


def _ftfy_may_change(text: str) -> bool:
    """Whether `ftfy.fix_text` (as `clean_text` calls it) could change `text`. It leaves a
    line alone when its mojibake test (`is_bad`, the gate of its encoding repair) finds
    nothing, none of its other fixers has a character to change, and the line is NFC:
    most lines with curly quotes or a pound sign, at half the cost of the whole repair."""
    return (
        len(text) > _FTFY_SEGMENT
        or _FTFY_CHANGES.search(text) is not None
        or not unicodedata.is_normalized("NFC", text)
        or (_BEYOND_TYPOGRAPHY.search(text) is not None and is_bad(text))
    )


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends: `str.split` takes the same
    characters for whitespace as the regex `\\s`, at a fifth of the cost."""
    return " ".join(text.split())


def safe_url(value: object) -> str | None:
    """The value if it is an absolute http(s) URL with a host, else None (never a made-up link)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _SPACE.search(value) or _INVISIBLE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def article_url(value: object) -> str | None:
    """A safe URL that can be an article's own address: not a site's front page.

    A canonical link or `link` that points at "/" names the publisher, not the
    article; showing it as the source would send readers to the wrong page.
    """
    url = safe_url(value)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.path.strip("/") == "" and not parts.query:
        return None
    return url


def language_code(value: object) -> str | None:
    """The primary language subtag of a BCP 47 tag or locale ("en-US", "ja_JP" -> "en", "ja")."""
    match = _LANGUAGE.match(value.strip()) if isinstance(value, str) else None
    return match.group(1).lower() if match else None


def html_to_text(fragment: str) -> str:
    """Inline HTML (a title, an excerpt) to plain text, entities decoded."""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(f"<div>{fragment}</div>")
    except (etree.ParserError, ValueError):
        return clean_text(fragment)
    return clean_text(_visible_text(root))


def _visible_text(element: etree._Element) -> str:
    """All text of an element except inside scripts, captions and the other skipped tags."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
            parts.append(_visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _own_text(element: etree._Element) -> str:
    """Text of an element without the text of nested lists (they become their own items)."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag in ("ul", "ol") or child.tag in _SKIP_TAGS:
            parts.append(child.tail or "")
            continue
        parts.append(_own_text(child) if child.tag not in ("br",) else " ")
        parts.append(child.tail or "")
    return "".join(parts)


def _walk(element: etree._Element, blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _SKIP_TAGS:
            continue
        if tag in _HEADINGS:
            text = clean_text(_visible_text(child))
            if text:
                blocks.append(Block("heading", text, _HEADINGS[tag]))
        elif tag == "li":
            text = clean_text(_own_text(child))
            if text:
                blocks.append(Block("item", text))
            _walk_lists(child, blocks)
        elif tag in ("p", "pre", "dt", "dd") or (tag in _BLOCK_TAGS and not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in child)):
            text = clean_text(_visible_text(child))
            if text:
                blocks.append(Block("paragraph", text))
        else:
            if child.text and child.text.strip() and tag in _BLOCK_TAGS:
                blocks.append(Block("paragraph", clean_text(child.text)))
            _walk(child, blocks)
            if child.tail and child.tail.strip():
                blocks.append(Block("paragraph", clean_text(child.tail)))


def _walk_lists(item: etree._Element, blocks: list[Block]) -> None:
    for nested in item:
        if isinstance(nested.tag, str) and nested.tag in ("ul", "ol"):
            _walk(nested, blocks)


def html_to_blocks(fragment: str) -> tuple[Block, ...]:
    """An HTML fragment (WordPress `content.rendered`, a feed entry) to text blocks.

    Scripts, styles, frames, forms and captions are dropped; headings, paragraphs and
    list items keep their structure; all markup becomes plain text.
    """
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ()
    blocks: list[Block] = []
    if root.text and root.text.strip():
        blocks.append(Block("paragraph", clean_text(root.text)))
    _walk(root, blocks)
    return tuple(blocks)


def strip_accents_lower(text: str) -> str:
    """Case- and accent-insensitive key for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # no combining marks: most names and titles
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))
