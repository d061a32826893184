"""Summary quality on the BBC News Summary sample, and what a summary costs.

Each article's summary is scored with ROUGE-1/2/L (Google's `rouge-score`, Porter
stemmer) against the sample's reference, next to the lead baseline of the same
length: the body's first words, as many as our summary has, computed in the same
run so the comparison is always like for like. Figures are macro averages over the
articles, x 100, as in the sample's README. Then the summarizer is timed.

    python -m benchmarks.summary [--data DIR] [--words N] [--update-floor]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rouge_score import rouge_scorer

from generator.classify import classify
from generator.curated import load_curated
from generator.entities import extract_entities
from generator.figures import extract_figures
from generator.model import Article, Block
from generator.summarize import MAX_WORDS, extract_key_points, split_sentences, summarize

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "bbc-summary"
FLOOR = Path(__file__).with_name("summary_floor.json")
METRICS = ("rouge1", "rouge2", "rougeL")
SYSTEMS = ("ours", "lead", "lead-sentences")


@dataclass(frozen=True)
class Pair:
    """One article of the sample with its reference summary."""

    name: str
    category: str
    article: Article
    reference: str


@dataclass(frozen=True)
class Scores:
    """Mean ROUGE of one system: metric -> (precision, recall, F1), each x 100."""

    means: dict[str, tuple[float, float, float]]
    by_category: dict[str, float]
    """ROUGE-2 F1 per category."""


@dataclass(frozen=True)
class Report:
    """Everything one run measured."""

    articles: int
    words: float
    """Mean words (whitespace tokens) of our summaries; the lead gets the same per article."""
    sentences: float
    empty: int
    """Articles for which no summary could be made (both systems score 0 there)."""
    systems: dict[str, Scores]
    ms_per_article: float
    ms_long_article: float
    long_article_words: int
    ms_other_stages: dict[str, float]
    """Mean milliseconds per article of the stages after the summary: key figures, entities, topics."""


def bbc_article(name: str, text: str) -> Article:
    """A sample file as an article: line 1 is the headline, every other non-empty line a paragraph."""
    lines = text.splitlines()
    paragraphs = tuple(Block("paragraph", line.strip()) for line in lines[1:] if line.strip())
    return Article(id=name, seed=name, format="text", title=lines[0].strip(), blocks=paragraphs, language="en")


def read_pairs(data: Path = DATA) -> list[Pair]:
    """Every article of the sample with its reference, sorted by name."""
    pairs = []
    for path in sorted((data / "articles").glob("*.txt")):
        reference = (data / "summaries" / path.name).read_text(encoding="utf-8").strip()
        article = bbc_article(path.stem, path.read_text(encoding="utf-8"))
        pairs.append(Pair(path.stem, path.stem.split("_")[0], article, reference))
    return pairs


def lead(article: Article, words: int) -> str:
    """The lead baseline: the body's first `words` words."""
    return " ".join(article.body.split()[:words])


def lead_sentences(article: Article, words: int) -> str:
    """A stricter baseline: the body's first whole sentences, as many as fit in `words`."""
    taken: list[str] = []
    for paragraph in article.blocks:
        for sentence in split_sentences(paragraph.text):
            if len(" ".join(taken + [sentence]).split()) > words:
                return " ".join(taken)
            taken.append(sentence)
    return " ".join(taken)


def _mean_scores(rows: list[dict[str, tuple[float, float, float]]], categories: list[str]) -> Scores:
    means = {m: tuple(100 * statistics.fmean(row[m][i] for row in rows) for i in range(3)) for m in METRICS}
    by_category = {
        c: 100 * statistics.fmean(row["rouge2"][2] for row, rc in zip(rows, categories) if rc == c) for c in sorted(set(categories))
    }
    return Scores(means, by_category)  # type: ignore[arg-type]


