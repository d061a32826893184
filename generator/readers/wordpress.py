"""WordPress REST API posts (`/wp-json/wp/v2/posts/N`), one post or a list of them.

The HTML of `title`, `content` and `excerpt` (`.rendered`) becomes plain text;
dates come from `date_gmt` (UTC, so not shifted by the site's time zone), the
link from `link`; author, site name and language from `yoast_head_json` or
`_embedded`. This reader also takes every other JSON seed, so that JSON which is
not a post is refused with its reason instead of being published as text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Article, Seed
from ..seeds import SeedError, line_of
from ..textutil import article_url, clean_text, html_to_blocks, html_to_text, language_code
from .found import Found, article_from

FORMAT = "wordpress"
# A JSON document's opening: an object with a key, or an array of values. Text that
# starts with "[Updated] Headline" or "{Sponsored}" does not match.
JSON_START = re.compile(r"\s*(?:\{\s*[\"}]|\[\s*(?:[\[{\"\]\d-]|true\b|false\b|null\b))")
_WP_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}")
_EXCERPT_TAIL = re.compile(r"\s*(?:\[(?:…|&hellip;|\.\.\.)\]|…|\.\.\.)?\s*(?:(?:Continue reading|Read more)\b.*)?$", re.IGNORECASE)


def sniff(text: str) -> bool:
    """Any JSON document: a post, a list of posts, or JSON to refuse with a reason."""
    return bool(JSON_START.match(text[:200]))


def load_json(seed: Seed) -> Any:
    """The seed's JSON, or a `SeedError` on the line where it breaks."""
    try:
        return json.loads(seed.text)
    except json.JSONDecodeError as exc:
        raise SeedError(f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise SeedError("JSON nested too deeply to be an article", 1) from None


def list_item_lines(text: str, count: int) -> list[int]:
    """The line where each item of a top-level JSON list starts (the list parsed already)."""
    decoder = json.JSONDecoder()
    lines = []
    index = text.index("[") + 1
    for _ in range(count):
        while text[index] in " \t\r\n,":
            index += 1
        lines.append(line_of(text, index) or 1)
        _, index = decoder.raw_decode(text, index)
    return lines


def _looks_like_post(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("content"), dict) and "rendered" in value["content"]


def _not_a_post(value: Any) -> str:
    """Why a JSON value is not a post, in a contributor's words."""
    if isinstance(value, dict) and isinstance(value.get("code"), str) and "message" in value:
        return f"this is a WordPress API error response ({value['code']}: {value['message']}), not a post"
    if isinstance(value, dict):
        keys = ", ".join(sorted(str(k) for k in value)[:8]) or "none"
        return f"JSON object is not a WordPress post: it has no content.rendered (its keys: {keys})"
    return f"JSON {type(value).__name__} is not a WordPress post (an object with content.rendered)"


def _rendered(post: dict, key: str) -> str:
    value = post.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _day(value: Any) -> str | None:
    match = _WP_DATE.fullmatch(value) if isinstance(value, str) else None
    return match.group(1) if match else None


def _yoast(post: dict, key: str) -> str | None:
    yoast = post.get("yoast_head_json")
    value = yoast.get(key) if isinstance(yoast, dict) else None
    return (clean_text(value) or None) if isinstance(value, str) else None


def extract_author(post: dict) -> Found:
    """Yoast's author, then the embedded author object."""
    author = _yoast(post, "author")
    if author:
        return author, "wordpress:yoast_head_json.author"
    embedded = post.get("_embedded")
    authors = embedded.get("author") if isinstance(embedded, dict) else None
    if isinstance(authors, list) and authors and isinstance(authors[0], dict) and isinstance(authors[0].get("name"), str):
        name = clean_text(authors[0]["name"])
        return (name, "wordpress:_embedded.author") if name else (None, None)
    return None, None


def extract_dates(post: dict) -> tuple[Found, Found]:
    """(published, origin), (updated, origin): the UTC fields first, the site-time ones as fallback."""
    date, date_origin = _day(post.get("date_gmt")), "wordpress:date_gmt"
    if date is None:
        date, date_origin = _day(post.get("date")), "wordpress:date"
    updated, updated_origin = _day(post.get("modified_gmt")), "wordpress:modified_gmt"
    if updated is not None and date is not None and updated <= date:
        updated = None
    return (date, date_origin), (updated, updated_origin)


def extract_link(post: dict) -> Found:
    """The post's `link`, then Yoast's canonical and og:url."""
    for value, origin in ((post.get("link"), "wordpress:link"), (_yoast(post, "canonical"), "wordpress:yoast_head_json.canonical"), (_yoast(post, "og_url"), "wordpress:yoast_head_json.og_url")):
        url = article_url(value)
        if url:
            return url, origin
    return None, None


def extract_description(post: dict) -> Found:
    """The excerpt without its "[…] Continue reading" tail, then Yoast's description."""
    excerpt = _EXCERPT_TAIL.sub("", html_to_text(_rendered(post, "excerpt")))
    if excerpt:
        return excerpt, "wordpress:excerpt.rendered"
    for key in ("description", "og_description"):
        value = _yoast(post, key)
        if value:
            return value, f"wordpress:yoast_head_json.{key}"
    return None, None


def _article(seed: Seed, post: dict, ident: str, line: int) -> Article:
    title = html_to_text(_rendered(post, "title"))
    if not title:
        raise SeedError("WordPress post has no title.rendered", line)
    content = post.get("content", {})
    if content.get("protected") and not html_to_text(_rendered(post, "content")):
        raise SeedError("WordPress post is password-protected: its text is not in the JSON", line)
    blocks = html_to_blocks(_rendered(post, "content"))
    if not blocks:
        raise SeedError("WordPress post has no text in content.rendered", line)
    date, updated = extract_dates(post)
    fields = {
        "date": date,
        "updated": updated,
        "source_url": extract_link(post),
        "author": extract_author(post),
        "description": extract_description(post),
        "source": (_yoast(post, "og_site_name"), "wordpress:yoast_head_json.og_site_name"),
        "language": (language_code(_yoast(post, "og_locale")), "wordpress:yoast_head_json.og_locale"),
    }
    return article_from(seed, FORMAT, (title, "wordpress:title.rendered"), (blocks, "wordpress:content.rendered"), fields, ident=ident)


def _post_id(post: dict, index: int) -> str:
    """A list member's page-name suffix: its WordPress id (stable when the list is re-saved)."""
    value = post.get("id")
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else f"{index:03d}"


def read(seed: Seed) -> list[Article]:
    """One article per post; anything else in JSON is refused with its reason and line."""
    data = load_json(seed)
    if isinstance(data, dict):
        if not _looks_like_post(data):
            raise SeedError(_not_a_post(data), 1)
        return [_article(seed, data, seed.id, 1)]
    if not isinstance(data, list):
        raise SeedError(_not_a_post(data), 1)
    if not data:
        raise SeedError("an empty JSON list: there is no WordPress post in it", 1)
    lines = list_item_lines(seed.text, len(data))
    for index, (post, line) in enumerate(zip(data, lines), start=1):
        if not _looks_like_post(post):
            raise SeedError(f"item {index} of the list: {_not_a_post(post)}", line)
    if len(data) == 1:
        return [_article(seed, data[0], seed.id, lines[0])]
    articles = [_article(seed, post, f"{seed.id}-{_post_id(post, i)}", line) for i, (post, line) in enumerate(zip(data, lines), start=1)]
    if len({a.id for a in articles}) < len(articles):
        raise SeedError("two posts in the list have the same id", 1)
    return articles
