"""RSS 2.0 and Atom feeds: one article per entry, read with feedparser."""

from __future__ import annotations

import io
import re
import time

from ..model import Article, Seed, with_origin
from ..seeds import SeedError
from ..textutil import clean_text, html_to_blocks, html_to_text, safe_url

FORMAT = "feed"
_FEED_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)


def sniff(text: str) -> bool:
    """An XML document whose root is <rss>, <feed> or <rdf:RDF>."""
    return bool(_FEED_START.match(text[:4096]))


def _day(struct: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", struct) if struct else None


def read(seed: Seed) -> list[Article]:
    """One article per entry that has a title and some text."""
    import feedparser  # only for feed seeds

    # A stream, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(io.BytesIO(seed.text.encode("utf-8")))
    if parsed.bozo and not parsed.entries:
        line = getattr(parsed.bozo_exception, "getLineNumber", lambda: None)()
        raise SeedError(f"feed could not be parsed: {parsed.bozo_exception}", line)
    if not parsed.entries:
        raise SeedError("feed has no entries")
    publisher = clean_text(parsed.feed.get("title", "")) or None
    articles = []
    for index, entry in enumerate(parsed.entries, start=1):
        title = html_to_text(entry.get("title", ""))
        content = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        blocks = html_to_blocks(content)
        if not title or not blocks:
            continue
        published = _day(entry.get("published_parsed"))
        updated = _day(entry.get("updated_parsed"))
        date = published or updated
        link = safe_url(entry.get("link"))
        author = clean_text(entry.get("author", "")) or None
        articles.append(
            Article(
                id=f"{seed.id}-{index:03d}",
                seed=str(seed.path),
                format=FORMAT,
                title=title,
                blocks=blocks,
                date=date,
                date_precision="day" if date else None,
                updated=updated if updated and updated != date else None,
                source=publisher,
                source_url=link,
                author=author,
                warnings=seed.warnings,
                provenance=with_origin(
                    (),
                    title="feed:entry.title",
                    date=("feed:entry.published" if published else "feed:entry.updated") if date else None,
                    updated="feed:entry.updated" if updated and updated != date else None,
                    source_url="feed:entry.link" if link else None,
                    source="feed:channel.title" if publisher else None,
                    author="feed:entry.author" if author else None,
                ),
            )
        )
    if not articles:
        raise SeedError("no feed entry has both a title and text")
    return articles
