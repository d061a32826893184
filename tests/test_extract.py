"""Metadata stages, publishers from sources.yml, overrides and the boilerplate cleaner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.clean import clean, junk_reason, patterns_as_one
from generator.curated import Pattern, load_curated
from generator.dates import day_from_timestamp, parse_partial
from generator.extract import extract_dateline, extract_metadata, find_source, parse_meta_line
from generator.model import Article, Block
from generator.overrides import OverrideError, apply_override, orphan_overrides, override_path, parse_fields

from .conftest import ROOT


@pytest.fixture(scope="module")
def curated():
    loaded, problems = load_curated(ROOT / "content")
    assert problems == []
    return loaded


def text_article(*lines: str, title: str = "A headline") -> Article:
    return Article(id="t", seed="t.txt", format="text", title=title, blocks=tuple(Block("paragraph", line) for line in lines), provenance=(("title", "text:first-line"),))


# --- bylines and datelines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("By Jane Doe | April 3, 2026", {"author": "Jane Doe", "date": "2026-04-03"}),
        ("Published: April 3, 2026 at 10:00 am ET", {"date": "2026-04-03"}),
        ("Posted on 3 April 2026 by Jane Doe", {"date": "2026-04-03", "author": "Jane Doe"}),
        ("Updated Apr. 5, 2026", {"updated": "2026-04-05"}),
        ("Friday, April 3, 2026 · 4 min read", {"date": "2026-04-03"}),
        ("公開日：2026年4月3日 | 更新日：2026年4月5日", {"date": "2026-04-03", "updated": "2026-04-05"}),
        ("2026-04-03", {"date": "2026-04-03"}),
    ],
)
def test_bylines_and_datelines(line, expected):
    assert parse_meta_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, the government said it would act.",
        "By 2026, Japan plans to train 3 million people.",
        "In April 2026 the ministry will publish its plan.",
        "The plan was first announced on April 3, 2026 in Tokyo.",
        "April 31, 2026",
        "2026",
        "By Monday, the ministry had not replied",
    ],
)
def test_prose_is_never_a_dateline(line):
    assert parse_meta_line(line) is None


def test_a_year_in_the_prose_is_not_a_date():
    article = extract_dateline(text_article("Japan will spend ¥1 trillion by 2030.", "The plan, announced in April 2026, is new."))
    assert (article.date, article.origin("date")) == (None, None)


def test_dateline_date_never_replaces_a_metadata_date():
    article = Article(id="t", seed="t", format="html", title="T", blocks=(Block("paragraph", "April 1, 2026"), Block("paragraph", "Text.")), date="2026-04-03", provenance=(("date", "html:json-ld.datePublished"),))
    found = extract_dateline(article)
    assert (found.date, found.origin("date")) == ("2026-04-03", "html:json-ld.datePublished")
    assert found.body == "Text."


# --- dates ---------------------------------------------------------------------------------------


def test_timestamps_keep_the_publishers_day():
    assert day_from_timestamp("2026-04-04T07:00:00+09:00") == "2026-04-04"
    assert day_from_timestamp("Sat, 04 Apr 2026 07:00:00 +0900") == "2026-04-04"
    assert day_from_timestamp("0001-01-01T00:00:00Z") is None
    assert day_from_timestamp("2026-02-30") is None
    assert day_from_timestamp("yesterday") is None


def test_partial_dates_keep_their_precision():
    assert parse_partial("2026-04") == ("2026-04", "month")
    assert parse_partial(2026) == ("2026", "year")
    assert parse_partial("2026-13") is None
    assert parse_partial(True) is None


# --- publishers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, source_id",
    [
        ("securis360.com", "securis360"),
        ("https://www.securis360.com/blog/post", "securis360"),
        ("Tech Radar Pro", "techradar-pro"),
        ("TechRadar Pro", "techradar-pro"),
        ("techradar", "techradar-pro"),
        ("Japan Times", "japan-times"),
        ("THE JAPAN TIMES", "japan-times"),
        ("www.darkreading.com", "dark-reading"),
        ("Tech Radar", "techradar-pro"),
        ("Unknown Weekly", None),
        ("example.com", None),
    ],
)
def test_publisher_names_aliases_and_domains_resolve(curated, name, source_id):
    found = find_source(name, curated.sources)
    assert (found.id if found else None) == source_id


def test_sources_yml_names_aliases_and_domains_are_unambiguous(curated):
    from generator.extract import _name_key

    seen: dict[str, str] = {}
    for source in curated.sources:
        assert source.homepage and source.domains, source.id
        for key in {_name_key(n) for n in (source.name, source.id, *source.aliases)} | set(source.domains):
            assert seen.setdefault(key, source.id) == source.id, f"{key!r} names both {seen[key]} and {source.id}"


def test_homepage_is_a_labelled_fallback_never_the_source_url(curated):
    pasted = text_article("Japan fears becoming an AI colony", "The minister said so.", title="Tech Radar Pro")
    article = extract_metadata(pasted, curated)
    assert (article.title, article.source) == ("Japan fears becoming an AI colony", "TechRadar Pro")
    assert article.source_url is None
    assert (article.source_homepage, article.origin("source_homepage")) == ("https://www.techradar.com/pro", "sources:homepage")


def test_publisher_by_the_links_domain(curated):
    article = Article(id="t", seed="t", format="html", title="T", blocks=(Block("paragraph", "x"),), source_url="https://www.darkreading.com/threat-intelligence/japan")
    found = extract_metadata(article, curated)
    assert (found.source, found.origin("source")) == ("Dark Reading", "sources:domain-of-source_url")


def test_credits_and_link_lines(curated):
    article = extract_metadata(text_article(
        "Body text of the article goes here.",
        "Source URL: https://www.reuters.com/technology/japan-ai-2026-04-03/",
        "This article was originally published on The Conversation. Read the original article.",
        "Source: https://www.darkreading.com/some-story",
    ), curated)
    assert article.source_url == "https://www.reuters.com/technology/japan-ai-2026-04-03/"
    assert article.source == "Reuters"
    assert [c.name for c in article.credits] == ["The Conversation", "Dark Reading"]
    assert article.body == "Body text of the article goes here."


# --- overrides and front matter share one validation -------------------------------------------------


def test_override_errors_name_the_key_line_and_suggest_the_field():
    text = "title: Fine\npublisher: Reuters\ndate: 2026-04-31x\nupdated: 2026-01-01\nsource_url: https://example.com/\ntopics: [sovereign-aii]\n"
    from generator.yamlio import load_yaml

    _, errors = parse_fields(load_yaml(text), text, {"sovereign-ai", "cybersecurity"})
    assert [(e.line, e.message) for e in errors] == [
        (2, "unknown key 'publisher'; did you mean 'source'?"),
        (3, "'date' '2026-04-31x' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"),
        (5, "'source_url' must be the article's absolute http(s) URL (not a site's front page)"),
        (6, "unknown topic 'sovereign-aii'; did you mean 'sovereign-ai'?"),
    ]


def test_override_can_clear_a_wrong_value(tmp_path):
    article = Article(id="a", seed="a.txt", format="html", title="T", blocks=(Block("paragraph", "x"),), date="2019-10-13", date_precision="day", provenance=(("date", "html:htmldate"),))
    (tmp_path / "a.yml").write_text("date: null\nupdated: 2026-04\n", encoding="utf-8")
    fixed = apply_override(article, override_path(tmp_path, "a"), set())
    assert (fixed.date, fixed.date_precision, fixed.origin("date")) == (None, None, "override")
    assert (fixed.updated, fixed.origin("updated")) == ("2026-04", "override")


def test_override_yaml_suffix_and_both(tmp_path):
    article = Article(id="a", seed="a.txt", format="text", title="T", blocks=(Block("paragraph", "x"),))
    (tmp_path / "a.yaml").write_text("title: From yaml\n", encoding="utf-8")
    assert apply_override(article, override_path(tmp_path, "a"), set()).title == "From yaml"
    (tmp_path / "a.yml").write_text("title: From yml\n", encoding="utf-8")
    with pytest.raises(OverrideError, match="both a.yml and a.yaml exist"):
        apply_override(article, override_path(tmp_path, "a"), set())


def test_unknown_front_matter_topic_is_an_error_at_the_override_stage():
    article = Article(id="m", seed="m.md", format="markdown", title="T", blocks=(Block("paragraph", "x"),), topics=("robotcs",), provenance=(("topics", "front-matter:topics"),))
    with pytest.raises(OverrideError) as caught:
        apply_override(article, Path("/nonexistent/m.yml"), {"robotics"})
    assert str(caught.value.problems[0]) == "m.md: error: front matter: unknown topic 'robotcs'; did you mean 'robotics'?"


def test_orphan_sidecars_are_named(tmp_path):
    for name in ("005_abc.txt", "005_abc.yml", "feed.xml", "feed-1a2b3c4d.yml", "005_abd.yml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    problems = orphan_overrides(tmp_path, [tmp_path / "005_abc.txt", tmp_path / "feed.xml"])
    assert [str(p) for p in problems] == [f"{tmp_path / '005_abd.yml'}: warning: override for no seed: no article has this id; did you mean 005_abc.yml?"]


# --- boilerplate -----------------------------------------------------------------------------------------

JUNK = [
    "Skip to content", "Home > News > Technology", "5 min read", "Advertisement - Continue Reading Below",
    "The post Japan’s budget appeared first on Securis360 Blog.", "Sign up for our daily newsletter to get the latest news.",
    "Follow us on Twitter, Facebook and LinkedIn", "(Photo: Reuters)", "Photo by Jane Doe on Unsplash",
    "Related: Japan passes AI law", "Copyright © 2026 Example Media. All rights reserved.", "Like this:",
    "Filed under: AI, Japan", "We use cookies to improve your experience. Accept all cookies", "Showing 0 Comment",
    "💡 Pro Tip: Protect your data with NordVPN — 70% off today", "Share this article", "Scroll to Top",
]
PROSE = [
    "Home prices rose 5% in Tokyo last year.", "Related to this, the ministry said more.", "Follow the money, critics say.",
    "The minister said sharing data would help.", "Subscribers to the service grew 20%.", "Photo sensors are made in Kyushu.",
    "Article 9 of the constitution limits the military.", "News of the deal lifted shares.",
]


@pytest.mark.parametrize("line", JUNK)
def test_boilerplate_lines_are_removed_with_a_reason(curated, line):
    assert junk_reason(line, curated.boilerplate)


@pytest.mark.parametrize("line", PROSE)
def test_prose_near_misses_stay(curated, line):
    assert junk_reason(line, curated.boilerplate) is None


def _lines_of(*folders: Path) -> list[str]:
    return [line.strip() for folder in folders for path in sorted(folder.iterdir()) if path.is_file()
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def test_patterns_joined_turn_away_only_what_none_of_them_matches(curated):
    # Every line of the bundled and hostile seeds, and the near misses: the joined regex
    # finds junk exactly where one pattern does, so it can only save time.
    lines = _lines_of(ROOT / "content" / "seeds", ROOT / "tests" / "hostile") + JUNK + PROSE
    joined = patterns_as_one(curated.boilerplate)
    assert joined is not None
    assert [junk_reason(line, curated.boilerplate, joined) for line in lines] == [junk_reason(line, curated.boilerplate) for line in lines]
    assert sum(1 for line in lines if joined.fullmatch(line)) >= len(JUNK)


@pytest.mark.parametrize("source", [r"(Share) this", r"(?x) Share \s this", r"(?i)Share this"])
def test_patterns_that_cannot_be_joined_are_tried_one_by_one(source):
    # A group would renumber another pattern's back-references; flags of its own would
    # apply to the others, or, set inside the joined regex, be an error.
    patterns = (Pattern(re.compile(r"Advertisement", re.IGNORECASE), "label"), Pattern(re.compile(source, re.IGNORECASE), "share"))
    assert patterns_as_one(patterns) is None
    assert junk_reason("Share this", patterns, patterns_as_one(patterns)) == "share"
    assert junk_reason("Advertisement", patterns, patterns_as_one(patterns)) == "label"


def test_empty_sections_go_only_when_their_junk_went(curated):
    blocks = (
        Block("paragraph", "Real text."),
        Block("heading", "Deal one", 2), Block("heading", "Deal two", 2), Block("paragraph", "Both deals end Friday."),
        Block("heading", "Further discussion", 2), Block("paragraph", "Join the Conversation"),
        Block("heading", "Next", 2), Block("paragraph", "More text."),
    )
    article = clean(Article(id="c", seed="c", format="text", title="T", blocks=blocks), curated.boilerplate)
    assert [b.text for b in article.blocks] == ["Real text.", "Deal one", "Deal two", "Both deals end Friday.", "Next", "More text."]
    assert [(r.text, r.reason) for r in article.removed] == [("Join the Conversation", "comment widget"), ("Further discussion", "heading of an empty section")]


# --- briefing check --explain ---------------------------------------------------------------------


def _briefing(*args: str):
    import os
    import subprocess
    import sys

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_explain_prints_every_field_with_its_origin():
    run = _briefing("check", "--explain", "001_1943ce3d778c08c8")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "001_1943ce3d778c08c8 (wordpress reader, content/seeds/001_1943ce3d778c08c8.txt)"
    fields = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in lines[1:]}
    assert fields["date"] == "2026-04-03 (day)  [wordpress:date_gmt]"
    assert fields["publisher"] == "Securis360  [sources:domain-of-source_url]"
    assert fields["publisher home"] == "https://securis360.com/ (the publisher's front page, not the article)  [sources:homepage]"
    assert fields["author"] == "-  (not found; never guessed)"
    assert fields["body"].endswith("[wordpress:content.rendered]")


def test_explain_by_path_lists_removed_lines():
    run = _briefing("check", "--explain", "content/seeds/004_847b377ac006ce48.txt")
    assert run.returncode == 0, run.stderr
    assert "  removed:        阅读中文版 (Read Chinese Version)  (language-switch link)" in run.stdout
    assert "  credits:        OpenAI announces strategic collaboration with Japan’s Digital Agency (OpenAI Blog)  [text:original-source-line]" in run.stdout


def test_explain_of_an_unknown_seed_is_a_usage_error():
    run = _briefing("check", "--explain", "999_nope")
    assert run.returncode == 2
    assert run.stderr.strip() == "999_nope: error: no such seed file or seed id"
