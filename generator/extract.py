"""Metadata the text itself gives: publisher line, repeated title, meta line, credits,
takeaways, datelines, language; and publisher names resolved through `sources.yml`.

Each `extract_*` function is a pure stage `Article -> Article`. They look only for
what the text states; when it does not state something they leave it empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from urllib.parse import urlsplit

from .curated import Curated
from .model import Article, Block, Credit, Removed, Source, with_origin
from .textutil import strip_accents_lower

_META_LINE = re.compile(r"Meta(?: description)?:\s*(?P<text>.+)", re.IGNORECASE)
_CREDIT = re.compile(r"(?:Original )?Source:\s*(?P<text>.+)", re.IGNORECASE)
_CREDIT_WITH_PUBLISHER = re.compile(r"(?P<title>.+?)\s*\((?P<name>[^()]+)\)")
_TAKEAWAYS_HEADING = re.compile(r"Key (?:Takeaways?|Points|Findings)\s*:?", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATELINE = re.compile(
    rf"(?:(?:Published|Posted|Updated|Last updated)(?: on)?:?|By [^|,]{{1,60}}[|,•·-])\s*"
    rf"(?P<date>(?:{_MONTHS}) \d{{1,2}},? \d{{4}}|\d{{1,2}} (?:{_MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b.{{0,40}}",
    re.IGNORECASE,
)
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_HAN = re.compile("[\u4e00-\u9fff]")
_ENGLISH = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "as", "are", "it", "by"}


def find_source(name: str | None, sources: tuple[Source, ...]) -> Source | None:
    """The known publisher that `name` (a display name or alias) refers to."""
    if not name:
        return None
    key = strip_accents_lower(name).strip()
    for source in sources:
        if key in (strip_accents_lower(n) for n in (source.name, source.id, *source.aliases)):
            return source
    return None


def find_source_by_url(url: str | None, sources: tuple[Source, ...]) -> Source | None:
    """The known publisher whose domain serves `url`."""
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for source in sources:
        if any(host == d or host.endswith("." + d) for d in source.domains):
            return source
    return None


def extract_publisher_line(article: Article, curated: Curated) -> Article:
    """A pasted page that opens with its publisher's name: that line is the publisher, not the title."""
    source = find_source(article.title, curated.sources)
    if article.origin("title") != "text:first-line" or source is None or not article.blocks:
        return article
    headline = article.blocks[0]
    if headline.kind == "item" or len(headline.text.split()) > 30:
        return article
    return replace(
        article,
        title=headline.text,
        blocks=article.blocks[1:],
        source=source.name,
        provenance=with_origin(article.provenance, title="text:line-after-publisher", source="text:publisher-line"),
    )


def drop_repeated_title(article: Article) -> Article:
    """Pages often print the headline twice (title bar and heading); keep it once."""
    blocks = article.blocks
    while blocks and strip_accents_lower(blocks[0].text) == strip_accents_lower(article.title):
        blocks = blocks[1:]
    return replace(article, blocks=blocks)


def _take(article: Article, pattern: re.Pattern[str], reason: str) -> tuple[list[str], tuple[Block, ...], tuple[Removed, ...]]:
    """Blocks wholly matching `pattern`: their `text` groups, the other blocks, what was removed."""
    found, kept, removed = [], [], list(article.removed)
    for block in article.blocks:
        match = pattern.fullmatch(block.text)
        if match:
            found.append(match.group("text").strip())
            removed.append(Removed(block.text, reason))
        else:
            kept.append(block)
    return found, tuple(kept), tuple(removed)


def extract_description(article: Article) -> Article:
    """A pasted page's `Meta:` line is its meta description: metadata, not body text."""
    found, blocks, removed = _take(article, _META_LINE, "meta description (kept as the description)")
    if not found:
        return article
    if article.description:
        return replace(article, blocks=blocks, removed=removed)
    return replace(
        article,
        blocks=blocks,
        removed=removed,
        description=found[0],
        provenance=with_origin(article.provenance, description="text:meta-line"),
    )


