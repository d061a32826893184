"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/): one article per item, like RSS and Atom."""

from __future__ import annotations

import re
from typing import Any

from ..dates import day_from_timestamp
from ..model import Article, Block, Seed
from ..seeds import SeedError
from ..textutil import article_url, clean_text, html_to_blocks, html_to_text, language_code
from .feed import entry_id
from .found import article_from
from .wordpress import JSON_START, list_item_lines, load_json

FORMAT = "jsonfeed"
_VERSION = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/')
_ITEMS = re.compile(r'"items"\s*:\s*\[')


def sniff(text: str) -> bool:
    """A JSON object whose `version` is a jsonfeed.org URL."""
    return bool(JSON_START.match(text[:200])) and bool(_VERSION.search(text[:4096]))


def _blocks(item: dict[str, Any]) -> tuple[tuple[Block, ...], str]:
    if isinstance(item.get("content_html"), str) and item["content_html"].strip():
        return html_to_blocks(item["content_html"]), "jsonfeed:content_html"
    text = item.get("content_text")
    if isinstance(text, str):
        return tuple(Block("paragraph", clean_text(p)) for p in re.split(r"\n\s*\n", text) if clean_text(p)), "jsonfeed:content_text"
    return (), ""


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str | None:
    for holder in (item, feed):
        authors = holder.get("authors") or ([holder["author"]] if isinstance(holder.get("author"), dict) else [])
        names = [clean_text(a["name"]) for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        if any(names):
            return ", ".join(n for n in names if n)
    return None


def _article(seed: Seed, item: dict[str, Any], feed: dict[str, Any], index: int, line: int) -> Article:
    title = html_to_text(item.get("title") or "") if isinstance(item.get("title"), str) else ""
    blocks, body_origin = _blocks(item)
    if not title or not blocks:
        raise SeedError(f"JSON Feed item {index} needs a title and content_html or content_text", line)
    date = day_from_timestamp(item.get("date_published"))
    updated = day_from_timestamp(item.get("date_modified"))
    fields = {
        "date": (date, "jsonfeed:date_published"),
        "updated": (None if updated and date and updated <= date else updated, "jsonfeed:date_modified"),
        "source_url": (article_url(item.get("url")), "jsonfeed:url"),
        "author": (_author(item, feed), "jsonfeed:authors"),
        "source": (clean_text(feed["title"]) if isinstance(feed.get("title"), str) else None, "jsonfeed:feed.title"),
        "language": (language_code(item.get("language") or feed.get("language")), "jsonfeed:language"),
        "description": (clean_text(item["summary"]) if isinstance(item.get("summary"), str) else None, "jsonfeed:summary"),
    }
    ident = f"{seed.id}-{entry_id(item.get('id') or item.get('url'), index)}"
    return article_from(seed, FORMAT, (title, "jsonfeed:title"), (blocks, body_origin), fields, ident=ident)


def read(seed: Seed) -> list[Article]:
    """One article per item; an item without a title or text is an error naming its line."""
    feed = load_json(seed)
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise SeedError("JSON Feed has no 'items' list", 1)
    if not items:
        raise SeedError("the JSON Feed has no items: nothing to publish", 1)
    start = _ITEMS.search(seed.text)
    offset = seed.text.count("\n", 0, start.start()) if start else 0
    lines = [offset + line for line in list_item_lines(seed.text[start.start():], len(items))] if start else [1] * len(items)
    articles = []
    for index, (item, line) in enumerate(zip(items, lines), start=1):
        if not isinstance(item, dict):
            raise SeedError(f"JSON Feed item {index} is not an object", line)
        articles.append(_article(seed, item, feed, index, line))
    if len({a.id for a in articles}) < len(articles):
        raise SeedError("two items of the JSON Feed have the same id", 1)
    return articles
