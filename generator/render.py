"""Articles to Markdown pages: one page per article, and the index pages, from Jinja2 templates.

Templates see seed values as data only: the environment's `finalize` hook escapes
every printed value as Markdown text unless the code marked it as already safe
(`Markup`), and front matter is written by the YAML dumper, never by a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .chart import coverage, render_chart
from .curated import Curated
from .escape import html_text, md_text, md_url
from .feeds import topic_feeds
from .model import Article, Topic
from .social import article_jsonld, article_share, index_share
from .yamlio import dump_yaml

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
LATEST = 20
SITE_TOPIC = "Japan's AI and cybersecurity"
# Index pages only repeat the articles' summaries: searching them would put a list
# page above the article itself. Material's search honours `search: exclude`.
INDEX_SEARCH = {"exclude": True}


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else md_text(str(value))


def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for Markdown templates: strict, escaping by default. With
    `compiled_dir`, templates compiled once are kept there (Jinja checks each against its
    source): compiling the templates an edit uses took 0.04 s of it."""
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled_dir)) if compiled_dir is not None else None,
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = md_url
    return env


def date_label(date: str | None) -> str:
    """"3 April 2026", "April 2026", "2026" or "Undated", the same in every locale."""
    if not date:
        return "Undated"
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


@dataclass(frozen=True)
class Pages:
    """Generated pages: path relative to the docs dir -> file content."""

    files: dict[str, str]


def _date_note(origin: str | None) -> str:
    """Where the shown date came from, in a reader's words."""
    if origin is None:
        return "publication date not known"
    if origin == "override":
        return "date set by the editors"
    if origin.startswith("front-matter"):
        return "date given by the contributor"
    if origin == "text:dateline":
        return "date from the article's dateline"
    return "date from the publisher's metadata"


PRECISION_NOTES = {"month": "the day is not stated", "year": "only the year is stated"}


def _article_view(article: Article, curated: Curated) -> dict[str, Any]:
    topics = [t for t in (curated.topic(tid) for tid in article.topics) if t is not None]
    return {
        "id": article.id,
        "title": article.title,
        "date_label": date_label(article.date),
        "date_note": _date_note(article.origin("date")),
        "precision_note": PRECISION_NOTES.get(article.date_precision or "", ""),
        "source": article.source,
        "source_host": urlsplit(article.source_url).hostname if article.source_url else None,
        "source_url": article.source_url,
        "author": article.author,
        "credits": article.credits,
        "topics": article.topics,
        "topic_objects": topics,
        "summary": article.summary,
        "key_points": article.key_points,
        "key_figures": article.key_figures,
        "entities": article.entities,
        "blocks": [
            {"kind": b.kind, "text": b.text, "marker": Markup("#" * min(b.level + 1, 6))} for b in article.blocks
        ],
    }


def front_matter(article: Article, curated: Curated) -> str:
    """The page's YAML front matter. MkDocs and Material print `title` and
    `description` into HTML unescaped, so those two are HTML-escaped here; `share`
    and `jsonld` hold raw text that the theme override escapes (generator/social.py).
    `lastmod` is the page's real date, for the sitemap."""
    data: dict[str, Any] = {
        "title": html_text(article.title),
        "description": html_text(article.summary) if article.summary else None,
        "date": article.date,
        "source": article.source,
        "source_url": article.source_url,
        "topics": list(article.topics),
        "story": article.story,
        "lastmod": article.updated or article.date,
        "hide": ["navigation"],
        "share": article_share(article, curated),
        "jsonld": article_jsonld(article, curated),
    }
    return "---\n" + dump_yaml({k: v for k, v in data.items() if v not in (None, [])}) + "---\n\n"


def render_article(article: Article, env: jinja2.Environment, curated: Curated, coverage: dict[str, Any] | None = None) -> str:
    """The article's page: front matter, header, story, summary, key points, the cleaned text, related coverage."""
    body = env.get_template("article.md.j2").render(article=_article_view(article, curated), coverage=coverage)
    return front_matter(article, curated) + _tidy(body)