def parse_credit(text: str) -> Credit:
    """"Title (Publisher)" or just "Publisher"."""
    match = _CREDIT_WITH_PUBLISHER.fullmatch(text)
    if match:
        return Credit(name=match.group("name").strip(), title=match.group("title").strip())
    return Credit(name=text.strip().rstrip("."))


def extract_credits(article: Article) -> Article:
    """"Original Source: X" lines credit where the story came from; keep them as data."""
    found, blocks, removed = _take(article, _CREDIT, "credited original source (kept as credits)")
    if not found:
        return article
    credits = article.credits + tuple(parse_credit(text) for text in found)
    return replace(
        article,
        blocks=blocks,
        removed=removed,
        credits=credits,
        provenance=with_origin(article.provenance, credits="text:original-source-line"),
    )


def extract_takeaways(article: Article) -> Article:
    """The article's own "Key Takeaways"/"Key Points" list, under a heading of that name."""
    takeaways: list[str] = []
    for index, block in enumerate(article.blocks):
        if block.kind == "heading" and _TAKEAWAYS_HEADING.fullmatch(block.text):
            for item in article.blocks[index + 1:]:
                if item.kind != "item":
                    break
                takeaways.append(item.text)
            break
    if not takeaways:
        return article
    return replace(article, takeaways=tuple(takeaways), provenance=with_origin(article.provenance, key_points="text:key-takeaways"))


def _parse_day(text: str) -> str | None:
    for fmt in ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def extract_dateline(article: Article) -> Article:
    """A full date on a dateline or byline near the top ("Published: April 3, 2026").

    A year or month mentioned in the prose is not a publication date, so only short
    lines in the first few blocks that say they are a dateline count.
    """
    if article.date:
        return article
    for block in article.blocks[:6]:
        match = _DATELINE.fullmatch(block.text) if len(block.text) < 160 else None
        day = _parse_day(match.group("date").replace("  ", " ")) if match else None
        if day:
            return replace(
                article,
                date=day,
                date_precision="day",
                blocks=tuple(b for b in article.blocks if b is not block),
                removed=article.removed + (Removed(block.text, "dateline (kept as the date)"),),
                provenance=with_origin(article.provenance, date="text:dateline"),
            )
    return article


def extract_language(article: Article) -> Article:
    """The language by its script (kana: Japanese) or common English words; else unknown."""
    if article.language:
        return article
    sample = " ".join(b.text for b in article.blocks[:30])[:6000]
    if _KANA.search(sample) and len(_KANA.findall(sample)) > 20:
        language = "ja"
    elif len(_HANGUL.findall(sample)) > 20:
        language = "ko"
    elif len(_HAN.findall(sample)) > 40:
        language = "zh"
    else:
        words = re.findall(r"[a-z]+", sample.lower())
        language = "en" if words and sum(w in _ENGLISH for w in words) / len(words) > 0.08 else None
    if language is None:
        return article
    return replace(article, language=language, provenance=with_origin(article.provenance, language="detected:script-and-stopwords"))


def resolve_publisher(article: Article, curated: Curated) -> Article:
    """The publisher's display name from `sources.yml`: by the name given, else by the link's domain."""
    known = find_source(article.source, curated.sources)
    if known is not None:
        return replace(article, source=known.name)
    if article.source:
        return article
    by_domain = find_source_by_url(article.source_url, curated.sources)
    if by_domain is None:
        return article
    return replace(article, source=by_domain.name, provenance=with_origin(article.provenance, source="sources:domain-of-source_url"))


def extract_metadata(article: Article, curated: Curated) -> Article:
    """Every text-level metadata stage, in the order they depend on each other."""
    article = extract_publisher_line(article, curated)
    article = drop_repeated_title(article)
    article = extract_description(article)
    article = extract_credits(article)
    article = extract_dateline(article)
    article = extract_takeaways(article)
    article = extract_language(article)
    return resolve_publisher(article, curated)
