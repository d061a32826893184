"""Feeds for following the site: RSS 2.0 and JSON Feed 1.1, for the whole site and per topic.

Material's feed plugin can only filter by path, so the generator writes these
itself, into the docs dir, and MkDocs copies them to the site. Links are
absolute (from `site_url`). Dates follow RFC 822 (RSS) and RFC 3339 (JSON Feed),
and only for articles dated to the day: a feed date is a full timestamp, and a
month-only or undated article is listed without one rather than given a made-up
day. Such a day-dated article is stamped at 00:00 UTC, the day's start.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime

from .curated import Curated
from .model import Article, Topic
from .siteinfo import SiteInfo
from .social import topic_titles

FEED_ITEMS = 50
"""Newest articles per feed: readers poll often and only need what is new; 50 is
weeks of briefings and keeps a feed small for the readers that fetch it."""

NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class Channel:
    """One followable list: its title, and its page and feed files (relative to the site root)."""

    title: str
    description: str
    page: str
    """The page the feed follows: `` (home) or `topics/<id>/`."""
    rss: str
    json: str


def _day(article_date: str | None) -> dt.datetime | None:
    if not article_date or len(article_date) != 10:
        return None
    return dt.datetime.fromisoformat(article_date).replace(tzinfo=dt.timezone.utc)


def rfc822(article_date: str | None) -> str | None:
    """`2026-04-03` -> `Fri, 03 Apr 2026 00:00:00 +0000`; None unless dated to the day."""
    day = _day(article_date)
    return format_datetime(day) if day else None


def rfc3339(article_date: str | None) -> str | None:
    """`2026-04-03` -> `2026-04-03T00:00:00Z`; None unless dated to the day."""
    day = _day(article_date)
    return day.strftime("%Y-%m-%dT%H:%M:%SZ") if day else None


def item_html(article: Article) -> str:
    """The item's content: summary, key points and the link to the original, as escaped HTML."""
    parts = [f"<p>{html.escape(article.summary)}</p>"] if article.summary else []
    if article.key_points:
        points = "".join(f"<li>{html.escape(p)}</li>" for p in article.key_points)
        parts.append(f"<ul>{points}</ul>")
    if article.source_url:
        name = html.escape(article.source or "the original")
        parts.append(f'<p><a href="{html.escape(article.source_url)}">Read the original at {name}</a></p>')
    return "".join(parts)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def render_rss(articles: list[Article], curated: Curated, site: SiteInfo, feed: Channel) -> str:
    """An RSS 2.0 feed of `articles` (newest first)."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", site.link(feed.page))
    _sub(channel, "description", feed.description)
    _sub(channel, "language", "en")
    _sub(channel, f"{{{NAMESPACES['atom']}}}link", href=site.link(feed.rss), rel="self", type="application/rss+xml")
    # The newest day among the items shown: a feed is made from those alone (`feed_items`).
    newest = next((d for d in (rfc822(a.date) for a in articles[:FEED_ITEMS]) if d), None)
    if newest:
        _sub(channel, "pubDate", newest)
    for article in articles[:FEED_ITEMS]:
        item = _sub(channel, "item")
        link = site.link(f"articles/{article.id}/")
        _sub(item, "title", article.title)
        _sub(item, "link", link)
        _sub(item, "guid", link, isPermaLink="true")
        if rfc822(article.date):
            _sub(item, "pubDate", rfc822(article.date))
        if article.author:
            _sub(item, f"{{{NAMESPACES['dc']}}}creator", article.author)
        for topic_title in topic_titles(article, curated):
            _sub(item, "category", topic_title)
        _sub(item, "description", article.summary or article.title)
        _sub(item, f"{{{NAMESPACES['content']}}}encoded", item_html(article))
    ET.indent(rss)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def render_json_feed(articles: list[Article], curated: Curated, site: SiteInfo, feed: Channel) -> str:
    """A JSON Feed 1.1 document of `articles` (newest first)."""
    items = []
    for article in articles[:FEED_ITEMS]:
        link = site.link(f"articles/{article.id}/")
        item: dict[str, object] = {"id": link, "url": link, "title": article.title, "content_html": item_html(article)}
        if article.summary:
            item["summary"] = article.summary
        if article.source_url:
            item["external_url"] = article.source_url
        if rfc3339(article.date):
            item["date_published"] = rfc3339(article.date)
        if rfc3339(article.updated):
            item["date_modified"] = rfc3339(article.updated)
        if article.author:
            item["authors"] = [{"name": article.author}]
        if article.topics:
            item["tags"] = topic_titles(article, curated)
        if article.language:
            item["language"] = article.language
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": site.link(feed.page),
        "feed_url": site.link(feed.json),
        "description": feed.description,
        "language": "en",
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


SITE_FEEDS = ("feed.xml", "feed.json")


def topic_feeds(topic_id: str) -> tuple[str, str]:
    """(RSS, JSON Feed) paths of a topic's feeds, relative to the site root.

    At the root, beside `sitemap.xml`: Material's script fetches `sitemap.xml`
    from the folder of every `<link rel="alternate">` in a page (meant for language
    versions), so a feed in a sub-folder would cost every page view a 404."""
    return f"feed-{topic_id}.xml", f"feed-{topic_id}.json"


def channel(site: SiteInfo, topic: Topic | None = None) -> Channel:
    """The feeds of the whole site, or of one topic."""
    if topic is None:
        return Channel(site.name, site.description, "", *SITE_FEEDS)
    return Channel(f"{site.name}: {topic.title}", topic.description, f"topics/{topic.id}/", *topic_feeds(topic.id))


def feed_items(articles: list[Article], curated: Curated) -> list[tuple[Topic | None, list[Article]]]:
    """Each feed (the whole site's, then each topic's) with the articles it shows: the
    newest FEED_ITEMS of `articles` (newest first), all that its files are made from. An
    older article's edit changes no feed."""
    shown: dict[str, list[Article]] = {topic.id: [] for topic in curated.topics}
    open_ = len(shown)
    for article in articles:  # one pass, to where every topic's feed is full (a pass a topic took 0.04 s at 10,000 seeds)
        if not open_:
            break
        for topic_id in dict.fromkeys(article.topics):  # once each, as a topic's filter took it
            items = shown.get(topic_id)
            if items is not None and len(items) < FEED_ITEMS:
                items.append(article)
                open_ -= len(items) == FEED_ITEMS
    return [(None, articles[:FEED_ITEMS]), *((topic, shown[topic.id]) for topic in curated.topics)]


def render_feed(articles: list[Article], curated: Curated, site: SiteInfo, topic: Topic | None) -> dict[str, str]:
    """One feed's files (RSS and JSON Feed) from its `feed_items`."""
    feed = channel(site, topic)
    return {
        feed.rss: render_rss(articles, curated, site, feed),
        feed.json: render_json_feed(articles, curated, site, feed),
    }


def render_feeds(articles: list[Article], curated: Curated, site: SiteInfo) -> dict[str, str]:
    """Every feed file (path relative to the site root -> content); `articles` newest first."""
    files: dict[str, str] = {}
    for topic, items in feed_items(articles, curated):
        files.update(render_feed(items, curated, site, topic))
    return files