def _tidy(markdown: str) -> str:
    """Collapse the blank-line runs templates leave; end with one newline."""
    lines: list[str] = []
    for line in markdown.splitlines():
        line = line.rstrip()
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class IndexPage:
    """An index page's front matter: its title, description and what it lists."""

    title: str
    description: str
    lastmod: str | None = None
    """The newest date among the articles it lists."""
    feeds: tuple[dict[str, str], ...] = ()
    """Feeds to announce with `<link rel="alternate">`, besides the whole site's."""
    toc: bool = False
    """Show the table of contents (the timeline's years and months); lists have none worth it."""

    def front_matter(self) -> str:
        hide = ["navigation"] if self.toc else ["navigation", "toc"]
        data: dict[str, Any] = {"title": html_text(self.title), "description": html_text(self.description), "lastmod": self.lastmod, "hide": hide, "search": INDEX_SEARCH}
        data["share"] = index_share(self.title, self.description)
        if self.feeds:
            data["feeds"] = list(self.feeds)
        return "---\n" + dump_yaml({k: v for k, v in data.items() if v is not None}) + "---\n\n"


def _index_page(page: IndexPage, template: str, env: jinja2.Environment, **context: Any) -> str:
    body = env.get_template(template).render(**context)
    return page.front_matter() + _tidy(body)


def _newest(articles: list[Article]) -> str | None:
    return max((a.updated or a.date for a in articles if a.date), default=None)


def _topic_view(topic: Topic, members: list[Article]) -> dict[str, Any]:
    """A topic as its pages show it: `members` are its articles, newest first."""
    rss, json_feed = topic_feeds(topic.id)
    return {
        "id": topic.id, "title": topic.title, "description": topic.description, "count": len(members),
        "latest_label": date_label(members[0].date) if members and members[0].date else None,
        "lastmod": _newest(members), "rss": rss, "json": json_feed,
    }


ENTRY_BASES = ("", "../")
"""Where index pages stand relative to the docs root: the root (home, timeline) and a folder (topics)."""


def render_entries(article: Article, env: jinja2.Environment, curated: Curated) -> dict[str, str]:
    """The article as one entry of a list page, for each of `ENTRY_BASES`: rendered once
    per article (and cached), so a list of 10,000 articles is a join, not 10,000 renders."""
    entry = env.get_template("_macros.md.j2").module.entry
    view = _article_view(replace(article, blocks=()), curated)
    return {base: str(entry(view, base)) for base in ENTRY_BASES}


def _entry_view(article: Article, entries: dict[str, str]) -> dict[str, Any]:
    """What list pages need of an article: its rendered entries and the date to label a topic with."""
    return {"id": article.id, "date_label": date_label(article.date), "entry": {base: Markup(text) for base, text in entries.items()}}


def render_indexes(
    articles: list[Article], env: jinja2.Environment, curated: Curated, entries: dict[str, dict[str, str]] | None = None
) -> dict[str, str]:
    """Home, topics index, one page per topic, and the timeline. `articles` are newest first;
    `entries` are their `render_entries` by id, when already at hand."""
    pages = render_list_pages(articles, env, curated, entries)
    members = topic_members(curated.topics, articles)
    for topic in curated.topics:
        runs = [render_topic_run(run, env, curated, entries) for run in topic_runs(members[topic.id])]
        pages.update(render_topic_page(topic, members[topic.id], env, runs))
    return pages


def topic_members(topics: Sequence[Topic], articles: list[Article]) -> dict[str, list[Article]]:
    """The articles on each topic's page by topic id, in the order given: one pass over
    the articles (asking each topic of each article took 0.1 s at 10,000 seeds)."""
    members: dict[str, list[Article]] = {topic.id: [] for topic in topics}
    for article in articles:
        for topic_id in dict.fromkeys(article.topics):  # each topic once, however often it is named
            if topic_id in members:
                members[topic_id].append(article)
    return members


def _views(articles: list[Article], env: jinja2.Environment, curated: Curated, entries: dict[str, dict[str, str]] | None) -> list[dict[str, Any]]:
    entries = entries or {}
    return [_entry_view(a, entries.get(a.id) or render_entries(a, env, curated)) for a in articles]


def entry_views(articles: list[Article], env: jinja2.Environment, curated: Curated, entries: dict[str, dict[str, str]] | None) -> dict[str, dict[str, Any]]:
    """`_views` by article id, as `story_pages.render_timeline_section` takes them."""
    return {a.id: view for a, view in zip(articles, _views(articles, env, curated, entries))}


