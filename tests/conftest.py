"""Shared fixtures: the project root, the bundled seeds, the shared benchmark data,
a Chromium for browser tests, and the `--update-golden` flag."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "content" / "seeds"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def require_shared(*parts: str) -> Path:
    """A path under ../shared/, or skip when it is missing (a user's fresh clone); never skip in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing, and CI always has ../shared/")
        pytest.skip(f"{path} is not here (only developers and CI have ../shared/)")
    return path


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, or skip (fail in CI, where .ci/run installs it)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if IN_CI:
            pytest.fail("chromium is not installed; .ci/run installs it in CI")
        pytest.skip("browser test skipped: Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the five bundled seeds, built once for the session with --strict."""
    from generator.build import build
    from generator.config import Settings

    out = tmp_path_factory.mktemp("built")
    settings = Settings(root=ROOT, docs_dir=out / "docs", site_dir=out / "site", strict=True)
    result = build(settings)
    assert result.count("error") == 0, [str(p) for p in result.problems]
    return out


@pytest.fixture(scope="session")
def seed_articles():
    """The five bundled seeds run through the whole per-article pipeline, by their three-digit prefix."""
    from generator.build import collect
    from generator.config import Settings
    from generator.curated import load_curated

    settings = Settings(root=ROOT)
    curated, problems = load_curated(settings.content_dir)
    assert problems == []
    return {a.id[:3]: a for a in collect(settings, curated).articles}


@pytest.fixture(scope="session")
def curated():
    """The curated data in content/."""
    from generator.curated import load_curated

    data, problems = load_curated(ROOT / "content")
    assert problems == []
    return data
