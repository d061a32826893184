"""The summary benchmark on the BBC sample: ours must beat the same-length lead on
ROUGE-2 and never fall below the recorded floor (benchmarks/summary_floor.json)."""

from __future__ import annotations

import pytest

from benchmarks.summary import evaluate, lead, read_floor, read_pairs
from generator.summarize import summarize

from .conftest import require_shared


@pytest.fixture(scope="module")
def pairs():
    return read_pairs(require_shared("benchmarks", "bbc-summary"))


@pytest.fixture(scope="module")
def report(pairs):
    return evaluate(pairs, timed=False)


def test_sample_is_read_whole(pairs):
    assert len(pairs) == 60
    assert {p.category for p in pairs} == {"business", "entertainment", "politics", "sport", "tech"}
    first = pairs[0].article
    assert first.title == "Ad sales boost Time Warner profit"
    assert first.title not in first.body  # the body is the file minus its headline line


def test_lead_baseline_has_our_length(pairs):
    for pair in pairs[:10]:
        size = len(summarize(pair.article).summary.split())
        assert len(lead(pair.article, size).split()) == size
        assert " ".join(pair.article.body.split()).startswith(lead(pair.article, size))


def test_ours_beats_the_same_length_lead_on_rouge2(report):
    ours, baseline = report.systems["ours"].means["rouge2"][2], report.systems["lead"].means["rouge2"][2]
    assert report.empty == 0
    assert ours > baseline, f"ROUGE-2 F1 {ours:.2f} is not above the same-length lead's {baseline:.2f}"


def test_ours_stays_above_the_recorded_floor(report):
    ours = report.systems["ours"].means["rouge2"][2]
    assert round(ours, 2) >= read_floor(), "summaries got worse on the BBC sample; run `make bench-summary`"
