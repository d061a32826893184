"""The search index holds what readers search a briefing for, once, and not the full text."""

from __future__ import annotations

import json
from pathlib import Path

from generator.searchindex import keep_entries


def _index(built_site: Path) -> list[dict]:
    return json.loads((built_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_each_article_is_searchable_by_title_summary_key_points_and_headings(built_site: Path):
    docs = _index(built_site)
    pages = sorted({d["location"].split("#")[0] for d in docs if d["location"].startswith("articles/")})
    assert len(pages) == 5
    for page in pages:
        anchors = [d["location"].partition("#")[2] for d in docs if d["location"].split("#")[0] == page]
        assert anchors[:3] == ["", "summary", "key-points"], page
    titles = {d["title"] for d in docs}
    assert "Digital Sovereignty: Why Japan Fears Becoming an ‘AI Colony’ of the US and China" in titles
    assert "3. Government AI (GENAI)" in titles  # the article's outline stays searchable


def test_the_articles_paragraphs_and_the_index_pages_are_left_out(built_site: Path):
    docs = _index(built_site)
    text = json.dumps(docs, ensure_ascii=False)
    # A phrase of seed 003's own text that is neither in its summary nor its key points.
    phrase = "historical land grabs"
    page = (built_site / "docs" / "articles" / "003_5157529813325dba.md").read_text(encoding="utf-8")
    assert phrase not in page.split("\n## Article\n")[0] and phrase in page.split("\n## Article\n")[1]
    assert phrase not in text
    assert not any(d["location"].endswith("#article") for d in docs)
    # Index pages only list the articles again; their front matter keeps them out.
    assert not [d["location"] for d in docs if not d["location"].startswith("articles/")]


def test_keep_entries_on_a_made_up_index():
    docs = [
        {"location": "", "title": "Briefing", "text": "intro"},
        {"location": "#some-article", "title": "Some article", "text": "its summary"},
        {"location": "articles/a/", "title": "A", "text": "byline"},
        {"location": "articles/a/#summary", "title": "Summary", "text": "s"},
        {"location": "articles/a/#article", "title": "Article", "text": "lead paragraph"},
        {"location": "articles/a/#a-heading", "title": "A heading", "text": "paragraph"},
        {"location": "articles/b/", "title": "B", "text": "byline"},
        {"location": "articles/b/#article_1", "title": "Article", "text": "a seed heading named Article"},
    ]
    assert keep_entries(docs) == [
        {"location": "", "title": "Briefing", "text": "intro"},
        {"location": "#some-article", "title": "Some article", "text": "its summary"},
        {"location": "articles/a/", "title": "A", "text": "byline"},
        {"location": "articles/a/#summary", "title": "Summary", "text": "s"},
        {"location": "articles/a/#a-heading", "title": "A heading", "text": ""},
        {"location": "articles/b/", "title": "B", "text": "byline"},
        {"location": "articles/b/#article_1", "title": "Article", "text": "a seed heading named Article"},
    ]
