"""Key figures: money, percentages, counts and ages with what they measure, structured so two
sources on one story can be compared; on the seeds, BBC news and Japanese text."""

from __future__ import annotations

import math

import pytest

from generator.export import export_record
from generator.figures import _MAGNITUDE_WORD, MAX_FIGURES, MEASURE_WORDS, _names_magnitude, comparable, extract_figures, figure_key, figures_in
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
    # What the story page compares: both count people, and 3 million is outside what "thousands" allows.
    assert comparable(trained) == comparable(vague) == "count:people"
    assert not vague.low <= trained.value <= vague.high
    assert (trained.period.text, trained.period.value, trained.period.unit) == ("over the next three years", 3, "years")


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


@pytest.mark.parametrize(
    "sentence, text, low, high",
    [
        ("Microsoft aims to train thousands of individuals.", "thousands of individuals", 2e3, 1e6),
        ("Tens of thousands of people marched in the capital.", "Tens of thousands of people", 2e4, 1e5),
        ("Hundreds of thousands of dollars were lost.", "Hundreds of thousands of dollars", 2e5, 1e6),
        ("Attacks on critical infrastructure rose by over 20 percent.", "over 20 percent", 20, math.inf),
        ("Up to 500 jobs could go at the plant.", "Up to 500 jobs", 0, 500),
        ("It provides access to information held by about 100,000 public bodies.", "about 100,000 public bodies", 9e4, 1.1e5),
        ("約３００万人が研修を受ける。", "約３００万人", 2.7e6, 3.3e6),
        ("Microsoft is investing $10 billion in Japan.", "$10 billion", 1e10, 1e10),
    ],
)
def test_each_figure_holds_the_range_its_text_allows(sentence, text, low, high):
    figure = only(sentence)
    assert (figure.text, figure.low, figure.high) == (text, pytest.approx(low), pytest.approx(high))
    assert figure.exact == (low == high)
    assert (figure.value is None) == (figure.text.split()[0].lower() in ("tens", "hundreds", "thousands"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Microsoft's $10B AI and Cybersecurity Move in Japan",
        "Microsoft is investing $10 billion in Japan.",
        "It will invest US$10bn in Japan.",
        "It will spend 10 billion dollars in Japan.",
        "It will spend USD 10 billion in Japan.",
    ],
)
def test_one_amount_however_written_has_one_key(sentence):
    assert figure_key(only(sentence)) == "money:USD:1e+10"


def test_a_range_has_no_key_and_groups_of_persons_compare_as_people():
    assert figure_key(only("Microsoft aims to train thousands of individuals.")) == ""
    assert figure_key(only("Attacks rose by over 20 percent.")) == ""
    counted = [comparable(only(s)) for s in (
        "It will train 3 million people.", "It will hire 500 engineers.", "It employs 2,000 workers.",
        "It provides access to information held by about 100,000 public bodies.",
    )]
    assert counted == ["count:people", "count:people", "count:people", "count:body"]


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("A 43-year-old man was arrested on Friday.", "43-year-old", 43),
        ("A 43-year-old-man was diagnosed with feather-duvet lung.", "43-year-old", 43),
        ("The eight-year-old girl was found safe.", "eight-year-old", 8),
        ("The driver, 71 years old, was unhurt.", "71 years old", 71),
    ],
)
def test_ages(sentence, text, value):
    figure = only(sentence)
    assert (figure.kind, figure.text, figure.value, figure.unit, figure.exact) == ("age", text, value, "years", True)


def test_an_amount_or_a_count_carries_the_period_its_clause_gives():
    spread = only("The company will invest $10 billion in Japan over four years.")
    assert (spread.period.kind, spread.period.text, spread.period.low, spread.period.high) == ("duration", "over four years", 4, 4)
    within = only("The firm will hire 500 engineers within two years.")
    assert (within.text, within.period.text, within.period.low, within.period.high) == ("500 engineers", "within two years", 0, 2)
    # A duration in another clause is not the figure's, and alone it is no figure (test_not_figures).
    assert only("For two years the firm has planned it, and it will hire 500 engineers.").period is None


def test_long_digit_runs_are_read_once():
    """A run of digits is read from its start, one way: the Japanese pattern once tried every
    split of it (40 digits: days). And a number no float holds is no figure."""
    run = "1" * 40
    assert figures_in(f"The code {run} is printed on the form.") == []
    assert only(f"予算は{run}円だった。").value == pytest.approx(float(run))
    assert only(f"予算は{'1万' * 5000}円だった。").unit == "JPY"
    assert figures_in("It costs $" + "9" * 400 + " billion.") == []


@pytest.mark.parametrize(
    "text",
    ["Millions of users", "a 43-YEAR-OLD man", "no numbers here", "DOZENſ", "mıllion", "mİllion", "bİllion dollars", "ᴋelvin", "tens of thouſands"],
)
def test_a_magnitude_word_is_found_as_the_case_blind_regex_finds_it(text):
    assert _names_magnitude(text) == (_MAGNITUDE_WORD.search(text) is not None)
