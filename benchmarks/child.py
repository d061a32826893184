"""One measured run, in its own process so its time and peak memory are its own.

    python -m benchmarks.child MODE --seeds DIR --docs DIR --site DIR --out FILE.json

MODE is `generate` or `build` (Briefing's own functions, as the command line
calls them), `mkdocs` (a plain MkDocs build of the docs dir, `--dirty` optional),
`profile` (a serial cold generate with each pipeline stage timed), `html` (the
saved-HTML reader on the extraction benchmark's pages) or `serve` (the live
preview, until stopped). The parent reads FILE.json
and the process's resource usage.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Pipeline stages as the issue names them, each with the functions that make it up,
# found by name where the pipeline looks them up. A name that does not exist (the
# pipeline changed) is reported as missing; its time falls into "other".
STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "read": (("generator.analyse", "read_seed"), ("generator.readers", "read")),
    "extract+clean": (("generator.analyse", "extract_metadata"), ("generator.analyse", "clean"), ("generator.analyse", "apply_override")),
    "summarize": (("generator.analyse", "summarize"), ("generator.analyse", "extract_key_points")),
    "figures+entities": (("generator.analyse", "extract_figures"), ("generator.analyse", "extract_entities")),
    "classify": (("generator.analyse", "classify"),),
    "stories": (("generator.analyse", "vectors"), ("generator.cache", "scored_pairs_of"), ("generator.build", "group_stories")),
    "render articles": (("generator.cache", "render_article"),),
    "render index pages": (("generator.cache", "render_home_pages"), ("generator.cache", "render_timeline"), ("generator.story_pages", "render_timeline_section"),
                           ("generator.cache", "render_topic_page")),
    "write": (("generator.build", "update_dir"),),
    "cache": tuple(("generator.cache:Cache", name) for name in ("seed_key", "load", "store", "pages", "save")),
}


def _settings(args: argparse.Namespace):
    from generator.config import Settings

    return Settings(root=ROOT, seeds_dir=args.seeds, docs_dir=args.docs, site_dir=args.site)


def _counts(result) -> dict[str, int]:
    return {"articles": len(result.articles), "errors": result.count("error"), "warnings": result.count("warning")}


def run_generate(args: argparse.Namespace) -> dict:
    from generator.build import generate

    started, cpu = time.perf_counter(), time.process_time()
    result = generate(_settings(args))
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, **_counts(result)}


def run_build(args: argparse.Namespace) -> dict:
    from generator.build import build

    started = time.perf_counter()
    result = build(_settings(args))
    return {"seconds": time.perf_counter() - started, **_counts(result)}


def run_mkdocs(args: argparse.Namespace) -> dict:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    started = time.perf_counter()
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(args.docs.resolve()), site_dir=str(args.site.resolve()))
    build(config, dirty=args.dirty)
    return {"seconds": time.perf_counter() - started}


def run_serve(args: argparse.Namespace) -> dict:
    """`briefing serve` on the benchmark's seeds until the parent stops it."""
    from generator.serve import serve

    serve(_settings(args), args.dev_addr)
    return {}


def _timed(totals: dict[str, float], stage: str, func: Callable) -> Callable:
    # CPU time of this one process: on a shared machine, wall time also counts waiting for a core.
    def wrapper(*a, **k):
        started = time.process_time()
        try:
            return func(*a, **k)
        finally:
            totals[stage] += time.process_time() - started

    return wrapper


def run_profile(args: argparse.Namespace) -> dict:
    """A generate on one process (cold or not, as the parent left the cache), the CPU
    time of each stage summed over the seeds."""
    os.environ["BRIEFING_JOBS"] = "1"
    totals = {stage: 0.0 for stage in STAGES}
    missing = []
    for stage, names in STAGES.items():
        for where, name in names:
            module_name, _, class_name = where.partition(":")
            owner = importlib.import_module(module_name)
            owner = getattr(owner, class_name) if class_name else owner
            if hasattr(owner, name):
                setattr(owner, name, _timed(totals, stage, getattr(owner, name)))
            else:
                missing.append(f"{where}.{name}")
    result = run_generate(args)
    return {**result, "stages": totals, "missing": missing}


