"""End to end: the five seeds built into a Material site with `--strict`, then read as HTML."""

from __future__ import annotations

import datetime as dt
import email.utils
import filecmp
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import markdown
import pytest
import yaml

from generator.build import build
from generator.config import Settings
from generator.escape import md_text
from generator.export import export_record
from generator.linkcheck import check_links
from generator.siteinfo import read_site_info

from .conftest import ROOT, SEEDS
from .test_escape import HOSTILE

IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self.metas: dict[str, list[str]] = {}
        self.alternates: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self.handlers: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs.get("src") or "inline")
            self._in_jsonld = attrs.get("type") == "application/ld+json"
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.metas.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content", ""))
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append(attrs)

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False


def parsed(site: Path, path: str) -> Links:
    parser = Links()
    parser.feed(page(site, path))
    return parser


SITE_URL = "http://127.0.0.1:8000/"


@pytest.mark.parametrize("seed_id", IDS)
def test_every_seed_has_its_page_at_a_stable_url(built_site, seed_id):
    html = page(built_site / "site", f"articles/{seed_id}/index.html")
    assert "<h2 id=\"summary\">Summary" in html
    assert "<h2 id=\"article\">Article" in html


def test_article_page_shows_date_publisher_link_and_topics(built_site):
    html = page(built_site / "site", "articles/001_1943ce3d778c08c8/index.html")
    assert "<h1>Microsoft $10 Billion Investment in Japan | AI &amp; Cybersecurity Expansion 2026</h1>" in html
    assert "3 April 2026" in html
    assert 'href="https://securis360.com/blog/microsoft-10-billion-investment-in-japan-ai-cybersecurity-expansion-2026/"' in html
    assert 'href="../../topics/cybersecurity/"' in html
    assert "(date from the publisher's metadata)" in html
    undated = page(built_site / "site", "articles/000_859474fb1193ba83/index.html")
    assert "<strong>Undated</strong> (publication date not known)" in undated
    assert "No link to the original is known." in undated
    assert "Dark Reading" in undated
    # The header comes before the summary, the summary before the key points and the text.
    assert html.index("briefing-meta") < html.index('id="summary"') < html.index('id="key-points"') < html.index('id="article"')


def test_home_lists_latest_briefings_with_summaries(built_site):
    html = page(built_site / "site", "index.html")
    for seed_id in IDS:
        assert f'href="articles/{seed_id}/"' in html
    assert "Microsoft is investing $10 billion in Japan" in html


def test_topic_pages_and_index(built_site):
    index = page(built_site / "site", "topics/index.html")
    assert 'href="sovereign-ai/"' in index
    sovereign = page(built_site / "site", "topics/sovereign-ai/index.html")
    assert "Digital Sovereignty: Why Japan Fears" in sovereign
    assert "Japan’s AI Embrace" not in sovereign


def test_timeline_is_newest_first_with_undated_apart(built_site):
    html = page(built_site / "site", "timeline/index.html")
    year, month = html.index('<h2 id="2026">'), html.index('<h3 id="april-2026">')
    undated = html.index('id="undated"')
    assert year < month < html.index('href="../articles/001_1943ce3d778c08c8/"') < undated
    # 000 is undated but covers 001's event: listed beneath that story, placed by it, labelled so.
    assert month < html.index("articles/000_") < undated
    assert "undated; around 3 April 2026 (from related coverage)" in html
    for seed_id in ("002", "003", "004"):
        assert html.index(f"articles/{seed_id}_") > undated


def test_timeline_chart_counts_the_dated_articles(built_site):
    html = page(built_site / "site", "timeline/index.html")
    svg = re.search(r'<figure class="briefing-chart">.*?(<svg .*?</svg>)', html, re.DOTALL).group(1)
    root = ET.fromstring(svg)  # well-formed, so browsers draw all of it
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "April 2026: 1 article" in titles
    assert "Cybersecurity and threat intelligence, April 2026: 1 article" in titles
    assert "4 articles without a month" in html  # the four undated seeds, said not hidden
    assert html.index("briefing-chart") < html.index('id="2026"')


