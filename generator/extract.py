"""Metadata the text itself gives: publisher line, repeated title, meta line, bylines and
datelines, a link to the original, credits, takeaways, language; and publisher names
resolved through `sources.yml`.

Each `extract_*` function is a pure stage `Article -> Article`. They look only for
what the text states; when it does not state something they leave it empty. A line
that gave a field leaves the body and is listed in `removed` with what it became.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlsplit

from .clean import junk_reason
from .curated import Curated
from .dates import TEXT_DATE, day_from_text
from .model import Article, Block, Credit, Removed, Source, with_origin
from .textutil import article_url, strip_accents_lower

_META_LINE = re.compile(r"Meta(?: description)?:\s*(?P<text>.+)", re.IGNORECASE)
_CREDIT = re.compile(
    r"(?:(?:Original )?Source:\s*(?P<text>.+)"
    r"|(?:This (?:article|story|post) (?:was )?)?(?:Originally|First) (?:published|appeared) (?:on|in|by)\s+(?P<named>(?!https?://)[^.]{2,80}?)\.?"
    r"(?:\s*Read the original(?: article)?\.?)?)",
    re.IGNORECASE,
)
_CREDIT_WITH_PUBLISHER = re.compile(r"(?P<title>.+?)\s*\((?P<name>[^()]+)\)")
_URL_LINE = re.compile(
    r"(?:(?:(?:Source|Original|Canonical|Article) )?(?:URL|Link)|Permalink|Originally (?:published|posted) (?:at|on))\s*:?\s*(?P<url>https?://\S+)",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"<?(?P<url>https?://\S+?)>?")
_TAKEAWAYS_HEADING = re.compile(r"Key (?:Takeaways?|Points|Findings)\s*:?", re.IGNORECASE)
# Byline and dateline segments, split on " | ", " • ", " - "...: every segment of a line
# must be one of these for the line to count, so prose never gives a date.
_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")
_TIME = r"(?:\s*(?:at|,)?\s*\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)?"
# A name: capitalised words (or words in scripts without case), joined by spaces, commas,
# "and", "&" or a particle; "By contrast, the ministry..." is prose, not a byline.
_NAME_WORD = r"[^\W\d_a-z][\w.'’-]*"
_NAME = rf"(?P<author>{_NAME_WORD}(?:(?:,\s*|\s+(?:and|&|de|van|von|der|da|di|bin)\s+|\s+){_NAME_WORD}){{0,7}})"
_DATE = rf"(?P<date>(?i:{TEXT_DATE.pattern}))"
_SEGMENTS = (
    ("author", re.compile(rf"(?i:By|Written by|Words by|Author:)\s+{_NAME}")),
    ("date", re.compile(rf"(?:(?i:Published|Posted|First published)(?:\s+on)?:?\s*)?{_DATE}{_TIME}(?:\s+by\s+{_NAME})?")),
    ("updated", re.compile(rf"(?i:Updated|Last updated|Modified)(?:\s+on)?:?\s*{_DATE}{_TIME}")),
    ("date", re.compile(rf"(?:公開日?|掲載日?|投稿日?)\s*[:：]?\s*{_DATE}")),
    ("updated", re.compile(rf"更新日?\s*[:：]?\s*{_DATE}")),
    ("", re.compile(r"\d{1,3} min(?:ute)?s?(?: read)?|Reading time:?\s*\d{1,3} min(?:ute)?s?", re.IGNORECASE)),
)
_META_SCAN = (6, 3)
"""Bylines and datelines are looked for in the first 6 and the last 3 blocks only."""
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_HAN = re.compile("[\u4e00-\u9fff]")
_ENGLISH = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "as", "are", "it", "by"}


@lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    """"Tech Radar Pro", "TechRadar Pro" and "the techradar-pro" all give "techradarpro".
    Cached: every lookup compares with the keys of every known publisher's names."""
    key = strip_accents_lower(name).strip()
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"[\W_]+", "", key)


def _host(value: str) -> str | None:
    """The host of a URL or of a bare domain such as "www.securis360.com", else None."""
    text = value.strip().lower()
    if not re.fullmatch(r"(?:https?://)?[a-z0-9.-]+\.[a-z]{2,}(?:[/:?#]\S*)?", text):
        return None
    host = urlsplit(text if "://" in text else f"http://{text}").hostname
    return host.removeprefix("www.") if host else None


