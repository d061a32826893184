"""The built site in a real headless Chromium, served on localhost: what a reader sees.

The site is built from the bundled seeds plus a Japanese Markdown seed from
tests/data/ (never published), so Japanese search is tested on a real page.
Screenshots of the main pages, at desktop and phone width, are saved under
tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import build
from generator.config import Settings

from .conftest import ROOT, SEEDS

ARTIFACTS = ROOT / "tests" / "artifacts"
JAPANESE = ROOT / "tests" / "data" / "ja"
JA_ID = "ja_digital_agency_genai"
PHONE = {"width": 390, "height": 844}
# Flags for a sandboxed root session on a machine with no network beyond localhost.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    seeds = out / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in sorted(JAPANESE.glob("*.md")):
        shutil.copy(path, seeds)
    result = build(Settings(root=ROOT, seeds_dir=seeds, docs_dir=out / "docs", site_dir=out / "site", strict=True))
    assert result.count("error") == 0 and len(result.articles) == 6, [str(p) for p in result.problems]
    return out / "site"


@pytest.fixture(scope="module")
def server(site_dir: Path):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(chromium: str):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency: make test installs it")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _open(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.errors = []
    page.outside = []
    page.failed = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda req: page.outside.append(req.url) if not req.url.startswith(server) else None)
    page.on("response", lambda res: page.failed.append(f"{res.status} {res.url}") if res.status >= 400 else None)
    return context, page


@pytest.fixture
def page(browser, server):
    context, page = _open(browser, server, {"width": 1280, "height": 900})
    yield page
    # Every page a test visited worked without the network and without a broken request.
    assert page.outside == [] and page.failed == [] and page.errors == []
    context.close()


@pytest.fixture
def phone(browser, server):
    context, page = _open(browser, server, PHONE)
    yield page
    assert page.outside == [] and page.failed == [] and page.errors == []
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_loads_cleanly_and_stays_on_localhost(page, server):
    page.goto(server)
    assert page.locator("h2#latest-briefings").is_visible()
    assert page.locator(".briefing-entry:not(.briefing-story) a[href^='articles/']").count() == 6
    assert page.locator(".briefing-topic-cards li").count() >= 5
    assert page.locator("a[href='feed.xml']").is_visible()
    _shot(page, "home")


def test_reader_clicks_through_topics_to_an_article(page, server):
    page.goto(server)
    page.locator("nav.md-tabs a", has_text="Topics").click()
    page.wait_for_url("**/topics/")
    page.locator("article a", has_text="Sovereign AI").first.click()
    page.wait_for_url("**/topics/sovereign-ai/")
    assert page.locator("a", has_text="RSS feed").get_attribute("href") == "../../feed-sovereign-ai.xml"
    _shot(page, "topic")
    page.locator(".briefing-entry a", has_text="Digital Sovereignty").first.click()
    page.wait_for_url("**/articles/003_5157529813325dba/")
    assert page.locator("h1").inner_text() == "Digital Sovereignty: Why Japan Fears Becoming an ‘AI Colony’ of the US and China"
    assert page.locator("h2#summary").is_visible()
    assert page.locator(".briefing-meta").inner_text().startswith("Undated")


def test_article_header_shows_date_source_and_topics(page, server):
    page.goto(server + "articles/001_1943ce3d778c08c8/")
    meta = page.locator(".briefing-meta").inner_text()
    assert meta.startswith("3 April 2026 (date from the publisher's metadata) · Securis360")
    source = page.locator(".briefing-source a")
    assert source.inner_text().startswith("Read the original at Securis360")
    assert source.get_attribute("href").startswith("https://securis360.com/")
    topics = [a.inner_text() for a in page.locator(".briefing-topics a").all()]
    assert topics[0] == "Cybersecurity and threat intelligence" and 1 <= len(topics) <= 4
    _shot(page, "article")


def test_timeline_tab_shows_years_months_undated_and_the_chart(page, server):
    page.goto(server)
    page.locator("nav.md-tabs a", has_text="Timeline").click()
    page.wait_for_url("**/timeline/")
    headings = [h.strip("¶ \n") for h in page.locator("article h2, article h3").all_inner_texts()]
    assert headings == ["2026", "April 2026", "2025", "August 2025", "Undated"]
    chart = page.locator("figure.briefing-chart svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    # The chart draws with the theme's colours: a filled square is not transparent.
    fill = page.locator("figure.briefing-chart rect.cell:not(.empty)").first.evaluate("e => getComputedStyle(e).fill")
    assert fill not in ("none", "rgba(0, 0, 0, 0)")
    _shot(page, "timeline")
    page.locator("figure.briefing-chart a[href='#april-2026']").click()
    assert page.url.endswith("#april-2026")


def _search(page, server, query: str):
    page.goto(server)
    page.locator("input.md-search__input").click(force=True)
    # Typing before the search worker has loaded its index is dropped on a busy
    # machine; Material says "Initializing search" until it is ready.
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent || 'Initializing')",
        timeout=30000,
    )
    page.keyboard.type(query)
    # Characters off the keyboard (Japanese) are inserted without key events, and
    # Material searches on keyup: one plain key press sends it.
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    return page.locator(".md-search-result")


def test_search_finds_genai(page, server):
    results = _search(page, server, "GENAI")
    assert "Digital Sovereignty" in results.inner_text()


def test_search_finds_a_japanese_article_by_a_japanese_term(page, server):
    results = _search(page, server, "源内")
    assert "デジタル庁、職員向け生成AI環境「源内」の利用実績を公表" in results.inner_text()
    results.locator(f"a[href*='{JA_ID}']").first.click()
    page.wait_for_url(f"**/articles/{JA_ID}/**")
    assert page.locator(".briefing-meta").inner_text().startswith("August 2025 (the day is not stated")


@pytest.mark.parametrize("name, path", [("home", ""), ("article", "articles/001_1943ce3d778c08c8/"), ("timeline", "timeline/")])
def test_pages_fit_a_phone(phone, server, name, path):
    phone.goto(server + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a phone"
    _shot(phone, f"{name}-phone")


def test_chart_opens_at_the_newest_month_on_a_phone(phone, server):
    phone.goto(server + "timeline/")
    newest = phone.locator("figure.briefing-chart a[href='#april-2026'] rect")
    box = newest.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
