"""WordPress REST API posts (`/wp-json/wp/v2/posts/N`), one post or a list of them.

The HTML of `title`, `content` and `excerpt` (`.rendered`) becomes plain text;
dates come from `date_gmt` (UTC, so not shifted by the site's time zone), the
link from `link`; author and site name from `yoast_head_json` or `_embedded`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Article, Seed, with_origin
from ..seeds import SeedError
from ..textutil import clean_text, html_to_blocks, html_to_text, safe_url

FORMAT = "wordpress"
_WP_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}")
_EXCERPT_TAIL = re.compile(r"\s*(?:\[(?:…|&hellip;|\.\.\.)\]|…|\[\.\.\.\])\s*$")


def _looks_like_post(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("content"), dict) and "rendered" in value["content"]


def sniff(text: str) -> bool:
    """JSON whose object (or first list item) has `content.rendered`."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # Broken JSON that was clearly meant as a post is still ours, to report the error.
        return '"rendered"' in text[:20000]
    if isinstance(data, list):
        return bool(data) and _looks_like_post(data[0])
    return _looks_like_post(data)


def _rendered(post: dict, key: str) -> str:
    value = post.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _day(value: Any) -> str | None:
    match = _WP_DATE.fullmatch(value) if isinstance(value, str) else None
    return match.group(1) if match else None


def _author(post: dict) -> tuple[str | None, str | None]:
    yoast = post.get("yoast_head_json")
    if isinstance(yoast, dict) and isinstance(yoast.get("author"), str):
        return clean_text(yoast["author"]) or None, "wordpress:yoast_head_json.author"
    embedded = post.get("_embedded")
    authors = embedded.get("author") if isinstance(embedded, dict) else None
    if isinstance(authors, list) and authors and isinstance(authors[0], dict) and isinstance(authors[0].get("name"), str):
        return clean_text(authors[0]["name"]) or None, "wordpress:_embedded.author"
    return None, None


def _site_name(post: dict) -> tuple[str | None, str | None]:
    yoast = post.get("yoast_head_json")
    if isinstance(yoast, dict) and isinstance(yoast.get("og_site_name"), str):
        return clean_text(yoast["og_site_name"]) or None, "wordpress:yoast_head_json.og_site_name"
    return None, None


def _article(seed: Seed, post: dict, ident: str) -> Article:
    title = html_to_text(_rendered(post, "title"))
    if not title:
        raise SeedError("WordPress post has no title.rendered")
    blocks = html_to_blocks(_rendered(post, "content"))
    if not blocks:
        raise SeedError("WordPress post has no text in content.rendered")
    excerpt = _EXCERPT_TAIL.sub("", html_to_text(_rendered(post, "excerpt"))) or None
    date = _day(post.get("date_gmt")) or _day(post.get("date"))
    date_origin = "wordpress:date_gmt" if _day(post.get("date_gmt")) else ("wordpress:date" if date else None)
    updated = _day(post.get("modified_gmt"))
    link = safe_url(post.get("link"))
    author, author_origin = _author(post)
    site, site_origin = _site_name(post)
    return Article(
        id=ident,
        seed=str(seed.path),
        format=FORMAT,
        title=title,
        blocks=blocks,
        date=date,
        date_precision="day" if date else None,
        updated=updated if updated and updated != date else None,
        source=site,
        source_url=link,
        author=author,
        description=excerpt,
        warnings=seed.warnings,
        provenance=with_origin(
            (),
            title="wordpress:title.rendered",
            date=date_origin,
            updated="wordpress:modified_gmt" if updated and updated != date else None,
            source_url="wordpress:link" if link else None,
            author=author_origin,
            source=site_origin,
            description="wordpress:excerpt.rendered" if excerpt else None,
        ),
    )


def read(seed: Seed) -> list[Article]:
    """One article per post."""
    try:
        data = json.loads(seed.text)
    except json.JSONDecodeError as exc:
        raise SeedError(f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise SeedError("JSON nested too deeply to be a post") from None
    posts = data if isinstance(data, list) else [data]
    if not posts:
        raise SeedError("empty list of WordPress posts")
    if len(posts) == 1:
        return [_article(seed, posts[0], seed.id)] if _looks_like_post(posts[0]) else []
    articles = []
    for index, post in enumerate(posts, start=1):
        if not _looks_like_post(post):
            raise SeedError(f"item {index} of the list is not a WordPress post (no content.rendered)")
        articles.append(_article(seed, post, f"{seed.id}-{index:03d}"))
    return articles