def run_html(args: argparse.Namespace) -> dict:
    """Milliseconds per page: the HTML reader (extraction and dates) and the whole per-seed work."""
    import gzip  # here, as each mode imports what it alone uses: a measured generate starts as `briefing` does

    from generator.analyse import read_one
    from generator.curated import load_curated
    from generator.model import Seed
    from generator.readers import html
    from generator.seeds import SeedError

    settings = _settings(args)
    curated, _ = load_curated(settings.content_dir)
    pages = sorted(args.html.glob("*.html.gz"))[: args.limit or None]
    html.read(Seed(Path("warm-up.html"), "warm-up", gzip.open(pages[0]).read().decode("utf-8")))  # imports
    read_ms, seed_ms, refused = [], [], 0
    scratch = args.docs / "html-seeds"
    scratch.mkdir(parents=True, exist_ok=True)
    for page in pages:
        text = gzip.open(page).read().decode("utf-8")
        seed = Seed(page, page.name.split(".")[0], text)
        started = time.perf_counter()
        try:
            html.read(seed)
        except SeedError:
            refused += 1
        read_ms.append((time.perf_counter() - started) * 1000)
        path = scratch / f"{seed.id[:32]}.html"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        read_one(path, curated, settings)
        seed_ms.append((time.perf_counter() - started) * 1000)
    return {
        "pages": len(pages),
        "refused": refused,
        "read_ms": _spread(read_ms),
        "seed_ms": _spread(seed_ms),
    }


def _spread(values: list[float]) -> dict[str, float]:
    import statistics

    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "mean": statistics.fmean(ordered),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
        "max": ordered[-1],
        "total": sum(ordered) / 1000,
    }


def _unchanged(article, *args, **kwargs):
    return article


def _ungrouped(articles, pairs=None, before=None):
    return list(articles)


# Stages `--without` can switch off, each function replaced where the pipeline looks it
# up by one that changes nothing: what the rest of the pipeline costs without them (the
# pages then lack what the stage gives: stories, summaries, key figures, topics).
WITHOUT: dict[str, tuple[tuple[str, str, Callable], ...]] = {
    "stories": (("generator.build", "group_stories", _ungrouped),),
    "summary": (("generator.analyse", "summarize", _unchanged), ("generator.analyse", "extract_key_points", _unchanged)),
    "findings": (("generator.analyse", "extract_figures", _unchanged), ("generator.analyse", "extract_entities", _unchanged)),
    "topics": (("generator.analyse", "classify", _unchanged),),
}


def without(stages: list[str]) -> None:
    """Switch `stages` (names of `WITHOUT`) off in this process and the workers it forks."""
    for stage in stages:
        for module, name, replacement in WITHOUT[stage]:
            setattr(importlib.import_module(module), name, replacement)


def stage_names(text: str) -> list[str]:
    """`--without`'s comma-separated stages, each checked."""
    names = [name for name in text.split(",") if name]
    unknown = [name for name in names if name not in WITHOUT]
    if unknown:
        raise argparse.ArgumentTypeError(f"no stage {', '.join(unknown)}; choose among {', '.join(WITHOUT)}")
    return names


MODES = {"generate": run_generate, "build": run_build, "mkdocs": run_mkdocs, "profile": run_profile, "html": run_html, "serve": run_serve}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child")
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--seeds", type=Path)
    parser.add_argument("--docs", type=Path)
    parser.add_argument("--site", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--html", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--dev-addr", default="127.0.0.1:8123")
    parser.add_argument("--without", type=stage_names, default=[], help=f"stages to switch off, comma-separated: {', '.join(WITHOUT)}")
    args = parser.parse_args(argv)
    if args.mode != "mkdocs":  # the plain MkDocs build is the yardstick: it loads no stage of ours
        without(args.without)
    report = MODES[args.mode](args)
    from generator.parallel import worker_count

    report["main_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report["worker_rss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report["workers"] = worker_count()
    args.out.write_text(json.dumps(report), encoding="utf-8")
    return 0


if __name__ == "__main__":
    from generator.cli import leave

    leave(main())  # out at once, as the `briefing` command exits: its time is the command's
