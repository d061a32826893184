"""A saved HTML page: trafilatura finds the article text and metadata, htmldate the dates.

trafilatura scores best among open-source extractors on the article-extraction
benchmark (F1 0.958); we keep its structure (headings, paragraphs, list items)
and drop the headline from the body, since the title is kept apart.
"""

from __future__ import annotations

import re

from htmldate import find_date
from lxml import etree

from ..model import Article, Block, Seed, with_origin
from ..seeds import SeedError
from ..textutil import clean_text, safe_url

FORMAT = "html"
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def sniff(text: str) -> bool:
    """A document that starts like an HTML page."""
    return bool(_HTML_START.match(text[:4096]))


def _blocks(body: etree._Element) -> list[Block]:
    blocks = []
    for element in body.iter("head", "p", "item", "quote", "cell", "code"):
        if element.getparent() is not None and element.getparent().tag in ("item", "quote", "cell"):
            continue
        text = clean_text("".join(element.itertext()))
        if not text:
            continue
        if element.tag == "head":
            blocks.append(Block("heading", text, _LEVELS.get(element.get("rend", "h2"), 2)))
        elif element.tag == "item":
            blocks.append(Block("item", text))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def _date(html: str, original: bool) -> str | None:
    # extensive_search=False: dates from the page's metadata and markup only, never
    # a year mentioned in the prose, which is not a publication date.
    try:
        found = find_date(html, original_date=original, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises assorted errors on broken markup; a missing date is honest
        return None
    return found if isinstance(found, str) and _DAY.match(found) else None


def read(seed: Seed) -> list[Article]:
    """One article: the page's main text and its metadata."""
    from trafilatura import bare_extraction  # heavy import, only for HTML seeds

    try:
        doc = bare_extraction(seed.text, with_metadata=True, include_comments=False, include_tables=True)
    except (ValueError, RecursionError, etree.LxmlError) as exc:
        raise SeedError(f"HTML could not be parsed: {exc}") from None
    if doc is None or doc.body is None:
        raise SeedError("no article text found in the HTML page")
    title = clean_text(doc.title or "")
    blocks = _blocks(doc.body)
    if blocks and blocks[0].kind == "heading" and blocks[0].text == title:
        blocks = blocks[1:]
    if not title:
        raise SeedError("the HTML page has no title (<title>, og:title or <h1>)")
    if not blocks:
        raise SeedError("no article text found in the HTML page")
    date = _date(seed.text, original=True)
    updated = _date(seed.text, original=False)
    url = safe_url(doc.url)
    site = clean_text(doc.sitename or "") or None
    author = clean_text(doc.author or "") or None
    description = clean_text(doc.description or "") or None
    language = clean_text(doc.language or "") or None
    return [
        Article(
            id=seed.id,
            seed=str(seed.path),
            format=FORMAT,
            title=title,
            blocks=tuple(blocks),
            date=date,
            date_precision="day" if date else None,
            updated=updated if updated and updated != date else None,
            source=site,
            source_url=url,
            author=author,
            language=language,
            description=description,
            warnings=seed.warnings,
            provenance=with_origin(
                (),
                title="html:trafilatura.title",
                date="html:htmldate.original" if date else None,
                updated="html:htmldate.updated" if updated and updated != date else None,
                source_url="html:canonical" if url else None,
                source="html:site-name" if site else None,
                author="html:author" if author else None,
                description="html:meta-description" if description else None,
                language="html:lang" if language else None,
            ),
        )
    ]
