"""Body extraction on the article-extraction benchmark, beside its published figures.

Each of the 181 saved pages goes through what a saved-HTML seed goes through
(the HTML reader, the metadata stages, the boilerplate cleaner), and the body we
would publish, without the title, is scored with the benchmark's own metric
(`benchmarks/extraction_metric.py`). The metric is first checked on the stored
trafilatura 2.0.0 output, which must give the published F1 0.958, P 0.938,
R 0.978 and accuracy 0.293.

    python -m benchmarks.extraction [--data DIR] [--options] [--update-floor]

`--options` also scores trafilatura option sets (favor_precision, favor_recall,
no tables) through the same reader, to show why `readers/html.py` uses the ones
it does.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import math
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.extraction_metric import Scores, evaluate, paired_difference
from generator.clean import clean
from generator.curated import Curated, load_curated
from generator.extract import extract_metadata
from generator.model import Article, Seed
from generator.readers import html
from generator.seeds import SeedError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
FLOOR = Path(__file__).with_name("extraction_floor.json")
REFERENCE = {"f1": 0.958, "precision": 0.938, "recall": 0.978, "accuracy": 0.293}
"""What the stored trafilatura 2.0.0 output must score (the benchmark README)."""
OPTION_SETS = {
    "trafilatura defaults": {"favor_precision": False},
    "favor_precision alone (no fallback)": {"favor_precision": True, "fallback": False},
    "favor_recall": {"favor_precision": False, "favor_recall": True},
    "favor_precision with fallback, no tables": {"favor_precision": True, "include_tables": False},
}
_PUBLISHED_ROW = re.compile(
    r"^\| (?P<system>[^|]+?) \| (?P<version>[^|]+?) \| \**(?P<f1>\d\.\d{3}) ± [\d.]+\** \| (?P<p>\d\.\d{3}) ± [\d.]+ \| (?P<r>\d\.\d{3}) ± [\d.]+ \| (?P<acc>\d\.\d{3}) ± [\d.]+ \|$"
)


def load_truth(data: Path) -> dict[str, str]:
    """Ground-truth article bodies by page id."""
    return {key: value["articleBody"] for key, value in json.loads((data / "ground-truth.json").read_text(encoding="utf-8")).items()}


def load_reference(data: Path) -> dict[str, str | None]:
    """The stored trafilatura 2.0.0 predictions."""
    output = json.loads((data / "reference-outputs" / "trafilatura.json").read_text(encoding="utf-8"))["output"]
    return {key: value.get("articleBody") for key, value in output.items()}


def load_pages(data: Path, ids: list[str]) -> dict[str, str]:
    """The saved pages, decoded."""
    return {key: gzip.open(data / "html" / f"{key}.html.gz").read().decode("utf-8") for key in ids}


def published(data: Path) -> list[tuple[str, float, float, float, float]]:
    """(system version, F1, P, R, accuracy) of the README's tables, latest evaluation first."""
    rows = []
    for line in (data / "README.md").read_text(encoding="utf-8").splitlines():
        match = _PUBLISHED_ROW.match(line)
        if match:
            name = f"{match['system'].strip('* ')} {match['version'].strip()}"
            rows.append((name, float(match["f1"]), float(match["p"]), float(match["r"]), float(match["acc"])))
    return rows


def pipeline_body(page: str, key: str, curated: Curated, read: Callable[[Seed], list[Article]] = html.read) -> str:
    """The body Briefing publishes for a saved page (no title), or "" when it refuses the page."""
    try:
        article = read(Seed(path=Path(f"{key}.html"), id=key, text=page))[0]
    except SeedError:
        return ""
    return clean(extract_metadata(article, curated), curated.boilerplate).body


def predict(pages: dict[str, str], curated: Curated, read: Callable[[Seed], list[Article]] = html.read) -> tuple[dict[str, str], float]:
    """Our published body for every page, and the seconds per page it took."""
    start = time.perf_counter()
    predictions = {key: pipeline_body(page, key, curated, read) for key, page in sorted(pages.items())}
    return predictions, (time.perf_counter() - start) / len(pages)


def raw_text(page: str) -> str:
    """trafilatura's plain text with its default settings, as a library user would get it."""
    doc = html.extract_body(page, fallback=False, favor_precision=False)
    return doc.text if doc is not None else ""


def trafilatura_version() -> str:
    from importlib.metadata import version

    return version("trafilatura")


def _row(name: str, scores: Scores) -> str:
    f1, p, r, acc = scores.std
    return f"| {name} | {scores.f1:.3f} ± {f1:.3f} | {scores.precision:.3f} ± {p:.3f} | {scores.recall:.3f} ± {r:.3f} | {scores.accuracy:.3f} ± {acc:.3f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the article-extraction benchmark folder")
    parser.add_argument("--options", action="store_true", help="also score trafilatura option sets")
    parser.add_argument("--update-floor", action="store_true", help=f"raise {FLOOR.name} to this run's F1")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"{args.data}: no ground-truth.json; pass --data", file=sys.stderr)
        return 2
    truth = load_truth(args.data)
    check = evaluate(truth, load_reference(args.data))
    got = {"f1": check.f1, "precision": check.precision, "recall": check.recall, "accuracy": check.accuracy}
    if any(round(got[k], 3) != REFERENCE[k] for k in REFERENCE):
        print(f"metric check FAILED: stored trafilatura output scores {got}, expected {REFERENCE}", file=sys.stderr)
        return 1
    curated, problems = load_curated(ROOT / "content")
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    pages = load_pages(args.data, sorted(truth))
    predictions, seconds = predict(pages, curated)
    ours = evaluate(truth, predictions)
    print(f"{len(truth)} pages; body scored without the title; ± is the bootstrap deviation (1,000 resamples)\n")
    print("| system | F1 | precision | recall | accuracy |\n| --- | --- | --- | --- | --- |")
    print(_row("**Briefing** (HTML reader + metadata + cleaner)", ours))
    if args.options:
        raw = {key: raw_text(page) for key, page in pages.items()}
        print(_row(f"trafilatura {trafilatura_version()} text as it comes (title included, no cleaning)", evaluate(truth, raw)))
        for name, options in OPTION_SETS.items():
            read = functools.partial(html.read, options=options)
            print(_row(f"our reader, {name}", evaluate(truth, predict(pages, curated, read)[0])))
    print(_row("metric check: stored trafilatura 2.0.0 output", check))
    print("\nPublished (benchmark README):\n\n| system | F1 | precision | recall | accuracy |\n| --- | --- | --- | --- | --- |")
    for name, f1, p, r, acc in published(args.data)[:6]:
        print(f"| {name} | {f1:.3f} | {p:.3f} | {r:.3f} | {acc:.3f} |")
    difference, wins = paired_difference(truth, predictions, load_reference(args.data))
    print(f"\nBriefing minus stored trafilatura 2.0.0: F1 {difference:+.3f}; higher in {wins:.1%} of 1,000 paired resamples")
    print(f"{seconds * 1000:.0f} ms per page (reader, metadata and cleaning)")
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["f1"] if FLOOR.exists() else 0.0
    new_floor = math.floor(ours.f1 * 1000) / 1000
    if args.update_floor and new_floor > floor:
        FLOOR.write_text(json.dumps({"f1": new_floor}) + "\n", encoding="utf-8")
        print(f"floor raised from {floor:.3f} to {new_floor:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