def render_list_pages(
    articles: list[Article], env: jinja2.Environment, curated: Curated, entries: dict[str, dict[str, str]] | None = None
) -> dict[str, str]:
    """The index pages made from every article: home, the topics index and the timeline."""
    from .story_pages import render_timeline_section, timeline_sections  # story pages build on this module's helpers

    by_id = {a.id: a for a in articles}
    views = entry_views(articles, env, curated, entries)
    sections = [render_timeline_section(section, by_id, views, env) for section in timeline_sections(articles)]
    return {**render_home_pages(articles, env, curated, entries), **render_timeline(articles, env, curated, sections)}


def render_home_pages(
    articles: list[Article], env: jinja2.Environment, curated: Curated, entries: dict[str, dict[str, str]] | None = None
) -> dict[str, str]:
    """Home and the topics index; of the articles' entries, only the latest are shown."""
    from .story_pages import latest_stories  # story pages build on this module's helpers

    latest = _views(articles[:LATEST], env, curated, entries)
    members = topic_members(curated.topics, articles)
    topics = [_topic_view(topic, members[topic.id]) for topic in curated.topics]
    newest = _newest(articles)
    home = IndexPage("Briefing", f"Briefings on {SITE_TOPIC}: each article summarised, dated and tagged, with a link to its source.", newest)
    return {
        "index.md": _index_page(
            home, "home.md.j2", env, latest=latest, total=len(articles), topics=topics, site_topic=SITE_TOPIC, **latest_stories(articles),
        ),
        "topics/index.md": _index_page(IndexPage("Topics", "Every briefing by topic.", newest), "topics.md.j2", env, topics=topics),
    }


def render_timeline(articles: list[Article], env: jinja2.Environment, curated: Curated, sections: list[str]) -> dict[str, str]:
    """The timeline: its head, then its `sections` (`story_pages.render_timeline_section`), each
    tidied already, so the page is not tidied again whole (6 MB at 10,000 seeds)."""
    page = IndexPage("Timeline", "Every briefing by publication date, newest first.", _newest(articles), toc=True)
    head = _index_page(page, "timeline.md.j2", env, chart=render_chart(coverage(articles, curated.topics), "../"))
    return {"timeline.md": "\n".join([head, *sections])}


def topic_runs(members: list[Article]) -> list[list[Article]]:
    """A topic page's entries in runs of one month each (undated ones together), in the
    page's order: an edit renders again the run its article is in, not thousands of entries."""
    return [list(run) for _, run in groupby(members, key=lambda a: a.date[:7] if a.date else None)]


def render_topic_run(
    articles: list[Article], env: jinja2.Environment, curated: Curated, entries: dict[str, dict[str, str]] | None = None
) -> str:
    """One run of a topic page's entries (`entries`: the articles' `render_entries` when
    at hand), tidied."""
    return _tidy("\n".join(str(view["entry"]["../"]) for view in _views(articles, env, curated, entries)))


def render_topic_page(topic: Topic, members: list[Article], env: jinja2.Environment, runs: list[str]) -> dict[str, str]:
    """One topic's page, made from its `topic_members` alone: its head, then its `runs`
    (`render_topic_run` of each of `topic_runs`), each tidied already, so the page is not
    tidied again whole (3 MB at 10,000 seeds)."""
    view = _topic_view(topic, members)
    feed = {"title": view["title"], "rss": view["rss"], "json": view["json"]}
    page = IndexPage(view["title"], view["description"], view["lastmod"], (feed,))
    return {f"topics/{topic.id}.md": "\n".join([_index_page(page, "topic.md.j2", env, topic=view), *runs])}


def render_site_pages(articles: list[Article], env: jinja2.Environment, curated: Curated) -> Pages:
    """Every generated page of the site."""
    from .story_pages import coverage_view, render_story_pages  # story pages build on this module's helpers

    by_id = {a.id: a for a in articles}
    files = {f"articles/{a.id}.md": render_article(a, env, curated, coverage_view(a, by_id)) for a in articles}
    files.update(render_indexes(articles, env, curated))
    files.update(render_story_pages(articles, env))
    return Pages(files)
