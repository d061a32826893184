"""The pipeline, one line per stage. Only this module knows their order.

    seed file -> read (one reader per format) -> extract metadata -> clean
      -> override -> summarize -> key points -> key figures -> entities -> classify   (per article)
    all articles -> sort -> stories -> render pages, feeds, export -> write docs
      -> MkDocs site -> sitemap dates

Per-seed work is cached by content (`cache.py`) and spread over the cores
(`parallel.py`); only files whose bytes changed are rewritten (`output.py`).
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import partial
from pathlib import Path

from . import readers
from .cache import Cache, SeedResult, Uncached, open_cache, render_pages
from .classify import classify
from .clean import clean
from .config import Settings
from .curated import Curated, load_curated
from .entities import extract_entities
from .export import json_document, record_line
from .extract import extract_metadata
from .feeds import render_feeds
from .figures import extract_figures
from .model import Article, BuildResult, Problem
from .output import update_dir
from .overrides import OverrideError, apply_override, orphan_overrides, override_path
from .progress import Progress
from .pairs import Vectors, vectors
from .parallel import map_in_order
from .render import make_environment
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


def read_one(path: Path, curated: Curated, settings: Settings) -> SeedResult:
    """One seed's publishable articles and its problems; a bad seed is problems, never a stop."""
    try:
        seed = read_seed(path, settings.max_seed_bytes)
        found = [prepare_article(a, curated, settings) for a in readers.read(seed)]
    except SeedError as exc:
        return (), (Problem(str(path), "error", exc.message, exc.line),)
    except OverrideError as exc:
        return (), tuple(exc.problems)
    except Exception as exc:  # a bug: keep the traceback, name the seed
        raise RuntimeError(f"{path}: unexpected error while reading this seed: {exc!r}") from exc
    articles: list[Article] = []
    problems: list[Problem] = []
    for article in found:
        article_problems = _seed_problems(article)
        problems.extend(article_problems)
        if not any(p.level == "error" for p in article_problems):
            articles.append(article)
    return tuple(articles), tuple(problems)


def read_and_vectorize(path: Path, curated: Curated, settings: Settings) -> tuple[SeedResult, tuple[Vectors, ...]]:
    """`read_one`, and what the stories stage will need of each article, worked out on
    the same core while the article is at hand."""
    result = read_one(path, curated, settings)
    return result, tuple(vectors(article) for article in result[0])


def read_seeds(paths: list[Path], curated: Curated, settings: Settings, cache: Cache | Uncached) -> list[SeedResult]:
    """Each seed's result, from the cache when its bytes are unchanged, else read on every core."""
    keys = [cache.seed_key(path) for path in paths]
    results = cache.load(keys)
    missing = [(path, key) for path, key in zip(paths, keys) if key not in results]
    progress = Progress(len(missing), "reading seeds")
    fresh = map_in_order(partial(read_and_vectorize, curated=curated, settings=settings), [path for path, _ in missing])
    for (path, key), (result, found) in zip(missing, fresh):
        progress.step()
        results[key] = result
        cache.keep_vectors(key, found)
        if cache.seed_key(path) == key:  # not edited while it was read
            cache.store(key, result)
    progress.close()
    for key in keys:
        cache.remember_origin(key, results[key])
    return [results[key] for key in keys]


def read_articles(
    paths: list[Path], curated: Curated, settings: Settings, cache: Cache | None = None
) -> tuple[list[Article], list[Problem]]:
    """Articles from every seed that can be read, each page name used once; problems of the rest.
    Without a cache, every seed is read."""
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path, (found, found_problems) in zip(paths, read_seeds(paths, curated, settings, cache or Uncached())):
        problems.extend(found_problems)
        for article in found:
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


def collect(settings: Settings, curated: Curated, paths: list[Path] | None = None, cache: Cache | None = None) -> BuildResult:
    """Read, clean and analyse the seeds (all of them, or `paths`), stories grouped."""
    seeds = paths if paths is not None else find_seeds(settings.seeds_dir)
    with nullcontext(cache) if cache is not None else open_cache(settings) as store:
        articles, problems = read_articles(seeds, curated, settings, store)
        articles = store.stories(newest_first(articles), group_stories)
        if cache is None:
            store.save()
    if paths is None:
        problems += orphan_overrides(settings.seeds_dir, seeds)
    return BuildResult(tuple(articles), tuple(problems))


def blocks_output(result: BuildResult, settings: Settings) -> bool:
    """Whether problems forbid writing output: any error under --strict, warnings too."""
    return settings.strict and (result.count("error") or result.count("warning")) > 0


def generate(settings: Settings) -> BuildResult:
    """Seeds to Markdown pages, feeds and the export in the docs dir, swapped in whole;
    files whose bytes do not change keep their inode and time."""
    curated, problems = load_curated(settings.content_dir)
    site, site_problems = read_site_info(settings.mkdocs_config)
    if problems or site is None:
        return BuildResult((), tuple(problems + site_problems))
    with open_cache(settings) as cache:
        result = collect(settings, curated, cache=cache)
        if not blocks_output(result, settings):
            articles = list(result.articles)
            pages = render_pages(articles, make_environment(settings.templates_dir), curated, cache)
            feeds = cache.derived("feeds", articles, site, lambda: render_feeds(articles, curated, site))
            export = cache.derived(
                "export", articles, site, lambda: {"briefings.json": json_document(cache.each("record", articles, record_line), site.url)},
                keep=False, joins="record",
            )
            cache.outputs_written(update_dir(settings.docs_dir, {**pages, **feeds, **export}))
        cache.save(prune=True)
    return result


def build(settings: Settings) -> BuildResult:
    """Generate the pages, then build the site with MkDocs into the site dir."""
    from .site import build_site  # MkDocs is only imported when a site is built

    result = generate(settings)
    if result.articles and not blocks_output(result, settings):
        build_site(settings)
    return result