def test_home_links_timeline_topics_feeds_and_export(built_site):
    html = page(built_site / "site", "index.html")
    for href in ('href="timeline/"', 'href="topics/"', 'href="feed.xml"', 'href="feed.json"', 'href="briefings.json"'):
        assert href in html
    assert 'href="topics/cybersecurity/"' in html and "3 briefings" in html
    assert "Regulation and governance" in html


def test_every_internal_link_resolves(built_site):
    assert check_links(built_site / "site", SITE_URL) == []


def test_link_check_finds_a_missing_page_an_anchor_and_a_feed_link(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2><a href="../b/">b</a> <a href="#gone">g</a> <a href="#here">ok</a>')
    (tmp_path / "feed.xml").write_text(f"<rss><channel><link>{SITE_URL}a/</link><item><link>{SITE_URL}c/</link></item></channel></rss>")
    assert check_links(tmp_path, SITE_URL) == ["a/index.html -> ../b/", "a/index.html -> #gone (no such anchor)", f"feed.xml -> {SITE_URL}c/"]


def test_no_script_but_the_themes(built_site):
    for html_file in (built_site / "site").rglob("*.html"):
        parser = Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        assert all(src == "inline" or "assets/javascripts/" in src for src in parser.scripts), html_file


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775174400")
    outputs = []
    for name in ("one", "two"):
        settings = Settings(root=ROOT, docs_dir=tmp_path / name / "docs", site_dir=tmp_path / name / "site", strict=True)
        build(settings)
        outputs.append(tmp_path / name)
    for sub in ("docs", "site"):
        comparison = filecmp.dircmp(outputs[0] / sub, outputs[1] / sub)
        assert _differences(comparison) == [], sub


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def test_deleted_seed_disappears_and_a_failed_build_keeps_the_old_site(tmp_path: Path):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    settings = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "docs", site_dir=tmp_path / "site")
    build(settings)
    (seeds / "002_237d6dfd19c2d766.txt").unlink()
    build(settings)
    assert not (tmp_path / "docs/articles/002_237d6dfd19c2d766.md").exists()
    assert not (tmp_path / "site/articles/002_237d6dfd19c2d766").exists()
    assert "002_237d6dfd19c2d766" not in page(tmp_path / "site", "index.html")


