"""RSS 2.0 and Atom feeds: one article per entry, read with feedparser.

An entry's page name is the feed seed's id plus a short hash of the entry's own
id (its guid, else its link), so it keeps its URL when the feed file is saved
again with newer entries on top.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from typing import Any

from ..dates import day_from_timestamp
from ..model import Article, Block, Seed
from ..seeds import SeedError, line_of
from ..textutil import article_url, clean_text, html_to_blocks, html_to_text, language_code
from .found import Found, article_from

FORMAT = "feed"
_FEED_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
_ROOT = re.compile(r"<(?:channel|feed|rdf:RDF)\b")
_EMAIL_ONLY = re.compile(r"\S+@\S+\Z")


def sniff(text: str) -> bool:
    """An XML document whose root is <rss>, <feed> or <rdf:RDF>."""
    return bool(_FEED_START.match(text[:4096]))


def _parse(text: str):
    import feedparser  # only for feed seeds

    # The seed is already decoded. Its XML declaration goes (XML without one is UTF-8),
    # or feedparser re-decodes our UTF-8 with the charset the file declared (Shift_JIS,
    # say) and garbles it; lines stay where they were, so errors point at the right
    # one. A stream, never a string: feedparser fetches strings that look like URLs.
    return feedparser.parse(io.BytesIO(_XML_DECLARATION.sub("", text, count=1).encode("utf-8")))


def _entry_blocks(entry: Any) -> tuple[tuple[Block, ...], str]:
    """The entry's text: its full content if it has one, else its summary."""
    for item in entry.get("content") or []:
        if item.get("value", "").strip():
            if item.get("type") == "text/plain":
                return tuple(Block("paragraph", clean_text(p)) for p in re.split(r"\n\s*\n", item["value"]) if clean_text(p)), "feed:entry.content"
            return html_to_blocks(item["value"]), "feed:entry.content"
    return html_to_blocks(entry.get("summary", "")), "feed:entry.summary"


def extract_dates(entry: Any) -> tuple[Found, Found]:
    """The day each timestamp was written in (the publisher's day, not converted to UTC).

    Only `published`/`pubDate` is a publication date; Atom's `updated` is when the
    entry last changed and is kept as such, never promoted to the date.
    """
    # dict.get: feedparser's own get() answers "updated" with the published date
    # when an entry has none, which would invent an update.
    date = day_from_timestamp(dict.get(entry, "published"))
    updated = day_from_timestamp(dict.get(entry, "updated"))
    if updated is not None and date is not None and updated <= date:
        updated = None
    return (date, "feed:entry.published"), (updated, "feed:entry.updated")


def extract_author(entry: Any) -> str | None:
    """The entry's author by name; an RSS `<author>` that is only an e-mail address is not a name."""
    detail = entry.get("author_detail") or {}
    name = clean_text(detail.get("name") or entry.get("author") or "")
    return name if name and not _EMAIL_ONLY.match(name) else None


def entry_id(key: object, index: int) -> str:
    """An entry's page-name suffix: 8 hex digits of its id or link, else its position."""
    if isinstance(key, (str, int)) and not isinstance(key, bool) and str(key).strip():
        return hashlib.sha1(str(key).encode("utf-8")).hexdigest()[:8]
    return f"{index:03d}"


def _article(seed: Seed, entry: Any, feed: dict[str, Any], index: int) -> Article | None:
    title = html_to_text(entry.get("title", ""))
    blocks, body_origin = _entry_blocks(entry)
    if not title or not blocks:
        return None
    date, updated = extract_dates(entry)
    fields = {
        "date": date,
        "updated": updated,
        "source_url": (article_url(entry.get("link")), "feed:entry.link"),
        "author": (extract_author(entry), "feed:entry.author"),
        "source": (clean_text(feed.get("title", "")), "feed:channel.title"),
        "language": (language_code(feed.get("language")), "feed:channel.language"),
        # The summary is a description only when the entry also has its full text.
        "description": (html_to_text(entry.get("summary", "")) if body_origin == "feed:entry.content" else None, "feed:entry.summary"),
    }
    ident = f"{seed.id}-{entry_id(entry.get('id') or entry.get('link'), index)}"
    return article_from(seed, FORMAT, (title, "feed:entry.title"), (blocks, body_origin), fields, ident=ident)


def read(seed: Seed) -> list[Article]:
    """One article per entry that has a title and some text; the others are named in a warning."""
    parsed = _parse(seed.text)
    root_line = line_of(seed.text, _ROOT.search(seed.text)) or 1
    if parsed.bozo and not parsed.entries:
        exception = parsed.bozo_exception
        line = getattr(exception, "getLineNumber", lambda: None)()
        raise SeedError(f"feed could not be parsed: {getattr(exception, 'getMessage', lambda: exception)()}", line)
    if not parsed.entries:
        raise SeedError("the feed has no entries (no <item> or <entry>): nothing to publish", root_line)
    articles, skipped = [], []
    for index, entry in enumerate(parsed.entries, start=1):
        article = _article(seed, entry, parsed.feed, index)
        if article is None:
            skipped.append(str(index))
        else:
            articles.append(article)
    if not articles:
        raise SeedError("no feed entry has both a title and text", root_line)
    if len({a.id for a in articles}) < len(articles):
        raise SeedError("two entries of the feed have the same id or link", root_line)
    if skipped:
        note = f"feed entries {', '.join(skipped)} skipped: no title or no text"
        articles[0] = replace(articles[0], warnings=articles[0].warnings + (note,))
    return articles
