"""`briefing`: a thin command line over the library. It parses flags, calls the
pipeline, prints problems and maps them to an exit code:

    0  success (problems, if any, were only warnings or notes, and --strict was off)
    1  a seed or curated file has an error (or, with --strict, any warning)
    2  usage error (bad flags, a folder that does not exist)
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .build import build, collect, generate
from .config import Settings
from .curated import load_curated
from .export import to_jsonl
from .model import BuildResult, Problem
from .report import format_problem, summary_line
from .twins import find_twins
from .seeds import OVERRIDE_SUFFIXES, find_seeds


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(
        seeds_dir=getattr(args, "seeds", None),
        docs_dir=getattr(args, "docs_dir", None),
        site_dir=getattr(args, "site_dir", None),
        strict=getattr(args, "strict", False),
    )


def _print_problems(problems: tuple[Problem, ...] | list[Problem], fmt: str, verbose: bool) -> None:
    for problem in problems:
        if problem.level == "info" and not verbose:
            continue
        print(format_problem(problem, fmt), file=sys.stderr if fmt == "text" else sys.stdout)


def _exit_code(result: BuildResult, strict: bool) -> int:
    if result.count("error") or (strict and result.count("warning")):
        return 1
    return 0


def _finish(result: BuildResult, args: argparse.Namespace, what: str) -> int:
    _print_problems(result.problems, getattr(args, "format", "text"), getattr(args, "verbose", False))
    code = _exit_code(result, getattr(args, "strict", False))
    print(summary_line(result, what, strict=getattr(args, "strict", False)), file=sys.stderr)
    return code


def cmd_generate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    return _finish(generate(settings), args, f"pages written to {settings.docs_dir}")


def cmd_build(args: argparse.Namespace) -> int:
    from .site import SiteError

    settings = _settings(args)
    try:
        result = build(settings)
    except SiteError as exc:
        print(exc, file=sys.stderr)
        return 1
    return _finish(result, args, f"site built in {settings.site_dir}")


def _collect(args: argparse.Namespace, paths: list[Path] | None = None) -> BuildResult:
    settings = _settings(args)
    curated, problems = load_curated(settings.content_dir)
    if problems:
        return BuildResult((), tuple(problems))
    return collect(settings, curated, paths)


def cmd_export(args: argparse.Namespace) -> int:
    result = _collect(args)
    sys.stdout.write(to_jsonl(result.articles))
    _print_problems(result.problems, "text", verbose=False)
    return _exit_code(result, strict=False)


def _seed_for(path: Path) -> Path | Problem:
    """The seed a checked path stands for: itself, or the seed an override sidecar belongs to."""
    if path.suffix.lower() not in OVERRIDE_SUFFIXES:
        return path
    seeds = [p for p in sorted(path.parent.glob(f"{path.stem}.*")) if p.suffix.lower() not in OVERRIDE_SUFFIXES]
    if not seeds:
        return Problem(str(path), "error", f"override for a seed that does not exist: no {path.stem}.* beside it")
    return seeds[0]


def _explained_seed(args: argparse.Namespace) -> Path | None:
    """The seed file `--explain` names: a path, or a seed or article id in the seed folder."""
    given = Path(args.explain)
    if given.is_file():
        return given
    seeds_dir = _settings(args).seeds_dir
    for path in find_seeds(seeds_dir) if seeds_dir.is_dir() else []:
        stem = path.name.rsplit(".", 1)[0]
        if args.explain == stem or args.explain.startswith(f"{stem}-"):
            return path
    return None


def _checked(args: argparse.Namespace, settings: Settings) -> BuildResult | int:
    """The articles and problems of the seeds asked for, duplicates of other seeds included;
    or an exit code when a path asked for does not exist."""
    curated, problems = load_curated(settings.content_dir)
    if problems:
        return BuildResult((), tuple(problems))
    wanted = [_seed_for(Path(p)) for p in args.paths]
    if args.explain:
        explained = _explained_seed(args)
        if explained is None:
            print(f"{args.explain}: error: no such seed file or seed id", file=sys.stderr)
            return 2
        wanted = [explained]
    for path in wanted:
        if isinstance(path, Path) and not path.is_file():
            print(f"{path}: error: no such seed file", file=sys.stderr)
            return 2
    everything = collect(settings, curated)
    if not wanted:
        return BuildResult(everything.articles, everything.problems + tuple(find_twins(list(everything.articles), [])))
    # Seeds in the seed folder are taken from the whole collection, so their stories
    # and related coverage are the ones the site will show; others are read alone.
    asked = {p.resolve() for p in wanted if isinstance(p, Path)}
    inside = {p for p in asked if p.parent == settings.seeds_dir.resolve()}
    articles = [a for a in everything.articles if Path(a.seed).resolve() in inside]
    problems = [p for p in wanted if isinstance(p, Problem)]
    problems += [p for p in everything.problems if Path(p.path).resolve() in inside]
    if asked - inside:
        alone = collect(settings, curated, sorted(p for p in wanted if isinstance(p, Path) and p.resolve() not in inside))
        articles += alone.articles
        problems += alone.problems
    problems += find_twins(articles, list(everything.articles))
    return BuildResult(tuple(articles), tuple(problems))


def cmd_check(args: argparse.Namespace) -> int:
    from .report import explain, extracted_table, markdown_report

    result = _checked(args, _settings(args))
    if isinstance(result, int):
        return result
    _print_problems(result.problems, args.format, verbose=True)
    if args.explain:
        # One article of a feed or post list when its id was given, else every article of the seed.
        chosen = [a for a in result.articles if a.id == args.explain] or list(result.articles)
        print("\n\n".join(explain(a) for a in chosen))
    elif args.format == "text":
        print(extracted_table(result.articles, verbose=args.verbose))
    elif os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(markdown_report(result, strict=args.strict))
    print(summary_line(result, "seeds checked", strict=args.strict), file=sys.stderr)
    return _exit_code(result, args.strict)


def cmd_new(args: argparse.Namespace) -> int:
    from .newseed import add_seed
    from .seeds import SeedError

    settings = _settings(args)
    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    try:
        path = add_seed(data, settings.seeds_dir)
    except SeedError as exc:
        print(f"{args.file}: error: {exc.message}", file=sys.stderr)
        return 1
    print(f"added {path} and its override sidecar {path.with_suffix('.yml')}", file=sys.stderr)
    args.paths = [str(path)]
    args.strict, args.format, args.verbose, args.explain = False, "text", False, None
    return cmd_check(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_settings(args), args.dev_addr)


def parser() -> argparse.ArgumentParser:
    """The command line, with one sub-command per job."""
    top = argparse.ArgumentParser(prog="briefing", description="Turn news-article seeds into a briefing site.")
    sub = top.add_subparsers(dest="command", required=True)

    def seeds_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, metavar="DIR", help="seed folder (default: content/seeds)")

    p = sub.add_parser("generate", help="write Markdown pages for the seeds into the docs folder")
    seeds_flag(p)
    p.add_argument("--docs-dir", type=Path, metavar="DIR", help="where pages go (default: build/docs)")
    p.add_argument("--strict", action="store_true", help="fail on any warning, write nothing")
    p.add_argument("-v", "--verbose", action="store_true", help="also print notes")
    p.set_defaults(run=cmd_generate)

    p = sub.add_parser("build", help="generate the pages, then build the site with MkDocs")
    seeds_flag(p)
    p.add_argument("--docs-dir", type=Path, metavar="DIR", help="where pages go (default: build/docs)")
    p.add_argument("--site-dir", type=Path, metavar="DIR", help="where the site goes (default: site)")
    p.add_argument("--strict", action="store_true", help="fail on any warning (ours or MkDocs's)")
    p.add_argument("-v", "--verbose", action="store_true", help="also print notes")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("export", help="print every article as JSON Lines (schema: docs/export.md)")
    seeds_flag(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("check", help="validate seeds and show what was extracted from them")
    p.add_argument("paths", nargs="*", metavar="PATH", help="seed files or their .yml sidecars (default: every seed)")
    seeds_flag(p)
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=("text", "github"), default="text", help="github: workflow annotations")
    p.add_argument("-v", "--verbose", action="store_true", help="also print notes and every removed line")
    p.add_argument("--explain", metavar="SEED", help="print every field of one seed (a path or an id) with where it came from")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("new", help="add an article (a file, or - for pasted text) as a new seed, then check it")
    p.add_argument("file", metavar="FILE|-", help="the article as found; - reads standard input")
    seeds_flag(p)
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("serve", help="preview the site locally, regenerating when seeds or templates change")
    seeds_flag(p)
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    p.set_defaults(run=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for flag in ("seeds",):
        folder = getattr(args, flag, None)
        if folder is not None and not folder.is_dir():
            print(f"{folder}: error: no such folder", file=sys.stderr)
            return 2
    return args.run(args)


def run() -> None:
    """The `briefing` command: `main`, then `leave`."""
    leave(main())


def leave(code: int) -> None:
    """Exit with `code` at once. Freeing a big build's objects one by one at exit took 0.12 s
    after a 10,000-seed run; by then every file is written and closed and every worker
    joined, so only the logs and output streams are flushed first."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