def _time_per_article(articles: list[Article], max_words: int, rounds: int = 3) -> float:
    """Best of `rounds` mean milliseconds to summarize and pick key points for each article."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for article in articles:
            extract_key_points(summarize(article, max_words))
        best = min(best, (time.perf_counter() - start) / len(articles))
    return best * 1000


def _time_other_stages(articles: list[Article], rounds: int = 3) -> dict[str, float]:
    curated, _ = load_curated(ROOT / "content")
    stages = {
        "key figures": extract_figures,
        "entities": lambda a: extract_entities(a, curated.entities),
        "topics": lambda a: classify(a, curated.topics),
    }
    costs = {}
    for name, stage in stages.items():
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for article in articles:
                stage(article)
            best = min(best, (time.perf_counter() - start) / len(articles))
        costs[name] = best * 1000
    return costs


def evaluate(pairs: list[Pair], max_words: int = MAX_WORDS, timed: bool = True) -> Report:
    """Score our summaries and the same-length lead on every pair; time the summarizer (unless not `timed`)."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    rows: dict[str, list] = {s: [] for s in SYSTEMS}
    words, sentences, empty = [], [], 0
    for pair in pairs:
        summarized = summarize(pair.article, max_words)
        ours = summarized.summary
        size = len(ours.split())
        empty += not ours
        words.append(size)
        sentences.append(len(split_sentences(ours)))
        baselines = (("lead", lead(pair.article, size)), ("lead-sentences", lead_sentences(pair.article, size)))
        for system, prediction in (("ours", ours), *baselines):
            score = scorer.score(pair.reference, prediction)
            rows[system].append({m: (score[m].precision, score[m].recall, score[m].fmeasure) for m in METRICS})
    categories = [p.category for p in pairs]
    articles = [p.article for p in pairs]
    long_article = Article(id="long", seed="long", format="text", title=articles[0].title,
                           blocks=tuple(b for a in articles for b in a.blocks))
    return Report(
        articles=len(pairs),
        words=statistics.fmean(words),
        sentences=statistics.fmean(sentences),
        empty=empty,
        systems={s: _mean_scores(rows[s], categories) for s in SYSTEMS},
        ms_per_article=_time_per_article(articles, max_words) if timed else 0.0,
        ms_long_article=_time_per_article([long_article], max_words, rounds=1) if timed else 0.0,
        long_article_words=len(long_article.body.split()),
        ms_other_stages=_time_other_stages(articles) if timed else {},
    )


def format_report(report: Report, max_words: int) -> str:
    """The figures as a plain-text table."""
    lines = [
        f"BBC News Summary sample: {report.articles} articles, summaries of at most {max_words} words",
        f"our summaries: {report.words:.1f} words, {report.sentences:.2f} sentences on average; "
        f"{report.empty} articles without a summary",
        "",
        "lead: the body's first words, as many as our summary has; lead-sentences: its first whole",
        "sentences that fit in that many words",
        "",
        "system         metric   P      R      F1",
    ]
    for system in SYSTEMS:
        for metric in METRICS:
            p, r, f = report.systems[system].means[metric]
            lines.append(f"{system:<14} {metric:<7} {p:6.2f} {r:6.2f} {f:6.2f}")
    gain = report.systems["ours"].means["rouge2"][2] - report.systems["lead"].means["rouge2"][2]
    strict = report.systems["ours"].means["rouge2"][2] - report.systems["lead-sentences"].means["rouge2"][2]
    lines += [
        "",
        f"ROUGE-2 F1, ours minus same-length lead: {gain:+.2f}; minus lead-sentences: {strict:+.2f}",
        "",
        "ROUGE-2 F1 by category  " + "  ".join(f"{s:>14}" for s in SYSTEMS),
    ]
    for category in report.systems["ours"].by_category:
        lines.append(f"  {category:<21} " + "  ".join(f"{report.systems[s].by_category[category]:14.2f}" for s in SYSTEMS))
    lines += [
        "",
        f"cost: {report.ms_per_article:.2f} ms per article (summary and key points, mean of the sample)",
        f"      {report.ms_long_article:.1f} ms for one {report.long_article_words}-word article (the whole sample as one)",
        "      " + ", ".join(f"{name} {ms:.2f} ms" for name, ms in report.ms_other_stages.items()) + " per article",
    ]
    return "\n".join(lines)


def read_floor(path: Path = FLOOR) -> float:
    """The recorded ROUGE-2 F1 floor; it only ever rises."""
    return float(json.loads(path.read_text(encoding="utf-8"))["rouge2_f1"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.summary", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the bbc-summary benchmark folder")
    parser.add_argument("--words", type=int, default=MAX_WORDS, help="the summary's word budget")
    parser.add_argument("--update-floor", action="store_true", help="raise the recorded ROUGE-2 floor to this run's figure")
    args = parser.parse_args(argv)
    if not (args.data / "articles").is_dir():
        print(f"{args.data}: no articles/ folder here; pass --data", file=sys.stderr)
        return 2
    report = evaluate(read_pairs(args.data), args.words)
    print(format_report(report, args.words))
    ours = round(report.systems["ours"].means["rouge2"][2], 2)
    floor = read_floor()
    print(f"\nrecorded floor: ROUGE-2 F1 {floor:.2f}")
    if args.update_floor and ours > floor:
        FLOOR.write_text(json.dumps({"rouge2_f1": ours, "words": args.words}, indent=2) + "\n", encoding="utf-8")
        print(f"floor raised to {ours:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
