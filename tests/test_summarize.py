"""Summaries and key points: taken from the article, able to stand alone, the article's
most important content; sentence splitting and length in English and Japanese."""

from __future__ import annotations

import gzip
import re

import pytest

from generator.build import collect
from generator.config import Settings
from generator.model import Article, Block
from generator.sentences import can_stand_alone, join_sentences, refers_back, rejection, split_sentences, word_count
from generator.summarize import MAX_CANDIDATES, _ranking, candidates, extract_key_points, rank, summarize

from .conftest import ROOT, require_shared

# A Japanese trademark-law blog post among the extraction benchmark's pages.
JAPANESE_PAGE = "85439e26c41c75901820d01a13e8cea7836abb58635ea3986f71a163ab0311d3"


def article(*paragraphs: str, title: str = "A headline", description: str | None = None) -> Article:
    return Article("t", "t.txt", "text", title, tuple(Block("paragraph", p) for p in paragraphs), description=description)


@pytest.fixture(scope="module")
def japanese(tmp_path_factory, curated):
    page = require_shared("benchmarks", "article-extraction", "html", f"{JAPANESE_PAGE}.html.gz")
    folder = tmp_path_factory.mktemp("ja")
    path = folder / "ja.html"
    path.write_bytes(gzip.decompress(page.read_bytes()))
    result = collect(Settings(root=ROOT, seeds_dir=folder), curated, [path])
    assert result.count("error") == 0
    (found,) = result.articles
    return found


# --- sentences -------------------------------------------------------------------------


def test_english_splitting_keeps_decimals_and_abbreviations_whole():
    text = "Profits jumped 76% to $1.13bn. U.S. officials agreed. Mr Smith said so! Did he? Yes."
    assert split_sentences(text) == ["Profits jumped 76% to $1.13bn.", "U.S. officials agreed.", "Mr Smith said so!", "Did he?", "Yes."]


def test_japanese_splitting_on_a_real_page(japanese):
    # The page sets each sentence on its own line; run three of them together as one
    # paragraph, the way other Japanese pages print them, and split it again.
    texts = [b.text for b in japanese.blocks]
    start = next(i for i, t in enumerate(texts) if t.startswith("ではなぜ"))
    paragraph = "".join(texts[start:start + 3])
    sentences = split_sentences(paragraph)
    assert sentences == texts[start:start + 3]
    assert sentences[0].endswith("商標権侵害になるのでしょうか。")
    assert sentences[1].startswith("商標には")
    assert all(s.endswith("。") for s in sentences)


def test_japanese_quotes_and_marks():
    assert split_sentences("彼は「明日行く。」と言った。本当か？すごい!次へ。") == ["彼は「明日行く。」と言った。", "本当か？", "すごい!", "次へ。"]


def test_length_counts_japanese_characters_as_words():
    assert word_count("Microsoft is investing in Japan.") == 5
    assert word_count("一二三四五六七八九十") == 4  # 10 characters at 2.5 a word
    assert word_count("iPhoneを販売した。") == 1 + 5 / 2.5


