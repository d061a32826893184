"""Story pages, the stories index, the story block of an article page and the timeline's story entries.

Views here are plain dicts for the templates, like `render._article_view`; seed text
in them is printed through the environment's escaping `finalize` hook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .crosscheck import Row, compare_figures
from .model import Article, Story
from .chart import month_label
from .render import IndexPage, _index_page, _newest, _tidy, date_label
from .similarity import Evidence, compare, profile
from .stories import story_list

PLACED_NOTE = "from related coverage"


def _source_name(article: Article, number: int | None) -> str:
    """What to call a source: its publisher, else its site, else "Source N (publisher unknown)"."""
    if article.source:
        return article.source
    if article.source_url and urlsplit(article.source_url).hostname:
        return urlsplit(article.source_url).hostname
    return f"Source {number} (publisher unknown)" if number else "publisher unknown"


def _source_view(article: Article, number: int | None = None) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "name": _source_name(article, number),
        "source_url": article.source_url,
        "date_label": date_label(article.date) if article.date else None,
        "placed_label": date_label(article.timeline_date) if article.timeline_date else None,
        "placed_note": PLACED_NOTE,
    }


def date_range(story: Story) -> str:
    """"3 April 2026", "3 April 2026 – 5 April 2026", or "Undated"."""
    if not story.first_date:
        return "Undated"
    first, last = date_label(story.first_date), date_label(story.last_date)
    return first if first == last else f"{first} – {last}"


def _row_view(row: Row, names: list[str]) -> dict[str, Any]:
    conflicts = [
        {"a": names[i], "b": names[j], "a_says": row.cells[i], "b_says": row.cells[j]} for i, j in row.conflicts
    ]
    cells = ["; ".join(f.text for f in cell[:3]) + ("; …" if len(cell) > 3 else "") if cell else "—" for cell in row.cells]
    return {"label": row.label, "cells": cells, "conflicts": conflicts}


def _links(members: list[Article]) -> list[dict[str, Any]]:
    """The evidence for each pair of sources that the grouping found alike."""
    profiles = [profile(a) for a in members]
    links = []
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            evidence: Evidence = compare(profiles[i], profiles[j])
            links.append({"i": i, "j": j, "evidence": evidence})
    return links


def story_view(story: Story, by_id: dict[str, Article]) -> dict[str, Any]:
    """Everything the story page shows."""
    members = [by_id[i] for i in story.members]
    sources = [_source_view(a, n) for n, a in enumerate(members, 1)]
    names = [s["name"] for s in sources]
    rows = [_row_view(r, names) for r in compare_figures(members)]
    links = [
        {"a": names[x["i"]], "b": names[x["j"]], "score": Markup(f"{x['evidence'].score:.2f}"),
         "shared_names": x["evidence"].shared_names, "shared_figures": x["evidence"].shared_figures}
        for x in _links(members)
    ]
    return {
        "id": story.id,
        "headline": story.headline,
        "date_range": date_range(story),
        "undated": sum(1 for a in members if not a.date),
        "grouped_by": story.grouped_by,
        "sources": sources,
        "names": names,
        "rows": rows,
        "conflicts": [c | {"label": r["label"]} for r in rows for c in r["conflicts"]],
        "links": links,
    }


def render_story_pages(articles: list[Article], env: jinja2.Environment) -> dict[str, str]:
    """`stories/index.md` and one page per story. `articles` are grouped, newest first."""
    by_id = {a.id: a for a in articles}
    pages = render_stories_index(articles, env)
    for story in story_list(articles):
        pages.update(render_story_page(story, [by_id[i] for i in story.members], env))
    return pages


def render_stories_index(articles: list[Article], env: jinja2.Environment) -> dict[str, str]:
    """`stories/index.md`: every story, newest first."""
    by_id = {a.id: a for a in articles}
    views = [_story_entry(s, by_id) for s in story_list(articles)]
    index = IndexPage("Stories", "Events covered by more than one source, with what each source reports.", _newest(articles))
    return {"stories/index.md": _index_page(index, "stories.md.j2", env, stories=views)}


def render_story_page(story: Story, members: list[Article], env: jinja2.Environment) -> dict[str, str]:
    """One story's page: made from its members alone, so it is cached by them."""
    view = story_view(story, {a.id: a for a in members})
    page = IndexPage(view["headline"], f"{len(members)} sources on one event, {view['date_range']}.", _newest(members))
    return {f"stories/{view['id']}.md": _index_page(page, "story.md.j2", env, story=view)}


