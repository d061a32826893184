"""The five bundled seeds, field by field: what the foundation promises on real inputs."""

from __future__ import annotations

import re

import pytest

from generator.build import collect
from generator.config import Settings
from generator.curated import load_curated

from .conftest import ROOT


@pytest.fixture(scope="module")
def articles():
    settings = Settings(root=ROOT)
    curated, problems = load_curated(settings.content_dir)
    assert problems == []
    result = collect(settings, curated)
    assert result.count("error") == 0
    return {a.id[:3]: a for a in result.articles}


def test_every_seed_is_read(articles):
    assert sorted(articles) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize(
    "seed, title",
    [
        ("000", "Microsoft's $10B AI and Cybersecurity Move in Japan"),
        ("001", "Microsoft $10 Billion Investment in Japan | AI & Cybersecurity Expansion 2026"),
        ("002", "Japan's Cyber Renaissance: AI-Driven Defense Strategies Shaping the Future"),
        ("003", "Digital Sovereignty: Why Japan Fears Becoming an ‘AI Colony’ of the US and China"),
        ("004", "Japan’s AI Embrace: A Bold Step, Or Just Another Data Grab?"),
    ],
)
def test_titles_are_the_headlines(articles, seed, title):
    assert articles[seed].title == title


def test_headline_is_not_repeated_in_the_body(articles):
    assert articles["004"].title not in articles["004"].body


def test_wordpress_post_inside_a_txt(articles):
    post = articles["001"]
    assert post.format == "wordpress"
    assert (post.date, post.origin("date")) == ("2026-04-03", "wordpress:date_gmt")
    assert post.source_url == "https://securis360.com/blog/microsoft-10-billion-investment-in-japan-ai-cybersecurity-expansion-2026/"
    assert post.source == "Securis360"
    for markup in ("<p>", "<h3", "</", "&amp;", "&#", "\\u2019", "wp-block"):
        assert markup not in post.body
    assert "Microsoft’s investment aims to:" in post.body
    assert "- Strengthen Japan’s cloud and AI ecosystem" in post.body


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_undated_seeds_stay_undated(articles, seed):
    assert articles[seed].date is None
    assert articles[seed].origin("date") is None


def test_publisher_line_is_not_the_title(articles):
    assert articles["003"].source == "TechRadar Pro"
    assert articles["003"].origin("source") == "text:publisher-line"
    assert "Tech Radar Pro" not in articles["003"].body


JUNK = {
    "000": ["Pro Tip", "NordVPN", "Meta:", "SEO Keywords", "Original Source"],
    "002": ["Cybersecurity concept image", "Join the Conversation", "Showing 0 Comment", "Blog Post"],
    "003": ["Leave a Comment", "Your email address will not be published", "Scroll to Top"],
    "004": ["A futuristic digital representation", "阅读中文版", "Read Chinese Version", "Comments are closed", "[[", "Original Source"],
}
KEPT = {
    "000": ["Key Terms Glossary", "Hyperscaler: Large-scale cloud service providers", "Key Takeaways", "Brad Smith, Microsoft Vice Chair"],
    "002": ["Key Takeaway: Organizations and cybersecurity professionals", "Charting a New Path"],
    "003": ["Physical AI", "GENAI", "The Bottom Line"],
    "004": ["Key Points", "Contrasting Viewpoint", "Future Outlook"],
}


@pytest.mark.parametrize("seed", sorted(JUNK))
def test_no_junk_in_body_or_summary(articles, seed):
    article = articles[seed]
    for junk in JUNK[seed]:
        assert junk not in article.body, junk
        assert junk not in article.summary, junk
        assert all(junk not in point for point in article.key_points), junk


@pytest.mark.parametrize("seed", sorted(KEPT))
def test_real_content_stays(articles, seed):
    for text in KEPT[seed]:
        assert text in articles[seed].body, text


def test_removed_lines_are_reported_with_reasons(articles):
    removed = {r.text: r.reason for r in articles["000"].removed}
    assert any(text.startswith("💡 Pro Tip") for text in removed)
    assert all(reason for reason in removed.values())


def test_credits_are_data(articles):
    assert [(c.name, c.title) for c in articles["000"].credits] == [("Dark Reading", "")]
    assert [(c.name, c.title) for c in articles["004"].credits] == [
        ("OpenAI Blog", "OpenAI announces strategic collaboration with Japan’s Digital Agency")
    ]


def test_meta_line_is_the_description(articles):
    assert articles["000"].description.startswith("Microsoft is investing $10 billion in Japan")
    assert articles["000"].origin("description") == "text:meta-line"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_summary_and_key_points_are_taken_from_the_article(articles, seed):
    article = articles[seed]
    source_text = article.body + " " + (article.description or "")
    assert article.summary
    assert len(article.summary.split()) <= 60
    assert "?" not in article.summary
    for point in article.key_points:
        # A list's lead-in and its items are joined into one point ("aims to: A; B; C.").
        assert all(piece in source_text for piece in re.split(r": |; ", point.rstrip("."))), point
    assert 3 <= len(article.key_points) <= 5


def test_own_takeaways_are_the_key_points(articles):
    assert articles["000"].key_points[0] == "Accelerate AI adoption across Japanese industries and government sectors."
    assert articles["004"].key_points[0].startswith("OpenAI is strategically positioning itself")


@pytest.mark.parametrize(
    "seed, topic",
    [("000", "sovereign-ai"), ("001", "cybersecurity"), ("002", "defence"), ("003", "sovereign-ai"), ("004", "government-ai")],
)
def test_topics_from_the_taxonomy(articles, seed, topic):
    assert topic in articles[seed].topics
    assert 1 <= len(articles[seed].topics) <= 4
