"""The built site in a real headless Chromium, served on localhost: what a reader sees.

Screenshots of the main pages are saved under tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from .conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
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
def server(built_site: Path):
    handler = functools.partial(_QuietHandler, directory=str(built_site / "site"))
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


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.outside = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda req: page.outside.append(req.url) if not req.url.startswith(server) else None)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_loads_cleanly_and_stays_on_localhost(page, server):
    page.goto(server)
    assert page.locator("h2#latest-briefings").is_visible()
    assert page.locator("article a[href^='articles/']").count() >= 5
    _shot(page, "home")
    assert page.errors == []
    assert page.outside == []


def test_reader_clicks_through_topics_to_an_article(page, server):
    page.goto(server)
    page.locator("nav.md-tabs a", has_text="Topics").click()
    page.wait_for_url("**/topics/")
    page.locator("article a", has_text="Sovereign AI").first.click()
    page.wait_for_url("**/topics/sovereign-ai/")
    _shot(page, "topic")
    page.locator("article a", has_text="Digital Sovereignty").first.click()
    page.wait_for_url("**/articles/003_5157529813325dba/")
    assert page.locator("h1").inner_text() == "Digital Sovereignty: Why Japan Fears Becoming an ‘AI Colony’ of the US and China"
    assert page.locator("h2#summary").is_visible()
    _shot(page, "article")
    assert page.errors == []


def test_timeline_shows_dated_then_undated(page, server):
    page.goto(server + "timeline/")
    headings = page.locator("article h2").all_inner_texts()
    assert [h.strip("¶ \n") for h in headings] == ["April 2026", "Undated"]
    _shot(page, "timeline")


def test_search_finds_genai(page, server):
    page.goto(server)
    page.locator("input.md-search__input").click(force=True)
    page.keyboard.type("GENAI")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15000)
    assert "Digital Sovereignty" in page.locator(".md-search-result").inner_text()
