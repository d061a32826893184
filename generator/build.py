"""The pipeline, one line per stage. Only this module knows their order.

    seed file -> read (one reader per format) -> extract metadata -> clean
      -> override -> summarize -> key points -> key figures -> entities -> classify   (per article)
    all articles -> sort -> stories -> render pages, feeds, export -> write docs
      -> MkDocs site -> sitemap dates
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import readers
from .classify import classify
from .clean import clean
from .config import Settings
from .curated import Curated, load_curated
from .entities import extract_entities
from .export import to_json_document
from .extract import extract_metadata
from .feeds import render_feeds
from .figures import extract_figures
from .model import Article, BuildResult, Problem
from .output import replace_dir, write_files
from .overrides import OverrideError, apply_override, orphan_overrides, override_path
from .progress import Progress
from .render import make_environment, render_site_pages
from .seeds import SeedError, find_seeds, read_seed
from .siteinfo import read_site_info
from .stories import group_stories
from .summarize import extract_key_points, summarize


def prepare_article(article: Article, curated: Curated, settings: Settings) -> Article:
    """Every per-article stage, in order."""
    article = extract_metadata(article, curated)
    article = clean(article, curated.boilerplate)
    article = apply_override(article, override_path(settings.seeds_dir, article.id), {t.id for t in curated.topics})
    article = summarize(article, settings.summary_words)
    article = extract_key_points(article)
    article = extract_figures(article)
    article = extract_entities(article, curated.entities)
    return classify(article, curated.topics)


def _seed_problems(article: Article) -> list[Problem]:
    problems = [Problem(article.seed, "warning", w) for w in article.warnings]
    if not article.blocks:
        problems.append(Problem(article.seed, "error", f"{article.id}: nothing left after cleaning; is this an article?"))
    if article.date is None:
        problems.append(Problem(article.seed, "info", f"{article.id}: no publication date found; set 'date:' in {article.id}.yml if you know it"))
    if article.source_url is None:
        problems.append(Problem(article.seed, "info", f"{article.id}: no link to the original found; set 'source_url:' in {article.id}.yml if you know it"))
    return problems


def read_articles(
    paths: list[Path], curated: Curated, settings: Settings, on_seed: Callable[[], None] = lambda: None
) -> tuple[list[Article], list[Problem]]:
    """Articles from every seed that can be read; a bad seed becomes problems, never a stop."""
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        on_seed()
        try:
            seed = read_seed(path, settings.max_seed_bytes)
            found = [prepare_article(a, curated, settings) for a in readers.read(seed)]
        except SeedError as exc:
            problems.append(Problem(str(path), "error", exc.message, exc.line))
            continue
        except OverrideError as exc:
            problems.extend(exc.problems)
            continue
        except Exception as exc:  # a bug: keep the traceback, name the seed
            raise RuntimeError(f"{path}: unexpected error while reading this seed: {exc!r}") from exc
        for article in found:
            article_problems = _seed_problems(article)
            problems.extend(article_problems)
            if any(p.level == "error" for p in article_problems):
                continue
            if article.id in seen:
                problems.append(Problem(str(path), "error", f"page name {article.id!r} is already used by {seen[article.id]}; rename one of them"))
                continue
            seen[article.id] = str(path)
            articles.append(article)
    return articles, problems


def newest_first(articles: list[Article]) -> list[Article]:
    """Dated articles newest first, then undated ones; ties by id, so the order is stable."""
    dated = sorted((a for a in articles if a.date), key=lambda a: a.id)
    dated.sort(key=lambda a: a.date or "", reverse=True)
    return dated + sorted((a for a in articles if not a.date), key=lambda a: a.id)


def collect(settings: Settings, curated: Curated, paths: list[Path] | None = None) -> BuildResult:
    """Read, clean and analyse the seeds (all of them, or `paths`), stories grouped."""
    seeds = paths if paths is not None else find_seeds(settings.seeds_dir)
    progress = Progress(len(seeds), "reading seeds")
    articles, problems = read_articles(seeds, curated, settings, progress.step)
    progress.close()
    if paths is None:
        problems += orphan_overrides(settings.seeds_dir, seeds)
    return BuildResult(tuple(group_stories(newest_first(articles))), tuple(problems))


def blocks_output(result: BuildResult, settings: Settings) -> bool:
    """Whether problems forbid writing output: any error under --strict, warnings too."""
    return settings.strict and (result.count("error") or result.count("warning")) > 0


def generate(settings: Settings) -> BuildResult:
    """Seeds to Markdown pages in the docs dir, swapped in whole."""
    curated, problems = load_curated(settings.content_dir)
    site, site_problems = read_site_info(settings.mkdocs_config)
    if problems or site is None:
        return BuildResult((), tuple(problems + site_problems))
    result = collect(settings, curated)
    if not blocks_output(result, settings):
        articles = list(result.articles)
        pages = render_site_pages(articles, make_environment(settings.templates_dir), curated)
        feeds = render_feeds(articles, curated, site)
        export = {"briefings.json": to_json_document(articles, site.url)}
        replace_dir(settings.docs_dir, lambda folder: write_files(folder, {**pages.files, **feeds, **export}))
    return result


def build(settings: Settings) -> BuildResult:
    """Generate the pages, then build the site with MkDocs into the site dir."""
    from .site import build_site  # MkDocs is only imported when a site is built

    result = generate(settings)
    if result.articles and not blocks_output(result, settings):
        build_site(settings)
    return result
