"""Keep the site's search index small enough for a reader's browser.

Material indexes every section of every page: at 10,000 articles the full text
makes a search index of about 75 MB, which the browser downloads and parses before
the first result. What a reader searches a briefing for is which articles cover a
subject, and that is in what an article page puts first: the title, the byline
(date, publisher, topics), the summary and the key points, and in the article's
outline, its own section headings. So the index keeps those, and drops the
paragraphs of the article's own text (the `## Article` section and what follows
it): on the synthetic benchmark pages they are 4.6 KB of an article's 6 KB of
entries. Index pages are left out by their own front matter (`render.py`), since
they list the same articles again.

This runs on Material's `search/search_index.json` after MkDocs has written it,
so it needs no MkDocs plugin or hook and leaves the pages themselves alone.
"""

from __future__ import annotations

import json
from pathlib import Path

ARTICLES = "articles/"
"""Where article pages live in the site (one `articles/<id>/` per article)."""
BODY_ANCHOR = "article"
"""The anchor of the heading that opens the article's own text on its page (templates/article.md.j2)."""


def keep_entries(docs: list[dict]) -> list[dict]:
    """The index entries worth searching, in their order (see the module docstring)."""
    kept = []
    in_body: set[str] = set()
    for entry in docs:
        page, _, anchor = str(entry.get("location", "")).partition("#")
        if not anchor or not page.startswith(ARTICLES):
            kept.append(entry)
        elif anchor == BODY_ANCHOR:
            in_body.add(page)
        elif page in in_body:
            kept.append({**entry, "text": ""})  # the heading stays searchable, its paragraphs go
        else:
            kept.append(entry)
    return kept


def trim_search_index(site_dir: Path) -> tuple[int, int] | None:
    """Rewrite the site's search index with only the entries worth searching;
    return its size in bytes before and after, or None if the site has no index."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return None
    before = path.read_bytes()
    index = json.loads(before)
    index["docs"] = keep_entries(index.get("docs", []))
    # The same compact form Material writes.
    after = json.dumps(index, separators=(",", ":"), default=str).encode("utf-8")
    path.write_bytes(after)
    return len(before), len(after)
