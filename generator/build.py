"""The pipeline, one line per stage.

    seed file -> read (one reader per format) -> extract metadata -> clean
      -> override -> summarize -> key points -> key figures -> entities -> classify   (per article)
    all articles -> sort -> stories -> render pages, feeds, export -> write docs
      -> MkDocs site -> sitemap dates

This module runs the stages over all articles; `analyse.py` runs the per-article
ones, in the order shown. Per-seed work is cached by content (`cache.py`) and
spread over the cores (`parallel.py`); only files whose bytes changed are
rewritten (`output.py`).
"""

from __future__ import annotations

import tempfile
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from .cache import Cache, SeedResult, Uncached, open_cache, render_pages
from .config import Settings
from .curated import Curated, load_curated
from .export import document_records, json_document, record_bytes
from .feeds import feed_items, render_feed
from .model import Article, BuildResult, Problem
from .pairs import Vectors
from .output import Staged, stage, update_dir
from .overrides import orphan_overrides
from .parallel import MIN_ITEMS, Ahead, keep_freed_memory, map_in_order, release_freed_memory
from .progress import Progress
from .render import make_environment
from .seeds import find_seeds
from .siteinfo import SiteInfo, read_site_info
from .stories import group_stories
from .terms import keep_word_lists_in


def _read_and_vectorize(path: Path, curated: Curated, settings: Settings) -> tuple[SeedResult, tuple[Vectors, ...]]:
    from .analyse import read_and_vectorize  # the readers and analysis stages: only where a seed is read

    return read_and_vectorize(path, curated, settings)


BESIDE_CACHED = 1000
"""Seeds from which a build forks a worker ahead for the few an edit reads (`parallel.Ahead`)
and keeps word lists as files for the few words an edit weighs (`terms.keep_word_lists_in`);
and cached seeds from which the seeds to read go to a worker even when few: an edit's seed
is read while the cached ones are unpickled (0.2 s at 10,000 seeds), rather than after."""


def _ready_to_read() -> None:
    from .analyse import ready_to_read

    ready_to_read()


def read_seeds(paths: list[Path], curated: Curated, settings: Settings, cache: Cache | Uncached) -> list[SeedResult]:
    """Each seed's result, from the cache when its bytes are unchanged, else read on every core."""
    # With many seeds: word lists kept as files beside the cache, for the few words an edit
    # weighs; and a worker that readies itself to read while the seeds' keys are worked
    # out, which takes the seeds to read if few are missing among many cached (an edit).
    beside_cache = cache.path.parent if isinstance(cache, Cache) and len(paths) >= BESIDE_CACHED else None
    keep_word_lists_in(beside_cache)
    ahead = Ahead(_ready_to_read) if beside_cache else None
    try:
        keys = [cache.seed_key(path) for path in paths]
        stored = cache.stored(keys)
    except BaseException:
        if ahead:
            ahead.close()
        raise
    missing = [(path, key) for path, key in zip(paths, keys) if key not in stored]
    read_one = partial(_read_and_vectorize, curated=curated, settings=settings)
    beside = len(stored) >= BESIDE_CACHED
    read = ahead.map(read_one, [path for path, _ in missing]) if ahead and beside and 0 < len(missing) < MIN_ITEMS else None
    if read is None:
        if ahead:
            ahead.close()
        read = map_in_order(read_one, [path for path, _ in missing], beside=beside)
    results = cache.load([key for key in keys if key in stored])
    if missing:
        cache.read_ahead()
    progress = Progress(len(missing), "reading seeds")
    for (path, key), (result, found) in zip(missing, read):
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
    keep_freed_memory()
    curated, problems = load_curated(settings.content_dir)
    site, site_problems = read_site_info(settings.mkdocs_config)
    if problems or site is None:
        return BuildResult((), tuple(problems + site_problems))
    with open_cache(settings) as cache:
        result = collect(settings, curated, cache=cache)
        if not blocks_output(result, settings):
            articles = list(result.articles)
            with tempfile.TemporaryDirectory(prefix=".export-", dir=settings.docs_dir.parent) as staging:
                # The export (90 MB at 10,000 seeds) is joined and written on the other core
                # meanwhile, to be moved into place: 0.5 s of an edit.
                export = cache.beside(partial(_staged_export, cache, articles, site, Path(staging)))
                try:
                    pages = render_pages(articles, make_environment(settings.templates_dir, cache.path.parent / "compiled-templates"), curated, cache)
                    feeds: dict[str, str | bytes | None] = {}
                    for topic, items in feed_items(articles, curated):  # each feed from its own newest articles
                        feeds.update(cache.derived(f"feed-{topic.id if topic else ''}", items, site, partial(render_feed, items, curated, site, topic)))
                except BaseException:
                    export.cancel()
                    raise
                cache.outputs_written(update_dir(settings.docs_dir, {**pages, **feeds, **export.result()}))
        cache.save(prune=True)
    return result


def _staged_export(cache: Cache, articles: list[Article], site: SiteInfo, staging: Path) -> dict[str, Staged | None]:
    """`briefings.json` joined from the articles' records, written into `staging` unless
    the docs dir's file is right already (None)."""
    files = cache.joined(
        "export", "briefings.json", articles, site, ("record", record_bytes), partial(json_document, site_url=site.url), document_records
    )
    return {path: None if data is None else stage(staging, path, data) for path, data in files.items()}


def build(settings: Settings) -> BuildResult:
    """Generate the pages, then build the site with MkDocs into the site dir."""
    from .site import build_site  # MkDocs is only imported when a site is built

    result = generate(settings)
    if result.articles and not blocks_output(result, settings):
        release_freed_memory()  # MkDocs's workers are forked from this process
        build_site(settings)
    return result