def test_a_build_that_fails_midway_leaves_the_previous_output(tmp_path: Path):
    from generator.output import replace_dir, write_files

    site = tmp_path / "site"
    replace_dir(site, lambda folder: write_files(folder, {"index.html": "old", "a/b.html": "old"}))

    def half_then_fail(folder: Path) -> None:
        write_files(folder, {"index.html": "new"})
        raise KeyboardInterrupt  # an interrupted build

    with pytest.raises(KeyboardInterrupt):
        replace_dir(site, half_then_fail)
    assert (site / "index.html").read_text() == "old"
    assert (site / "a/b.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_remove_tree_removes_files_folders_and_links_but_not_their_targets(tmp_path: Path):
    from generator.output import remove_tree, write_files

    outside = tmp_path / "outside"
    write_files(outside, {"keep.txt": "kept"})
    old = tmp_path / "old"
    write_files(old, {f"articles/{n}/index.html": "x" for n in range(30)} | {"index.html": "x", "search/search_index.json": "{}"})
    (old / "articles" / "link").symlink_to(outside, target_is_directory=True)
    (old / "file-link").symlink_to(outside / "keep.txt")
    remove_tree(old)
    assert not old.exists()
    assert (outside / "keep.txt").read_text() == "kept"
    remove_tree(tmp_path / "missing")  # nothing there: nothing to do


def test_search_index_holds_the_articles(built_site):
    index = page(built_site / "site", "search/search_index.json")
    assert "GENAI" in index
    assert re.search(r'"lang":\s*\["en",\s*"ja"\]', index)


def test_site_url_comes_from_mkdocs_yml_or_the_environment(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    site, problems = read_site_info(ROOT / "mkdocs.yml")
    assert problems == [] and site.url == SITE_URL
    monkeypatch.setenv("SITE_URL", "https://example.org/briefing")
    site, _ = read_site_info(ROOT / "mkdocs.yml")
    assert site.link("feed.xml") == "https://example.org/briefing/feed.xml"


def test_no_site_url_is_an_error_that_names_the_file(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nsite_url: /relative/\n")
    site, problems = read_site_info(tmp_path / "mkdocs.yml")
    assert site is None and str(problems[0]).startswith(f"{tmp_path / 'mkdocs.yml'}: error: set site_url")


def _feed_files(site: Path) -> list[str]:
    return sorted(p.name for p in site.glob("feed*.xml"))


def test_rss_feeds_validate_with_absolute_links_and_rfc822_dates(built_site):
    site = built_site / "site"
    names = _feed_files(site)
    assert "feed.xml" in names and "feed-cybersecurity.xml" in names
    for name in names:
        feed = feedparser.parse((site / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "rss20"
        for entry in feed.entries:
            assert entry.link.startswith(SITE_URL) and entry.id == entry.link
        raw = ET.parse(site / name).getroot()
        for pub in raw.iter("pubDate"):
            assert email.utils.parsedate_to_datetime(pub.text).tzinfo is not None
            assert email.utils.format_datetime(email.utils.parsedate_to_datetime(pub.text)) == pub.text
    whole = feedparser.parse((site / "feed.xml").read_bytes())
    assert [e.link.rsplit("/", 2)[-2] for e in whole.entries][0] == "001_1943ce3d778c08c8"  # newest first
    assert whole.entries[0].published_parsed[:3] == (2026, 4, 3)
    assert not any("published" in e for e in whole.entries[1:])  # undated: no made-up date


def test_topic_feeds_hold_only_their_topic(built_site):
    site = built_site / "site"
    exported = {r["id"]: r for r in json.loads(page(site, "briefings.json"))["articles"]}
    for name in _feed_files(site):
        if name == "feed.xml":
            continue
        topic = name.removeprefix("feed-").removesuffix(".xml")
        ids = [e.link.rsplit("/", 2)[-2] for e in feedparser.parse((site / name).read_bytes()).entries]
        assert ids == [i for i, r in exported.items() if topic in r["topics"]], topic


def test_each_feed_shows_the_newest_articles_of_its_topic(tmp_path: Path):
    """`feed_items` picks every topic's newest articles in one pass: the articles a filter
    of all of them by topic gives, where topics hold more than a feed shows and fewer."""
    from benchmarks.synth import write_seeds
    from generator.build import collect
    from generator.curated import load_curated
    from generator.feeds import FEED_ITEMS, feed_items

    write_seeds(300, tmp_path / "seeds")
    settings = Settings(root=ROOT, seeds_dir=tmp_path / "seeds", docs_dir=tmp_path / "build" / "docs")
    curated = load_curated(settings.content_dir)[0]
    articles = list(collect(settings, curated).articles)
    feeds = feed_items(articles, curated)
    assert feeds[0] == (None, articles[:FEED_ITEMS])
    assert feeds[1:] == [(topic, [a for a in articles if topic.id in a.topics][:FEED_ITEMS]) for topic in curated.topics]
    sizes = [len(items) for _, items in feeds[1:]]
    assert max(sizes) == FEED_ITEMS and 0 < min(sizes) < FEED_ITEMS


RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def test_json_feeds_follow_json_feed_1_1(built_site):
    # feedparser 6.0 reads no JSON Feed, so the 1.1 spec's rules are checked here.
    site = built_site / "site"
    for path in sorted(site.glob("feed*.json")):
        feed = json.loads(path.read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["feed_url"] == SITE_URL + path.name
        assert feed["home_page_url"].startswith(SITE_URL)
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["url"].startswith(SITE_URL)
            assert item.get("content_html") or item.get("content_text")
            for key in ("date_published", "date_modified"):
                if key in item:
                    assert RFC3339.match(item[key]) and dt.datetime.fromisoformat(item[key])
    assert json.loads(page(site, "feed.json"))["items"][0]["date_published"] == "2026-04-03T00:00:00Z"


def test_pages_announce_their_feeds(built_site):
    site = built_site / "site"
    home = parsed(site, "index.html").alternates
    assert {(a["type"], a["href"]) for a in home} == {("application/rss+xml", "feed.xml"), ("application/feed+json", "feed.json")}
    topic = parsed(site, "topics/cybersecurity/index.html").alternates
    assert ("application/rss+xml", "../../feed-cybersecurity.xml") in {(a["type"], a["href"]) for a in topic}


def test_article_previews_and_news_article_json_ld(built_site):
    links = parsed(built_site / "site", "articles/001_1943ce3d778c08c8/index.html")
    assert links.metas["og:type"] == ["article"]
    assert links.metas["og:title"] == ["Microsoft $10 Billion Investment in Japan | AI & Cybersecurity Expansion 2026"]
    assert links.metas["og:description"][0].startswith("In a major move that signals")
    assert links.metas["article:published_time"] == ["2026-04-03"]
    assert links.metas["og:url"] == [SITE_URL + "articles/001_1943ce3d778c08c8/"]
    (data,) = [json.loads(text) for text in links.jsonld]
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2026-04-03"
    assert data["isBasedOn"] == "https://securis360.com/blog/microsoft-10-billion-investment-in-japan-ai-cybersecurity-expansion-2026/"
    assert data["url"] == SITE_URL + "articles/001_1943ce3d778c08c8/"
    undated = parsed(built_site / "site", "articles/000_859474fb1193ba83/index.html")
    assert "article:published_time" not in undated.metas
    assert "isBasedOn" not in json.loads(undated.jsonld[0])
    assert parsed(built_site / "site", "index.html").metas["og:type"] == ["website"]


def test_sitemap_dates_are_the_pages_own(built_site):
    root = ET.parse(built_site / "site" / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {u.find("s:loc", ns).text: getattr(u.find("s:lastmod", ns), "text", None) for u in root.findall("s:url", ns)}
    assert dates[SITE_URL + "articles/001_1943ce3d778c08c8/"] == "2026-04-03"
    assert dates[SITE_URL + "articles/000_859474fb1193ba83/"] is None  # undated: no build date stands in
    assert dates[SITE_URL] == "2026-04-03"  # the home page changes when its newest article does


def test_page_dates_read_only_lastmod_as_mkdocs_would(built_site):
    from urllib.parse import urljoin

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils.meta import get_data

    from generator.site import page_dates

    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(built_site / "docs"), site_dir=str(built_site / "unused"))
    expected = {}
    for file in get_files(config).documentation_pages():
        _, meta = get_data(Path(file.abs_src_path).read_text(encoding="utf-8"))
        expected[urljoin(config.site_url, file.url)] = str(meta["lastmod"]) if meta.get("lastmod") else None
    assert page_dates(config) == expected
    assert any(expected.values()) and None in expected.values()  # dated and undated pages both seen


def test_briefings_json_is_the_export(built_site):
    from generator.build import collect
    from generator.curated import load_curated

    document = json.loads(page(built_site / "site", "briefings.json"))
    assert document["schema_version"] == 1 and document["site_url"] == SITE_URL
    settings = Settings(root=ROOT)
    curated, _ = load_curated(settings.content_dir)
    expected = [json.loads(json.dumps(export_record(a))) for a in collect(settings, curated).articles]
    assert [{**r, "seed": Path(r["seed"]).name} for r in document["articles"]] == [{**r, "seed": Path(r["seed"]).name} for r in expected]


def test_the_export_gives_back_the_records_it_joined(built_site):
    """`document_records` undoes `json_document`: an edit takes the unchanged records from
    the last export. Records hold commas, brackets and escaped newlines of seed text."""
    from generator.export import document_records, json_document

    document = page(built_site / "site", "briefings.json").encode("utf-8")
    records = document_records(document)
    assert len(records) == len(json.loads(document)["articles"]) >= 5
    assert json_document(records, SITE_URL) == document
    assert document_records(json_document(records[:1], SITE_URL)) == records[:1]
    assert document_records(json_document([], SITE_URL)) == []
    assert document_records(document[:-3]) == []  # cut short: nothing rather than wrong records


def _markdown_extensions() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=type("L", (yaml.SafeLoader,), {}))  # noqa: S506
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]


yaml.SafeLoader.add_constructor("!ENV", lambda loader, node: None)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text_with_the_sites_markdown_extensions(text):
    # The site's extensions (md_in_html included), not just the core ones, must leave seed text alone.
    rendered = markdown.Markdown(extensions=_markdown_extensions()).convert(str(md_text(text)))
    inner = re.fullmatch(r"<p>(.*)</p>", rendered, re.DOTALL)
    assert inner and "<" not in inner.group(1), rendered


HOSTILE_SEED = """---
title: "</script><script>alert(1)</script> \\" onmouseover=\\"alert(2) <b>bold</b> & {: onclick=x}"
date: 2026-04-05
source: "Evil \\" Press <i>"
source_url: "https://example.org/a?x=1&y=</script>"
---

Body with </script><script>alert(3)</script> and <img src=x onerror=alert(4)> in it, and a [link](javascript:alert(5)).

Another paragraph so that there is something to summarise about AI and cybersecurity in Japan.
"""


def test_hostile_seed_cannot_reach_the_head_or_the_json_ld(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "evil.md").write_text(HOSTILE_SEED, encoding="utf-8")
    shutil.copy(SEEDS / "001_1943ce3d778c08c8.txt", seeds)
    settings = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "docs", site_dir=tmp_path / "site", strict=True)
    result = build(settings)
    assert result.count("error") == 0, [str(p) for p in result.problems]
    html = page(tmp_path / "site", "articles/evil/index.html")
    title = yaml.safe_load(HOSTILE_SEED.split("---")[1])["title"]
    links = parsed(tmp_path / "site", "articles/evil/index.html")
    assert links.metas["og:title"] == [title]  # escaped for the attribute, read back whole
    (data,) = [json.loads(text) for text in links.jsonld]
    assert data["headline"] == title
    assert "alert" not in "".join(s for s in links.scripts if s != "inline")
    assert html.count("<script>alert") == 0 and links.handlers == []
    assert "<b>bold</b>" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    for feed in ("feed.xml", "feed-cybersecurity.xml"):
        assert not feedparser.parse((tmp_path / "site" / feed).read_bytes()).bozo
    assert check_links(tmp_path / "site", SITE_URL) == []


def _dated(article_id: str, date: str | None, topics: tuple[str, ...] = ()):
    from generator.model import Article, Block

    return Article(id=article_id, seed=article_id, format="text", title=article_id, blocks=(Block("paragraph", "x"),), date=date, topics=topics)


def test_coverage_spans_every_month_and_never_places_a_date_it_lacks():
    from generator.chart import MAX_MONTHS, coverage
    from generator.curated import load_curated

    topics = load_curated(ROOT / "content")[0].topics
    articles = [_dated("a", "2026-01-20", ("cybersecurity", "defence")), _dated("b", "2026-01"), _dated("c", "2025-11-02", ("cybersecurity",)), _dated("d", "2025"), _dated("e", None)]
    cov = coverage(articles, topics)
    assert cov.months == ("2025-11", "2025-12", "2026-01") and cov.totals == (1, 0, 2)
    assert [(t.id, counts) for t, counts in cov.rows] == [("cybersecurity", (1, 0, 1)), ("defence", (0, 0, 1))]
    assert cov.unplaced == 2  # the year-only and the undated article
    long_run = coverage([_dated(str(i), f"{2020 + i // 12}-{i % 12 + 1:02d}") for i in range(40)], topics)
    assert len(long_run.months) == MAX_MONTHS and long_run.months[-1] == "2023-04" and long_run.unplaced == 40 - MAX_MONTHS


def test_timeline_groups_years_months_and_year_only_dates(tmp_path: Path):
    from generator.build import newest_first
    from generator.curated import load_curated
    from generator.render import make_environment, render_indexes

    curated = load_curated(ROOT / "content")[0]
    articles = newest_first([_dated("a", "2026-01-20"), _dated("b", "2026"), _dated("c", "2025-11-02"), _dated("d", None)])
    timeline = render_indexes(articles, make_environment(ROOT / "templates"), curated)["timeline.md"]
    headings = [line for line in timeline.splitlines() if line.startswith("#")]
    assert headings == ["## 2026", "### January 2026", "### 2026, month not stated", "## 2025", "### November 2025", "## Undated"]


def test_home_shows_the_active_stories(built_site):
    html = page(built_site / "site", "index.html")
    stories = html.index('id="active-stories"')
    assert html.index('href="stories/000_859474fb1193ba83/"', stories) > stories
    assert "Story · 3 April 2026 · 2 sources" in html