def find_source_by_url(url: str | None, sources: tuple[Source, ...]) -> Source | None:
    """The known publisher whose domain serves `url` (a URL or a bare domain)."""
    host = _host(url) if url else None
    if not host:
        return None
    for source in sources:
        if any(host == d or host.endswith("." + d) for d in source.domains):
            return source
    return None


def find_source(name: str | None, sources: tuple[Source, ...]) -> Source | None:
    """The known publisher that `name` refers to: its display name, id, an alias or a domain."""
    if not name:
        return None
    if _host(name):
        return find_source_by_url(name, sources)
    key = _name_key(name)
    if not key:
        return None
    for source in sources:
        if key in (_name_key(n) for n in (source.name, source.id, *source.aliases)):
            return source
    return None


def extract_publisher_line(article: Article, curated: Curated) -> Article:
    """A pasted page that opens with its publisher's name or with page furniture: those
    lines are not the title; the publisher is kept, the furniture reported as removed."""
    if article.origin("title") != "text:first-line":
        return article
    title, blocks, removed = article.title, article.blocks, article.removed
    source, origins = article.source, {}
    for _ in range(3):
        if not blocks or blocks[0].kind == "item" or len(blocks[0].text.split()) > 30:
            break
        known = None if source else find_source(title, curated.sources)
        junk = None if known else junk_reason(title, curated.boilerplate)
        if known:
            source, origins = known.name, {"source": "text:publisher-line", "title": "text:line-after-publisher"}
        elif junk:
            removed += (Removed(title, junk),)
            origins.setdefault("title", "text:first-line-after-boilerplate")
        else:
            break
        title, blocks = blocks[0].text, blocks[1:]
    if not origins:
        return article
    return replace(article, title=title, blocks=blocks, removed=removed, source=source, provenance=with_origin(article.provenance, **origins))


def drop_repeated_title(article: Article) -> Article:
    """Pages often print the headline twice (title bar and heading); keep it once."""
    blocks = article.blocks
    while blocks and strip_accents_lower(blocks[0].text) == strip_accents_lower(article.title):
        blocks = blocks[1:]
    return replace(article, blocks=blocks)


def _take(article: Article, pattern: re.Pattern[str], reason: str) -> tuple[list[re.Match[str]], tuple[Block, ...], tuple[Removed, ...]]:
    """Blocks wholly matching `pattern`: their matches, the other blocks, what was removed."""
    found, kept, removed = [], [], list(article.removed)
    for block in article.blocks:
        match = pattern.fullmatch(block.text)
        if match:
            found.append(match)
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
        description=found[0].group("text").strip(),
        provenance=with_origin(article.provenance, description="text:meta-line"),
    )


def parse_credit(text: str, sources: tuple[Source, ...] = ()) -> Credit:
    """"Title (Publisher)", a publisher's name, or a link (named by its publisher or host)."""
    text = text.strip()
    if _host(text):
        known = find_source_by_url(text, sources)
        return Credit(name=known.name if known else _host(text) or text)
    match = _CREDIT_WITH_PUBLISHER.fullmatch(text)
    if match:
        return Credit(name=match.group("name").strip(), title=match.group("title").strip())
    return Credit(name=text.rstrip("."))


def extract_credits(article: Article, curated: Curated) -> Article:
    """"Original Source: X" and "Originally published on X" lines credit where the story
    came from; keep them as data."""
    found, blocks, removed = _take(article, _CREDIT, "credited original source (kept as credits)")
    if not found:
        return article
    credits = article.credits + tuple(parse_credit(m.group("text") or m.group("named"), curated.sources) for m in found)
    return replace(
        article,
        blocks=blocks,
        removed=removed,
        credits=credits,
        provenance=with_origin(article.provenance, credits="text:original-source-line"),
    )


