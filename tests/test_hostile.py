"""Hostile seeds: what anyone could submit in a pull request. Each is either refused with
one clear line naming the file, or published with its markup neutralized; the good seeds
beside them are always published; no script a seed brought runs in the built site."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build
from generator.config import Settings

from .conftest import ROOT, SEEDS

HOSTILE = ROOT / "tests" / "hostile"

REFUSED = {
    "h04_python_tag.md": ":2: error: front matter: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    "h05_alias_bomb.md": ":3: error: front matter: YAML aliases (*name) are not allowed",
    "h08_deep.json": ":1: error: JSON nested too deeply to be an article",
    "h10_whitespace.txt": ": error: file is empty or only whitespace",
    "h11_empty.txt": ": error: file is empty or only whitespace",
    "h12_binary.txt": ": error: binary file (NUL bytes); a seed must be text",
    "h09_long_line.txt": ":3: error: line is 1,100,000 characters long, over the 100,000 a paragraph of prose could be",
    "h14_deep.html": ":1: error: HTML nested 255 or more elements deep; no readable page is built like that",
    "h13_truncated.json": ":1: error: invalid JSON: Unterminated string starting at (column 69)",
}
PUBLISHED = {
    "h01_script_title": "&lt;script&gt;window.__pwned=1&lt;/script&gt; Tokyo unveils AI plan",
    "h02_markdown_tricks": "&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "h03_wordpress_hostile": "&lt;script&gt;window.__pwned=1&lt;/script&gt; Cyber defence budget grows",
    "h06_bidi_title": "Japan evil AI plan announced",
}
THEME_SCRIPT = re.compile(r"/?(?:\.\./)*assets/javascripts/")


class LiveMarkup(HTMLParser):
    """Collects what could run: scripts not from the theme, handlers, frames, bad URLs."""

    def __init__(self, theme: bool = True) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False
        self.theme = theme
        """False for a page body without the theme around it: then any script is a seed's."""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("iframe", "object", "embed", "style", "base") or (tag == "script" and not self.theme):
            self.found.append(f"<{tag}>")
        if tag == "script" and attrs.get("src") and not THEME_SCRIPT.match(attrs["src"]):
            self.found.append(f"script src={attrs['src']}")
        self.in_script = tag == "script" and not attrs.get("src")
        self.json_ld = attrs.get("type") == "application/ld+json"
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "content") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.found.append(f"{tag} {name}={value[:30]}")

    def handle_data(self, data):
        if self.in_script and self.json_ld:
            # Data, not code, as long as nothing in it can close the script element.
            json.loads(data)
            if "<" in data:
                self.found.append("JSON-LD with a raw '<'")
        elif self.in_script and "__pwned" in data:
            self.found.append("inline script from a seed")

    def handle_endtag(self, tag):
        self.in_script = False


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    seeds = out / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in HOSTILE.iterdir():
        shutil.copy(path, seeds / path.name)
    settings = Settings(root=ROOT, seeds_dir=seeds, docs_dir=out / "docs", site_dir=out / "site")
    return seeds, out, build(settings)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_clear_line(hostile_build, name):
    seeds, _, result = hostile_build
    lines = [str(p) for p in result.problems if p.path == str(seeds / name) and p.level == "error"]
    assert lines == [f"{seeds / name}{REFUSED[name]}"]


def test_good_seeds_still_publish(hostile_build):
    _, out, result = hostile_build
    for seed in SEEDS.glob("*.txt"):
        assert (out / "site" / "articles" / seed.stem / "index.html").is_file()


@pytest.mark.parametrize("seed_id", sorted(PUBLISHED))
def test_published_with_markup_as_text(hostile_build, seed_id):
    _, out, _ = hostile_build
    html = (out / "site" / "articles" / seed_id / "index.html").read_text(encoding="utf-8")
    assert PUBLISHED[seed_id] in html


def test_no_live_markup_anywhere_in_the_site(hostile_build):
    _, out, _ = hostile_build
    found = {}
    for page in sorted((out / "site").rglob("*.html")):
        parser = LiveMarkup()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[str(page.relative_to(out / "site"))] = parser.found
    assert found == {}


def test_seed_text_reaches_no_extension_or_template(hostile_build):
    _, out, _ = hostile_build
    html = (out / "site" / "articles" / "h02_markdown_tricks" / "index.html").read_text(encoding="utf-8")
    assert "site_name: Briefing" not in html  # --8<-- did not include mkdocs.yml
    assert "{{ config.site_name }}" in html and "{% include 'x' %}" in html
    assert "unclosed fence that would swallow the page" in html
    assert "<pre" not in html.split('id="article"')[1]
    source_url = (out / "site" / "articles" / "h03_wordpress_hostile" / "index.html").read_text(encoding="utf-8")
    assert "No link to the original is known." in source_url


def test_hostile_site_runs_no_seed_script_in_a_browser(hostile_build, chromium):
    playwright = pytest.importorskip("playwright.sync_api")
    from .test_browser import CHROMIUM_ARGS

    _, out, _ = hostile_build
    pages = sorted((out / "site" / "articles").glob("h*/index.html"))
    assert len(pages) >= 4
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for html in pages + [out / "site" / "index.html", out / "site" / "timeline" / "index.html"]:
            page.goto(html.as_uri())
            page.mouse.move(200, 300)
            assert page.evaluate("typeof window.__pwned") == "undefined", html
        browser.close()
    assert dialogs == []
