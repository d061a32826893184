"""Key figures: money, percentages and counts with what they measure, structured so two
sources on one story can be compared; on the seeds, BBC news and Japanese text."""

from __future__ import annotations

import pytest

from generator.export import export_record
from generator.figures import MAX_FIGURES, MEASURE_WORDS, extract_figures, figures_in
from generator.model import Article, Block

from .conftest import require_shared


def only(sentence: str):
    (figure,) = figures_in(sentence)
    return figure


def test_the_same_story_from_two_sources_compares(seed_articles):
    """000 and 001 both report Microsoft's investment; they differ on how many people it trains."""
    first, second = seed_articles["000"].key_figures, seed_articles["001"].key_figures
    money = [(f.value, f.unit) for f in first if f.kind == "money"]
    assert money == [(f.value, f.unit) for f in second if f.kind == "money"] == [(10e9, "USD")]
    trained = next(f for f in first if f.kind == "count")
    assert (trained.text, trained.value, trained.unit) == ("3 million people", 3e6, "people")
    assert trained.measure == "Microsoft has also pledged to provide AI training to 3 million people in Japan over the next three years"
    vague = next(f for f in second if f.kind == "count")
    assert (vague.text, vague.value, vague.unit) == ("thousands of individuals", None, "individuals")
    assert vague.measure == "Microsoft aims to train thousands of individuals"


def test_each_figure_once_from_a_sentence_that_stands_alone(seed_articles):
    figures = seed_articles["000"].key_figures
    assert [f.text for f in figures] == ["$10 billion", "3 million people", "over 20 percent"]
    # The title's "$10B", "just bet $10 billion that the answer is..." and "This $10 billion
    # commitment" state it too; the description states it on its own.
    assert figures[0].sentence.startswith("Microsoft is investing $10 billion in Japan")
    percent = figures[2]
    assert (percent.value, percent.unit, percent.qualifier) == (20, "%", "over")
    # "Train millions of workers" (a takeaway) is covered by the exact 3 million.
    assert not any(f.text.startswith("millions") for f in figures)


def test_opinion_pieces_without_figures_have_none(seed_articles):
    # 002's "no country can ever be 100% shielded" is a figure of speech.
    for seed in ("002", "003", "004"):
        assert seed_articles[seed].key_figures == ()


def test_export_carries_the_structure(seed_articles):
    record = export_record(seed_articles["000"])["key_figures"][0]
    assert record == {
        "kind": "money", "text": "$10 billion", "value": 10e9, "unit": "USD", "qualifier": None,
        "measure": "Microsoft is investing $10 billion in Japan to scale AI infrastructure and cybersecurity",
        "sentence": "Microsoft is investing $10 billion in Japan to scale AI infrastructure and cybersecurity.",
    }


@pytest.mark.parametrize(
    "sentence, text, value, unit",
    [
        ("Japan will spend ¥1.5 trillion on chips.", "¥1.5 trillion", 1.5e12, "JPY"),
        ("The firm raised US$300m from investors.", "US$300m", 3e8, "USD"),
        ("Pernod paid 7.5bn euros for the group.", "7.5bn euros", 7.5e9, "EUR"),
        ("The fund holds 8.2bn euros in bonds.", "8.2bn euros", 8.2e9, "EUR"),  # exact, not 8199999999.999999
        ("Revenue rose to EUR 5 million last year.", "EUR 5 million", 5e6, "EUR"),
        ("The deficit is close to half a trillion dollars.", None, None, None),
        ("政府は1兆5000億円の予算を計上した。", "1兆5000億円", 1.5e12, "JPY"),
        ("売上高は前年比20％増となった。", "20％", 20, "%"),
        ("約３００万人が研修を受ける。", "約３００万人", 3e6, "people"),
        ("It has been downloaded by six million people so far.", "six million people", 6e6, "people"),
        ("It provides access to information held by about 100,000 public bodies.", "about 100,000 public bodies", 1e5, "public bodies"),
    ],
)
def test_figures_in_words_digits_and_japanese(sentence, text, value, unit):
    found = figures_in(sentence)
    if text is None:
        assert found == []
        return
    (figure,) = found
    assert (figure.text, figure.value, figure.unit) == (text, value, unit)
    assert figure.text in sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "No country can ever be 100% shielded from cyber risks.",
        "Budget cycles prior to 2020 saw most resources funneled into missile defence.",
        "Women hold less than a tenth of the top positions in FTSE 100 companies.",
        "Ex-No 10 media chief Alastair Campbell is at the centre of a row.",
        "She smashed the British record over 60m hurdles twice this season.",
        "He finished third in 21.72 secs behind the winner.",
        "The company was founded 46-year ago in its 46-year history.",
        "The three months to December were strong for the group.",
        "Over the next 2 years the plan will change.",
    ],
)
def test_not_figures(sentence):
    assert figures_in(sentence) == []


def test_a_bracketed_conversion_is_the_same_figure():
    figures = figures_in("Quarterly profits jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.")
    assert [f.text for f in figures] == ["76%", "$1.13bn", "$639m"]
    assert figures_in("It has a capitalisation of £5.7bn ($10.7bn; 8.2bn euros).")[0].measure == "It has a capitalisation of £5.7bn"


def test_measure_clause_is_short_and_verbatim():
    figure = only("According to the latest report, the volume of attacks on critical infrastructure has increased by over 20 percent, the firm said.")
    assert figure.measure == "the volume of attacks on critical infrastructure has increased by over 20 percent"
    short = only("Pernod - at 7.5bn euros - is smaller than its rival.")
    assert short.measure == "Pernod - at 7.5bn euros"  # "at 7.5bn euros" alone says too little
    long = only(" ".join(["word"] * 40) + " costing $5 billion " + " ".join(["more"] * 40) + ".")
    assert len(long.measure.split()) <= MEASURE_WORDS[1] + 1
    assert long.measure.startswith("…") and long.measure.endswith("…") and "$5 billion" in long.measure


def test_bbc_business_figures():
    data = require_shared("benchmarks", "bbc-summary", "articles", "business_001.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    found = extract_figures(Article("b", "b", "text", lines[0], tuple(Block("paragraph", p) for p in lines[1:] if p.strip())))
    assert len(found.key_figures) == MAX_FIGURES
    assert [(f.text, f.value, f.unit) for f in found.key_figures[:3]] == [
        ("76%", 76, "%"), ("$1.13bn", 1.13e9, "USD"), ("$639m", 6.39e8, "USD"),
    ]
    assert found.key_figures[0].measure == "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the three months to December"
    assert found.origin("key_figures") == "figures:text"


def test_promotions_and_questions_carry_no_figures():
    found = extract_figures(Article("p", "p", "text", "Deals", (
        Block("paragraph", "Click here to get 20% off NordVPN today."),
        Block("paragraph", "Will Japan spend $5 billion on chips?"),
    )))
    assert found.key_figures == ()
    assert found.origin("key_figures") is None


def test_long_digit_runs_are_read_once():
    """A run of digits is read from its start, one way: the Japanese pattern once tried every
    split of it (40 digits: days). And a number no float holds is no figure."""
    run = "1" * 40
    assert figures_in(f"The code {run} is printed on the form.") == []
    assert only(f"予算は{run}円だった。").value == pytest.approx(float(run))
    assert only(f"予算は{'1万' * 5000}円だった。").unit == "JPY"
    assert figures_in("It costs $" + "9" * 400 + " billion.") == []