def extract_source_url(article: Article) -> Article:
    """A link to the original the paste gives: a labelled "Source URL:" line anywhere, or a
    bare URL on one of the first lines (where pages and browser extensions put it)."""
    if article.source_url:
        return article
    for index, block in enumerate(article.blocks):
        match = _URL_LINE.fullmatch(block.text) or (_BARE_URL.fullmatch(block.text) if index < 3 else None)
        url = article_url(match.group("url").rstrip(".,;)")) if match else None
        if url:
            return replace(
                article,
                source_url=url,
                blocks=article.blocks[:index] + article.blocks[index + 1:],
                removed=article.removed + (Removed(block.text, "link to the original (kept as source_url)"),),
                provenance=with_origin(article.provenance, source_url="text:url-line"),
            )
    return article


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


def parse_meta_line(text: str) -> dict[str, str] | None:
    """Author, date and updated from a byline or dateline ("By Jane Doe | April 3, 2026").

    None unless every segment of the line is a byline, a dated "Published"/"Updated",
    a bare full date or a reading time: a line of prose is never a dateline.
    """
    if len(text) > 160:
        return None
    found: dict[str, str] = {}
    for segment in _SEGMENT_SPLIT.split(text.strip()):
        for field, pattern in _SEGMENTS:
            match = pattern.fullmatch(segment.strip())
            if match:
                break
        else:
            return None
        groups = match.groupdict()
        if groups.get("author"):
            found.setdefault("author", groups["author"].strip())
        if field in ("date", "updated"):
            day = day_from_text(TEXT_DATE.search(groups["date"]))
            if day is None:
                return None
            found.setdefault(field, day)
    return found or None


def extract_dateline(article: Article) -> Article:
    """Author, publication and update dates from bylines and datelines near the top or the end.

    A year or month mentioned in the prose is not a publication date, so only short
    lines that are wholly a byline or dateline count, and only a full date.
    """
    head, tail = _META_SCAN
    scan = set(range(min(head, len(article.blocks)))) | set(range(max(0, len(article.blocks) - tail), len(article.blocks)))
    fields: dict[str, str] = {}
    used: list[int] = []
    for index in sorted(scan):
        block = article.blocks[index]
        parsed = parse_meta_line(block.text) if block.kind != "item" else None
        if parsed:
            used.append(index)
            for key, value in parsed.items():
                fields.setdefault(key, value)
    if not used:
        return article
    changes: dict[str, object] = {}
    origins: dict[str, str] = {}
    if fields.get("date") and not article.date:
        changes.update(date=fields["date"], date_precision="day")
        origins["date"] = "text:dateline"
    if fields.get("updated") and not article.updated and fields["updated"] > (changes.get("date") or article.date or ""):
        changes["updated"] = fields["updated"]
        origins["updated"] = "text:dateline"
    if fields.get("author") and not article.author:
        changes["author"] = fields["author"]
        origins["author"] = "text:byline"
    return replace(
        article,
        **changes,
        blocks=tuple(b for i, b in enumerate(article.blocks) if i not in used),
        removed=article.removed + tuple(Removed(article.blocks[i].text, "byline or dateline (kept as author and dates)") for i in used),
        provenance=with_origin(article.provenance, **origins),
    )


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
        language = "en" if words and sum(map(_ENGLISH.__contains__, words)) / len(words) > 0.08 else None
    if language is None:
        return article
    return replace(article, language=language, provenance=with_origin(article.provenance, language="detected:script-and-stopwords"))


def resolve_publisher(article: Article, curated: Curated) -> Article:
    """The publisher's display name from `sources.yml`: by the name given, else by the link's
    domain; and its homepage, kept apart from `source_url` as a labelled fallback link."""
    known = find_source(article.source, curated.sources)
    origin = None
    if known is None and (article.source is None or _host(article.source)):
        known = find_source_by_url(article.source_url, curated.sources)
        origin = "sources:domain-of-source_url" if known else None
    if known is None:
        return article
    return replace(
        article,
        source=known.name,
        source_homepage=known.homepage,
        provenance=with_origin(article.provenance, source=origin, source_homepage="sources:homepage" if known.homepage else None),
    )


def extract_metadata(article: Article, curated: Curated) -> Article:
    """Every text-level metadata stage, in the order they depend on each other."""
    article = extract_publisher_line(article, curated)
    article = drop_repeated_title(article)
    article = extract_description(article)
    article = extract_credits(article, curated)
    article = extract_source_url(article)
    article = extract_dateline(article)
    article = extract_takeaways(article)
    article = extract_language(article)
    return resolve_publisher(article, curated)