def coverage_view(article: Article, by_id: dict[str, Article]) -> dict[str, Any] | None:
    """The article page's story and related-coverage block, or None when there is nothing to show."""
    related = [by_id[i] for i in article.related if i in by_id]
    if not article.story and not related:
        return None
    same = [a for a in related if article.story and a.story == article.story]
    others = [a for a in related if a not in same]
    story = next((s for s in story_list([article, *same]) if s.id == article.story), None) if article.story else None
    return {
        "story": {"id": story.id, "headline": story.headline, "count": len(story.members)} if story else None,
        "placed_label": date_label(article.timeline_date) if article.timeline_date else None,
        "same": [_source_view(a) for a in same],
        "others": [_source_view(a) for a in others],
    }


LATEST_STORIES = 5


def latest_stories(articles: list[Article]) -> dict[str, Any]:
    """The newest stories for the home page, as timeline entries, and how many there are."""
    by_id = {a.id: a for a in articles}
    stories = story_list(articles)
    return {"stories": [_story_entry(s, by_id) for s in stories[:LATEST_STORIES]], "story_total": len(stories)}


def _story_entry(story: Story, by_id: dict[str, Article]) -> dict[str, Any]:
    """A story as one entry of a list page, its sources beneath."""
    sources = [_source_view(by_id[i], n) for n, i in enumerate(story.members, 1)]
    return {"kind": "story", "id": story.id, "headline": story.headline, "date_range": date_range(story), "sources": sources}


@dataclass(frozen=True)
class TimelineSection:
    """One heading's stretch of the timeline: a month, a year's entries dated to the year
    alone, or the undated entries. Each is rendered (and cached) on its own, so an edit
    renders again the one section it is in, not 11,000 entries."""

    year: str | None
    """The year heading the section opens with, when it is the year's first section."""
    heading: str
    """The section's own heading, as printed: a month, "2026, month not stated", "Undated"."""
    level: int
    entries: tuple[Story | Article, ...]
    """Stories (one entry at the first report) and articles outside any story, in order."""

    def shown(self, by_id: dict[str, Article]) -> list[Article]:
        """Every article whose data the section prints: its articles and its stories' sources."""
        return [by_id[i] for e in self.entries for i in (e.members if isinstance(e, Story) else (e.id,))]


def timeline_sections(articles: list[Article], stories: list[Story] | None = None) -> list[TimelineSection]:
    """The timeline's sections, newest first: each story once (at its first report) with its
    sources beneath, then the undated entries. `articles` are newest first; `stories` their
    `story_list`, when already at hand."""
    stories_by_id = {s.id: s for s in (story_list(articles) if stories is None else stories)}
    entries: list[tuple[str | None, str, Story | Article]] = []
    done: set[str] = set()
    for article in articles:
        if article.story in stories_by_id:
            if article.story in done:
                continue
            done.add(article.story)
            story = stories_by_id[article.story]
            entries.append((story.first_date, story.id, story))
        else:
            entries.append((article.date, article.id, article))
    dated = sorted((e for e in entries if e[0]), key=lambda e: e[1])
    dated.sort(key=lambda e: e[0] or "", reverse=True)
    sections: list[TimelineSection] = []
    for year in _by_year_and_month(dated):
        parts = [(month["label"], month["entries"]) for month in year["months"]]
        if year["year_only"]:
            parts.append((f"{year['key']}, month not stated", year["year_only"]))
        for number, (heading, found) in enumerate(parts):
            sections.append(TimelineSection(year["key"] if number == 0 else None, heading, 3, tuple(found)))
    undated = tuple(entry for when, _, entry in entries if not when)
    if undated:
        sections.append(TimelineSection(None, "Undated", 2, undated))
    return sections


def render_timeline_section(section: TimelineSection, by_id: dict[str, Article], views: dict[str, dict[str, Any]], env: jinja2.Environment) -> str:
    """One section's Markdown, tidied; `views` are its articles' entry views (`render._views`) by id."""
    entries = [
        _story_entry(e, by_id) if isinstance(e, Story) else {"kind": "article", "article": views[e.id]} for e in section.entries
    ]
    marker = Markup("#" * section.level)
    return _tidy(env.get_template("timeline_section.md.j2").render(year=section.year, heading=section.heading, marker=marker, entries=entries))


def _by_year_and_month(dated: list[tuple[str | None, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Years newest first, each with its months newest first; entries dated only to the
    year in the year's own last group ("2026" sorts after "2026-01" going down)."""
    years: list[dict[str, Any]] = []
    for when, _, entry in dated:
        year = (when or "")[:4]
        if not years or years[-1]["key"] != year:
            years.append({"key": year, "months": [], "year_only": []})
        if len(when or "") == 4:
            years[-1]["year_only"].append(entry)
            continue
        months = years[-1]["months"]
        key = (when or "")[:7]
        if not months or months[-1]["key"] != key:
            months.append({"key": key, "label": month_label(key), "entries": []})
        months[-1]["entries"].append(entry)
    return years
