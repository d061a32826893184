"""What a page tells link previews and search engines: Open Graph values and schema.org JSON-LD.

These go into the page's front matter as plain data (raw text, not HTML); the
theme override (`overrides/main.html`) escapes each value for its attribute and
serialises the JSON-LD with `tojson`, which escapes `<`, `>`, `&` and `'` as
`\\u003c`... so no text can close the `<script>` it sits in. The page's own
absolute URL is added there, from `site_url`, so these values do not depend on
where the site is deployed.
"""

from __future__ import annotations

from typing import Any

from .curated import Curated
from .model import Article


def topic_titles(article: Article, curated: Curated) -> list[str]:
    """The titles of the article's topics, strongest first."""
    return [t.title for t in (curated.topic(tid) for tid in article.topics) if t is not None]


def article_share(article: Article, curated: Curated) -> dict[str, Any]:
    """Open Graph values of an article page: `og:type article` and its dates at their precision."""
    topics = topic_titles(article, curated)
    share: dict[str, Any] = {
        "type": "article",
        "title": article.title,
        "description": article.summary or article.description or article.title,
        "published_time": article.date,
        "modified_time": article.updated,
        "section": topics[0] if topics else None,
        "tags": topics,
    }
    return {k: v for k, v in share.items() if v not in (None, [])}


def article_jsonld(article: Article, curated: Curated) -> dict[str, Any]:
    """A schema.org `NewsArticle`, based on the original (`isBasedOn`) when its address is known.
    Dates keep their precision (ISO 8601 allows `2026-04`); nothing is made up."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary or None,
        "datePublished": article.date,
        "dateModified": article.updated,
        "inLanguage": article.language,
        "author": {"@type": "Person", "name": article.author} if article.author else None,
        "keywords": topic_titles(article, curated),
        "isBasedOn": article.source_url,
        "sourceOrganization": {"@type": "Organization", "name": article.source} if article.source else None,
        "citation": [{"@type": "CreativeWork", "name": c.title or c.name, "author": {"@type": "Organization", "name": c.name}} for c in article.credits],
    }
    return {k: v for k, v in data.items() if v not in (None, [])}


def index_share(title: str, description: str) -> dict[str, Any]:
    """Open Graph values of an index page (home, topics, timeline): `og:type website`."""
    return {"type": "website", "title": title, "description": description}
