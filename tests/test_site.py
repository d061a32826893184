"""End to end: the five seeds built into a Material site with `--strict`, then read as HTML."""

from __future__ import annotations

import filecmp
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.build import build
from generator.config import Settings

from .conftest import ROOT, SEEDS

IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs.get("src") or "inline")


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
    undated = page(built_site / "site", "articles/000_859474fb1193ba83/index.html")
    assert "<em>Undated</em>" in undated
    assert "No link to the original is known." in undated
    assert "Dark Reading" in undated


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
    dated = html.index('id="april-2026"')
    undated = html.index('id="undated"')
    assert dated < html.index("001_1943ce3d778c08c8") < undated
    # 000 is undated but covers 001's event: listed beneath that story, placed by it, labelled so.
    assert dated < html.index("articles/000_") < undated
    assert "undated; around 3 April 2026 (from related coverage)" in html
    for seed_id in ("002", "003", "004"):
        assert html.index(f"articles/{seed_id}_") > undated


def test_every_internal_link_resolves(built_site):
    site = built_site / "site"
    broken = []
    for html_file in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        base = "/" + html_file.relative_to(site).as_posix()
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = site / unquote(urlsplit(urljoin(base, parts.path)).path).lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{html_file.relative_to(site)} -> {href}")
    assert broken == []


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


def test_search_index_holds_the_articles(built_site):
    index = page(built_site / "site", "search/search_index.json")
    assert "GENAI" in index
    assert re.search(r'"lang":\s*\["en",\s*"ja"\]', index)
