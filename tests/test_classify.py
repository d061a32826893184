"""Topics from the curated taxonomy, with the reasons; entities through their aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.classify import MAX_TOPICS, _terms, classify, explain_topics
from generator.curated import load_entities, load_topics
from generator.entities import extract_entities
from generator.export import export_record
from generator.model import Article, Block
from generator.overrides import OverrideError, apply_override

from .conftest import ROOT


def article(*paragraphs: str, title: str = "A headline") -> Article:
    return Article("t", "t.txt", "text", title, tuple(Block("paragraph", p) for p in paragraphs))


@pytest.mark.parametrize(
    "seed, topics",
    [
        ("000", ("cybersecurity", "ai-infrastructure", "sovereign-ai", "workforce")),
        ("001", ("cybersecurity", "ai-infrastructure", "workforce")),
        ("002", ("cybersecurity", "defence")),
        ("003", ("sovereign-ai", "robotics", "government-ai", "geopolitics")),
        ("004", ("government-ai", "regulation", "data-protection")),
    ],
)
def test_seed_topics_strongest_first(seed_articles, seed, topics):
    found = seed_articles[seed]
    assert found.topics == topics
    scores = [score for _, score in found.topic_scores]
    assert scores == sorted(scores, reverse=True) and 1 <= len(scores) <= MAX_TOPICS
    assert export_record(found)["topic_scores"] == dict(found.topic_scores)


def test_explanation_names_the_terms_and_the_verdict(seed_articles, curated):
    evidence = {e.topic: e for e in explain_topics(seed_articles["002"], curated.topics)}
    defence = evidence["defence"]
    assert defence.assigned
    matched = {m.term: m.in_text for m in defence.terms}
    assert matched["self-defense forces"] == 1 and matched["sdf"] == 3
    assert sum(m.points for m in defence.terms) == pytest.approx(defence.score)
    side = evidence["geopolitics"]
    assert not side.assigned
    assert side.verdict.startswith("below 25% of the strongest topic's")
    assert "alliances ×3 (weight 2)" in str(side)


def test_cyber_defence_alone_is_not_military(seed_articles, curated):
    evidence = {e.topic: e for e in explain_topics(seed_articles["001"], curated.topics)}
    assert "defence" not in seed_articles["001"].topics
    assert evidence["defence"].verdict.startswith("below the threshold")


def test_title_terms_count_three_times(curated):
    found = article("The ministry said little more.", title="Japan's ransomware problem")
    (evidence,) = [e for e in explain_topics(found, curated.topics) if e.topic == "cybersecurity"]
    assert evidence.terms[0].in_title == 1 and evidence.score == 6.0


def test_japanese_terms_match_inside_running_text(curated):
    found = classify(article("デジタル庁は全省庁で生成AIの利用を始めた。自治体の公共サービスにも広げる。"), curated.topics)
    assert found.topics == ("government-ai",)
    assert found.origin("topics") == "taxonomy-terms"


def test_hyphen_and_space_and_the_longest_term(curated):
    explained = {e.topic: e for e in explain_topics(article("A zero trust design and zero-trust networks keep data privacy."), curated.topics)}
    assert [(m.term, m.in_text) for m in explained["cybersecurity"].terms] == [("zero-trust", 2)]
    # "data privacy" is one term: its "privacy" does not count again on its own.
    assert [m.term for m in explained["data-protection"].terms] == ["data privacy"]


def test_no_topic_when_nothing_is_clearly_there(curated):
    found = classify(article("The weather was fine and the match ended in a draw."), curated.topics)
    assert found.topics == () and found.topic_scores == () and found.origin("topics") is None


def test_unknown_override_topic_is_an_error_naming_the_file(tmp_path: Path, curated):
    sidecar = tmp_path / "t.yml"
    sidecar.write_text("topics: [sovereign-ai, space-race]\n", encoding="utf-8")
    with pytest.raises(OverrideError) as caught:
        apply_override(article("Text."), sidecar, {t.id for t in curated.topics})
    (problem,) = caught.value.problems
    assert problem.path == str(sidecar) and "unknown topic 'space-race'" in problem.message


def test_override_topics_win(tmp_path: Path, curated):
    sidecar = tmp_path / "t.yml"
    sidecar.write_text("topics: [robotics]\n", encoding="utf-8")
    found = apply_override(article("Ransomware hit the ministry."), sidecar, {t.id for t in curated.topics})
    assert classify(found, curated.topics).topics == ("robotics",)


def test_topics_file_errors_name_file_and_line(tmp_path: Path):
    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - id: a\n    title: A\n    description: A.\n    terms: {x: -1}\n", encoding="utf-8")
    _, problems = load_topics(path)
    assert [str(p) for p in problems] == [f"{path}:2: error: term 'x': weight must be a positive number"]


# --- entities --------------------------------------------------------------------------


def test_seed_entities_through_aliases(seed_articles):
    named = {m.id: m for m in seed_articles["002"].entities}
    assert named["self-defense-forces"].count == 4  # "Self-Defense Forces (SDF)" and three "SDF"
    assert named["japan-ministry-of-defense"].name == "Ministry of Defense (Japan)"
    assert seed_articles["002"].entities[0].id == "japan"
    assert [m.id for m in seed_articles["004"].entities[:3]] == ["japan", "openai", "digital-agency"]
    assert "genai" in {m.id for m in seed_articles["003"].entities}
    assert export_record(seed_articles["000"])["entities"][0] == {"id": "microsoft", "name": "Microsoft", "kind": "organisation", "mentions": 11}


def test_entity_matching_is_case_sensitive_and_longest_first(curated):
    found = extract_entities(article("Tell us about it: the US and Japan Self-Defense Forces met in 東京. デジタル庁が発表した。"), curated.entities)
    assert [(m.id, m.count) for m in found.entities] == [
        ("united-states", 1), ("self-defense-forces", 1), ("tokyo", 1), ("digital-agency", 1),
    ]


def test_entities_file_rejects_a_name_claimed_twice(tmp_path: Path):
    path = tmp_path / "entities.yml"
    path.write_text(
        "entities:\n  - id: a\n    name: Alpha\n    kind: organisation\n  - id: b\n    name: Beta\n    kind: place\n    aliases: [Alpha]\n"
        "  - id: c\n    name: Gamma\n    kind: company\n",
        encoding="utf-8",
    )
    entities, problems = load_entities(path)
    assert [str(p) for p in problems] == [
        f"{path}:5: error: entity 'b': the name 'Alpha' already belongs to 'a'",
        f"{path}:9: error: entity 'c': kind must be one of organisation, person, place, programme",
    ]


def test_bundled_entities_file_is_valid():
    entities, problems = load_entities(ROOT / "content" / "entities.yml")
    assert problems == [] and len(entities) > 20


@pytest.mark.parametrize(
    "text",
    ["ZERO-TRUST Ransomware and Zero Trust", "raNSomware in ſecurity, ranſomware", "Defence budget: İran and defıance", "防衛費と防衛省のサイバー攻撃"],
)
def test_terms_are_found_in_lower_cased_text_as_the_case_blind_matcher_finds_them(text):
    topics, _ = load_topics(ROOT / "content" / "topics.yml")
    taxonomy = _terms(topics)
    assert taxonomy.lower_matcher is not None
    assert taxonomy.find(text) == taxonomy.matcher.find(text)


def test_letters_a_case_blind_match_reads_as_ascii_count_as_those_letters(curated):
    # "ſ", "ı" and "İ" match "s" and "i" case-blind; the article was once refused with a
    # KeyError here, stopping the whole build.
    plain = classify(article("Ransomware hit the defence ministry. Ransomware gangs want more."), curated.topics)
    odd = classify(article("Ranſomware hit the defence mİnistry. Ranſomware gangs want more."), curated.topics)
    assert plain.topics and (odd.topics, odd.topic_scores) == (plain.topics, plain.topic_scores)