def test_japanese_sentences_are_joined_without_spaces():
    assert join_sentences(["今日は晴れ。", "明日は雨。"]) == "今日は晴れ。明日は雨。"
    assert join_sentences(["It rained.", "Then it stopped."]) == "It rained. Then it stopped."


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("Is Japan about to become the world's next AI superpower?", "a question, a lead-in or cut off"),
        ("This step reflects a broader shift where nations and tech […]", "a question, a lead-in or cut off"),
        ("Microsoft’s investment aims to:", "too short or too long"),
        ("Learn how this massive shift impacts global tech and data privacy.", "a promotion or a call to action"),
        ("Using a high-quality service like NordVPN can prevent data leaks when working on sensitive AI projects.", "a promotion or a call to action"),
        ("Organizations and cybersecurity professionals should monitor how Japan’s March budget refines the balance.", "a promotion or a call to action"),
        ("For policymakers and security professionals worldwide, Japan’s efforts offer a blueprint for cyber strategies.", "a promotion or a call to action"),
        ("Are you training your team for next-generation threats, or relying on outdated models.", "first or second person"),
        ("The question is: How will these shifts influence Japan’s strategic position in Asia.", "about the text, not the news"),
        ("The following discussion delves into three key areas shaping Japan’s approach to cyber defense.", "about the text, not the news"),
        ("Microsoft’s $10 billion investment in Japan is more than just a financial commitment.", "a cliché that says nothing specific"),
        ("ではなぜ、不正に改造したiPhoneを販売すると、商標権侵害になるのでしょうか。", "a question, a lead-in or cut off"),
        ("一般的にスマホで読むことが多いと思いますが、パソコンで読みたい時もあります。", "first or second person"),
    ],
)
def test_sentences_that_never_stand_alone(sentence, reason):
    assert rejection(sentence) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "This strategic investment focuses on expanding AI capabilities and strengthening cyber defence infrastructure.",
        "Now, it appears the tide is turning across the region.",
        "Modern challenges, however, demand offensive and anticipatory capabilities.",
        "The Japanese government refuses to let that happen with generative AI.",
        "Cybersecurity is at the core of this investment and its partners.",
        "Although the nation has traditionally excelled in hardware design and manufacturing, it lagged.",
        "While it helps detect threats faster, it also enables more advanced cyberattacks.",
        "しかし、今回の事件のように、改造を加えて販売した場合は、商標権侵害と判断される場合があります。",
    ],
)
def test_sentences_that_lean_on_the_one_before(sentence):
    assert rejection(sentence) is None
    assert refers_back(sentence)
    assert not can_stand_alone(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Instead of just building chatbots, Japan is focusing on integrating AI with its hardware sectors.",
        "There’s the risk of deep vendor lock-in for the nation’s public sector infrastructure.",
        "US firms added only 146,000 jobs in January, this year's weakest month.",
        "So far, Japan’s Digital Agency has launched its own generative AI platform.",
    ],
)
def test_sentences_that_stand_alone(sentence):
    assert can_stand_alone(sentence)


# --- summaries of the bundled seeds ----------------------------------------------------


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_summary_sentences_stand_alone_or_follow_their_antecedent(seed_articles, seed):
    found = seed_articles[seed]
    sentences = split_sentences(found.summary)
    assert 1 <= len(sentences) <= 3
    assert word_count(found.summary) <= 60
    source = " ".join(candidate.text for candidate in candidates(found.title, found.description, found.blocks))
    for index, sentence in enumerate(sentences):
        assert sentence in source
        assert rejection(sentence) is None, sentence
        if refers_back(sentence):
            before = next(c for c in candidates(found.title, found.description, found.blocks) if c.text == sentence)
            antecedent = next(c for c in candidates(found.title, found.description, found.blocks) if c.position == before.position - 1)
            assert index > 0 and sentences[index - 1] == antecedent.text, sentence


@pytest.mark.parametrize(
    "seed, present, absent",
    [
        ("000", ["$10 billion", "3 million people"], ["resounding yes", "Learn how", "NordVPN"]),
        ("001", ["$10 billion investment in Japan", "This strategic investment"], ["This step reflects", "more than just"]),
        ("002", ["Defense Ministry"], ["The following discussion", "tide is turning", "Let’s explore"]),
        ("003", ["“AI colony”", "Digital Minister"], ["Here is a closer look"]),
        ("004", ["OpenAI", "Digital Agency"], ["Data Grab?"]),
    ],
)
def test_summary_carries_the_news(seed_articles, seed, present, absent):
    summary = seed_articles[seed].summary
    for snippet in present:
        assert snippet in summary
    for snippet in absent:
        assert snippet not in summary


def test_the_description_competes_as_a_sentence(seed_articles):
    found = seed_articles["000"]
    assert found.description.startswith("Microsoft is investing $10 billion in Japan")
    assert found.summary.startswith("Microsoft is investing $10 billion in Japan to scale AI infrastructure and cybersecurity.")


