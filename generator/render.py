"""Articles to Markdown pages: one page per article, and the index pages, from Jinja2 templates.

Templates see seed values as data only: the environment's `finalize` hook escapes
every printed value as Markdown text unless the code marked it as already safe
(`Markup`), and front matter is written by the YAML dumper, never by a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .curated import Curated
from .escape import html_text, md_text, md_url
from .model import Article
from .yamlio import dump_yaml

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
LATEST = 20
SITE_TOPIC = "Japan's AI and cybersecurity"


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else md_text(str(value))


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The Jinja2 environment for Markdown templates: strict, escaping by default."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
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
        return ""
    if origin == "override":
        return "date set by the editors"
    if origin.startswith("front-matter"):
        return "date given by the contributor"
    if origin == "text:dateline":
        return "date from the article's dateline"
    return "date from the publisher's metadata"


def _article_view(article: Article, curated: Curated) -> dict[str, Any]:
    topics = [t for t in (curated.topic(tid) for tid in article.topics) if t is not None]
    return {
        "id": article.id,
        "title": article.title,
        "date_label": date_label(article.date),
        "date_note": _date_note(article.origin("date")),
        "source": article.source,
        "source_host": urlsplit(article.source_url).hostname if article.source_url else None,
        "source_url": article.source_url,
        "author": article.author,
        "credits": article.credits,
        "topics": article.topics,
        "topic_objects": topics,
        "summary": article.summary,
        "key_points": article.key_points,
        "blocks": [
            {"kind": b.kind, "text": b.text, "marker": Markup("#" * min(b.level + 1, 6))} for b in article.blocks
        ],
    }


def front_matter(article: Article) -> str:
    """The page's YAML front matter. MkDocs and Material print `title` and
    `description` into HTML unescaped, so those two are HTML-escaped here."""
    data: dict[str, Any] = {
        "title": html_text(article.title),
        "description": html_text(article.summary) if article.summary else None,
        "date": article.date,
        "source": article.source,
        "source_url": article.source_url,
        "topics": list(article.topics),
        "story": article.story,
    }
    return "---\n" + dump_yaml({k: v for k, v in data.items() if v not in (None, [])}) + "---\n\n"


def render_article(article: Article, env: jinja2.Environment, curated: Curated, coverage: dict[str, Any] | None = None) -> str:
    """The article's page: front matter, header, story, summary, key points, the cleaned text, related coverage."""
    body = env.get_template("article.md.j2").render(article=_article_view(article, curated), coverage=coverage)
    return front_matter(article) + _tidy(body)


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


def _index_page(title: str, template: str, env: jinja2.Environment, **context: Any) -> str:
    body = env.get_template(template).render(**context)
    return "---\n" + dump_yaml({"title": html_text(title)}) + "---\n\n" + _tidy(body)


def render_indexes(articles: list[Article], env: jinja2.Environment, curated: Curated) -> dict[str, str]:
    """Home, topics index, one page per topic, and the timeline. `articles` are newest first."""
    from .story_pages import story_timeline  # story pages build on this module's helpers

    views = [_article_view(a, curated) for a in articles]
    topics = []
    for topic in curated.topics:
        members = [v for v in views if topic.id in v["topics"]]
        topics.append({"id": topic.id, "title": topic.title, "description": topic.description, "count": len(members), "articles": members})
    pages = {
        "index.md": _index_page("Briefing", "home.md.j2", env, latest=views[:LATEST], topics=topics, site_topic=SITE_TOPIC),
        "topics/index.md": _index_page("Topics", "topics.md.j2", env, topics=topics),
        "timeline.md": _index_page("Timeline", "timeline.md.j2", env, **story_timeline(articles, views)),
    }
    for topic in topics:
        pages[f"topics/{topic['id']}.md"] = _index_page(topic["title"], "topic.md.j2", env, topic=topic, articles=topic["articles"])
    return pages


def render_site_pages(articles: list[Article], env: jinja2.Environment, curated: Curated) -> Pages:
    """Every generated page of the site."""
    from .story_pages import coverage_view, render_story_pages  # story pages build on this module's helpers

    by_id = {a.id: a for a in articles}
    files = {f"articles/{a.id}.md": render_article(a, env, curated, coverage_view(a, by_id)) for a in articles}
    files.update(render_indexes(articles, env, curated))
    files.update(render_story_pages(articles, env))
    return Pages(files)
