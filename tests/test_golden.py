"""Golden pages: each bundled seed's generated page, compared byte for byte.

A change that alters a page on purpose is reviewed as the diff of tests/golden/
after `make golden` (pytest --update-golden).
"""

from __future__ import annotations

import contextlib
import difflib
import json
from pathlib import Path

import pytest

from generator.build import collect
from generator.config import Settings
from generator.curated import load_curated
from generator.export import export_record
from generator.render import make_environment, render_article
from generator.story_pages import coverage_view

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _rendered():
    # Run from the project root with relative paths, as `make site` does, so the
    # golden export records `content/seeds/...` and no machine's own path.
    with contextlib.chdir(ROOT):
        settings = Settings(root=Path("."))
        curated, _ = load_curated(settings.content_dir)
        env = make_environment(settings.templates_dir)
        result = collect(settings, curated)
    pages = {}
    by_id = {a.id: a for a in result.articles}
    for article in result.articles:
        pages[f"{article.id}.md"] = render_article(article, env, curated, coverage_view(article, by_id))
        pages[f"{article.id}.json"] = json.dumps(export_record(article), ensure_ascii=False, indent=2) + "\n"
    return pages


PAGES = _rendered()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_golden(name, update_golden):
    expected_path = GOLDEN / name
    actual = PAGES[name]
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
    if not expected_path.exists():
        pytest.fail(f"golden file {expected_path.relative_to(ROOT)} is missing; run `make golden` and review it")
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "now", n=2))
        pytest.fail(f"{name} differs from its golden file (run `make golden` if intended):\n{diff}")


def test_no_stale_golden_files():
    stale = sorted(p.name for p in GOLDEN.glob("*") if p.name not in PAGES)
    assert stale == [], f"golden files without a seed: {stale}"