def test_a_cut_off_description_is_not_used(seed_articles):
    found = seed_articles["001"]
    cut_off = split_sentences(found.description)[-1]
    assert cut_off.endswith("nations and tech")  # the excerpt stops mid-sentence
    assert cut_off not in found.summary


# --- key points ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_key_points_add_to_the_summary(seed_articles, seed):
    found = seed_articles[seed]
    assert 3 <= len(found.key_points) <= 5
    for point in found.key_points:
        assert point not in found.summary
        assert rejection(point, fragment=True) is None, point


def test_own_takeaways_are_used_when_the_article_has_them(seed_articles):
    assert seed_articles["000"].origin("key_points") == "text:key-takeaways"
    assert seed_articles["004"].origin("key_points") == "text:key-takeaways"
    assert seed_articles["004"].key_points[1].startswith("This collaboration sets a significant precedent")


@pytest.mark.parametrize(
    "seed, present",
    [
        ("001", ["Microsoft’s investment aims to: Strengthen Japan’s cloud and AI ecosystem;", "train thousands of individuals"]),
        ("002", ["Self-Defense Forces (SDF)"]),
        ("003", ["Japan is executing a pivot toward specialized AI", "GENAI"]),
    ],
)
def test_ranked_key_points_cover_the_article(seed_articles, seed, present):
    points = " ".join(seed_articles[seed].key_points)
    for snippet in present:
        assert snippet in points


def test_a_list_point_is_its_lead_in_and_items(seed_articles):
    point = seed_articles["001"].key_points[0]
    lead_in, items = point.split(": ", 1)
    assert lead_in + ":" in seed_articles["001"].body
    for item in items.rstrip(".").split("; "):
        assert f"- {item}" in seed_articles["001"].body


def test_takeaways_that_are_promotions_or_questions_are_dropped():
    found = article("Japan will train three million people in AI skills over three years.", "The plan covers all ministries and agencies.")
    found = Article(**{**found.__dict__, "takeaways": ("Subscribe to our newsletter", "Why does it matter?", "Japan trains three million people")})
    assert extract_key_points(summarize(found)).key_points[0] == "Japan trains three million people"


# --- Japanese and hostile inputs -------------------------------------------------------


def test_japanese_page_summary(japanese):
    sentences = split_sentences(japanese.summary)
    assert japanese.language == "ja"
    assert word_count(japanese.summary) <= 60
    assert " " not in re.sub(r"[A-Za-z] [A-Za-z]", "", japanese.summary)  # no space between Japanese sentences
    for sentence in sentences:
        assert sentence.endswith("。")
        assert sentence in japanese.body
        assert "でしょうか" not in sentence
    assert 3 <= len(japanese.key_points) <= 5


def test_nothing_to_summarize_gives_a_warning():
    for found in (article(), article("Why?", "What now?", "Click here to subscribe to our newsletter today.")):
        result = summarize(found)
        assert result.summary == ""
        assert result.warnings == ("no sentence could stand alone as a summary",)
        assert extract_key_points(result).key_points == ()


def test_summary_is_deterministic():
    found = article(*(f"Company number {i} reported results for the quarter to December, analysts said." for i in range(40)))
    first = summarize(found).summary
    _ranking.cache_clear()
    assert summarize(found).summary == first


def test_very_long_article_is_ranked_on_its_opening():
    paragraphs = [f"Paragraph {i} says that Japan invests in data centres and cybersecurity across region {i}." for i in range(3000)]
    result = summarize(article(*paragraphs))
    assert result.summary
    assert len(rank(article(*paragraphs))) == MAX_CANDIDATES
    assert all(int(n) < MAX_CANDIDATES for n in re.findall(r"Paragraph (\d+)", result.summary))


def test_an_override_summary_is_kept():
    found = Article(**{**article("Japan will build data centres in every prefecture by 2030.").__dict__, "summary": "Set by an editor."})
    assert summarize(found).summary == "Set by an editor."
