"""Pairwise precision and recall of "same story" on the labelled set.

    python -m benchmarks.stories            precision, recall, and every wrong pair
    python -m benchmarks.stories --pairs    the evidence for each labelled pair and the closest others
    python -m benchmarks.stories --sweep    the figures behind the thresholds in generator/stories.py

The pool is every document of the two shared benchmarks (181 saved web pages, 60
BBC articles) and the bundled seeds, each read through the real pipeline (reader,
metadata, cleaning) as a seed would be; tests/data/stories/labels.yml says which of
them cover the same event. A pair counts as "same story" when both articles end up
with the same story id. Precision: of the pairs grouped, the share that are labelled
the same story; recall: of the labelled pairs, the share grouped.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator import readers
from generator.analyse import prepare_article
from generator.build import newest_first, read_articles
from generator.config import Settings
from generator.curated import load_curated
from generator.model import Article, Seed
from generator.seeds import find_seeds
from generator.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests" / "data" / "stories" / "labels.yml"
EXTRACTION = ("benchmarks", "article-extraction")
BBC = ("benchmarks", "bbc-summary", "articles")


@dataclass(frozen=True)
class Labels:
    """Labelled stories (article ids, each story's members) and the pairs left out of scoring."""

    stories: dict[str, tuple[str, ...]]
    unsure: frozenset[frozenset[str]]

    def same(self, a: str, b: str) -> bool:
        return any(a in members and b in members for members in self.stories.values())


def article_id(ref: str) -> str:
    """The article id a document gets in the pool: `zyte:7bb1ca903543` -> `zyte_7bb1ca903543`."""
    collection, _, name = ref.partition(":")
    return name if collection == "seed" else f"{collection}_{name}"


def load_labels(path: Path = LABELS) -> Labels:
    data = load_yaml(path.read_text(encoding="utf-8"))
    stories = {name: tuple(article_id(ref) for ref in refs) for name, refs in data["stories"].items()}
    unsure = frozenset(frozenset(article_id(ref) for ref in pair) for pair in data.get("unsure") or ())
    return Labels(stories, unsure)


def _prepared(seed: Seed, settings: Settings, curated) -> Article:
    return prepare_article(readers.read(seed)[0], curated, settings)


def load_pool(shared: Path = SHARED, root: Path = ROOT) -> list[Article]:
    """Every document of the labelled set as a prepared article, newest first like a build."""
    settings = Settings(root=root, seeds_dir=root / "content" / "seeds")
    curated, problems = load_curated(settings.content_dir)
    if problems:
        raise RuntimeError("; ".join(str(p) for p in problems))
    articles, _ = read_articles(find_seeds(settings.seeds_dir), curated, settings)
    # Benchmark documents have no sidecars: a folder without any keeps overrides out.
    bare = Settings(root=root, seeds_dir=root / "tests" / "data" / "stories" / "no-overrides")
    extraction = shared.joinpath(*EXTRACTION)
    for page in sorted(json.loads((extraction / "ground-truth.json").read_text(encoding="utf-8"))):
        text = gzip.open(extraction / "html" / f"{page}.html.gz").read().decode("utf-8")
        articles.append(_prepared(Seed(Path(f"{page}.html"), f"zyte_{page[:12]}", text), bare, curated))
    for path in sorted(shared.joinpath(*BBC).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        articles.append(_prepared(Seed(path, f"bbc_{path.stem}", text), bare, curated))
    return newest_first(articles)


@dataclass(frozen=True)
class Score:
    """Pairwise agreement of a grouping with the labels."""

    grouped: int
    labelled: int
    correct: int
    false_merges: tuple[tuple[str, str], ...]
    misses: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        return self.correct / self.grouped if self.grouped else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0


def score(articles: list[Article], labels: Labels) -> Score:
    """Compare the `story` ids of `articles` with the labels, pair by pair, unsure pairs left out."""
    ids = {a.id for a in articles}
    missing = sorted(i for members in labels.stories.values() for i in members if i not in ids)
    if missing:
        raise ValueError(f"labelled documents not in the pool: {missing}")
    grouped, labelled, correct = 0, 0, 0
    false_merges, misses = [], []
    for a, b in itertools.combinations(sorted(articles, key=lambda x: x.id), 2):
        if frozenset((a.id, b.id)) in labels.unsure:
            continue
        predicted = a.story is not None and a.story == b.story
        truth = labels.same(a.id, b.id)
        grouped += predicted
        labelled += truth
        correct += predicted and truth
        if predicted and not truth:
            false_merges.append((a.id, b.id))
        if truth and not predicted:
            misses.append((a.id, b.id))
    return Score(grouped, labelled, correct, tuple(false_merges), tuple(misses))


def _print_pairs(articles: list[Article], labels: Labels, closest: int = 25) -> None:
    from generator.similarity import compare, profile

    profiles = {a.id: profile(a) for a in articles}
    titles = {a.id: a.title for a in articles}
    rows = []
    for a, b in itertools.combinations(sorted(profiles), 2):
        if frozenset((a, b)) in labels.unsure:
            continue
        ev = compare(profiles[a], profiles[b])
        rows.append((labels.same(a, b), ev, a, b))
    print("labelled same story:")
    for _, ev, a, b in sorted((r for r in rows if r[0]), key=lambda r: r[1].score):
        print(f"  {ev.score:.3f} text {ev.text:.3f} names {ev.names:.3f} figures {list(ev.shared_figures)}  {a} / {b}")
    print(f"closest {closest} pairs labelled different:")
    for _, ev, a, b in sorted((r for r in rows if not r[0]), key=lambda r: -r[1].score)[:closest]:
        print(f"  {ev.score:.3f} text {ev.text:.3f} names {ev.names:.3f} figures {list(ev.shared_figures)}  {titles[a][:40]!r} / {titles[b][:40]!r}")


def _pair_rows(articles: list[Article], labels: Labels):
    from generator.similarity import compare, days_apart, profile
    from generator.stories import WINDOW_DAYS

    profiles = [profile(a) for a in articles]
    for i, j in itertools.combinations(range(len(articles)), 2):
        a, b = articles[i], articles[j]
        if frozenset((a.id, b.id)) in labels.unsure:
            continue
        apart = days_apart(a.date, b.date)
        evidence = None if apart is not None and apart > WINDOW_DAYS else compare(profiles[i], profiles[j])
        yield labels.same(a.id, b.id), evidence, a.id, b.id


def _f_half(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
    return f, precision, recall


def sweep(articles: list[Article], labels: Labels) -> list[str]:
    """Pairwise F0.5, precision and recall of `score >= threshold` over a grid of weights."""
    from generator import similarity, stories

    rows = [(same, ev) for same, ev, _, _ in _pair_rows(articles, labels)]
    results = []
    for text_share in (0.3, 0.4, 0.5, 0.6, 0.7, 1.0):
        for bonus in (0.0, 0.05, 0.1, 0.15, 0.2):
            for names in (0.0, 0.2):
                scored = [(same, -1.0 if ev is None else text_share * ev.text + (1 - text_share) * ev.lede
                           + names * ev.names + (bonus if ev.shared_figures else 0.0)) for same, ev in rows]
                for step in range(20, 70):
                    threshold = step / 100
                    tp = sum(1 for same, s in scored if same and s >= threshold)
                    fp = sum(1 for same, s in scored if not same and s >= threshold)
                    fn = sum(1 for same, s in scored if same and s < threshold)
                    results.append((_f_half(tp, fp, fn), tp, fp, text_share, bonus, names, threshold))
    results.sort(key=lambda r: (-r[0][0], -r[1], r[3], r[4], r[5], r[6]))
    lines = [f"pairs scored: {len(rows)}; labelled same story: {sum(1 for same, _ in rows if same)}",
             "top of the grid (pairwise, before clustering):"]
    chosen = (similarity.TEXT_SHARE, similarity.FIGURE_BONUS, 0.0, stories.SAME_STORY)
    for (f, p, r), tp, fp, *weights in results[:10] + [x for x in results if tuple(x[3:]) == chosen]:
        mark = "  <- in use" if tuple(weights) == chosen else ""
        lines.append(f"  F0.5 {f:.3f} P {p:.3f} R {r:.3f} (tp {tp}, fp {fp})  text share {weights[0]}, figure bonus "
                     f"{weights[1]}, names {weights[2]}, threshold {weights[3]:.2f}{mark}")
    text_only = next(x for x in results if x[3] == 1.0 and x[4] == 0.0 and x[5] == 0.0)
    lines.append(f"text alone at best: F0.5 {text_only[0][0]:.3f} (threshold {text_only[6]:.2f})")
    profiles = [similarity.profile(a) for a in articles]
    every = stories.every_pair_scored(profiles)
    bulk = stories.scored_pairs(profiles)
    lines.append(f"related pairs the bulk search misses: {len(every.keys() - bulk.keys())} of {len(every)}"
                 f" (and {len(bulk.keys() - every.keys())} it adds)")
    unrelated = [ev.score for same, ev, a, b in _pair_rows([x for x in articles if x.id.startswith("bbc_")], labels)
                 if ev is not None and a.split("_")[1] != b.split("_")[1]]
    lines.append(f"BBC pairs from different sections: {len(unrelated)}, highest score {max(unrelated):.3f} "
                 f"(related coverage needs {stories.RELATED_MIN})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stories", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", action="store_true", help="print the evidence for labelled pairs and the closest others")
    parser.add_argument("--sweep", action="store_true", help="print precision and recall over a grid of thresholds")
    args = parser.parse_args(argv)
    if not SHARED.joinpath(*EXTRACTION).is_dir():
        print(f"{SHARED} is not here: the labelled set needs ../shared/benchmarks", file=sys.stderr)
        return 2
    from generator.stories import group_stories

    started = time.perf_counter()
    articles = load_pool()
    read = time.perf_counter() - started
    labels = load_labels()
    if args.pairs:
        _print_pairs(articles, labels)
        return 0
    if args.sweep:
        print("\n".join(sweep(articles, labels)))
        return 0
    started = time.perf_counter()
    grouped = group_stories(articles)
    took = time.perf_counter() - started
    result = score(grouped, labels)
    print(f"documents: {len(articles)} (read in {read:.1f} s); grouped in {took:.2f} s")
    print(f"labelled same-story pairs: {result.labelled}; pairs grouped: {result.grouped}; correct: {result.correct}")
    print(f"pairwise precision: {result.precision:.3f}  recall: {result.recall:.3f}")
    for a, b in result.false_merges:
        print(f"false merge: {a} / {b}")
    for a, b in result.misses:
        print(f"missed: {a} / {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
