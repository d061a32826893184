"""MkDocs's build with its page loops on forked workers (`generator.site_cores`) against
MkDocs's own `build`: the same site byte for byte, the same warnings and errors."""

from __future__ import annotations

import filecmp
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import site_cores
from generator.build import generate
from generator.config import Settings
from generator.parallel import spread

from .conftest import ROOT, SEEDS
from .test_hostile import HOSTILE

DATA_SEEDS = ROOT / "tests" / "data" / "seeds"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated pages of the bundled, hostile and test-data seeds: article, index, story
    and topic pages, with seed text meant to break out of its place."""
    out = tmp_path_factory.mktemp("cores")
    seeds = out / "seeds"
    shutil.copytree(SEEDS, seeds)
    for folder in (HOSTILE, DATA_SEEDS):
        for path in folder.iterdir():
            if path.is_file():
                shutil.copy(path, seeds / path.name)
    generate(Settings(root=ROOT, seeds_dir=seeds, docs_dir=out / "docs", site_dir=out / "site"))
    return out / "docs"


@pytest.fixture
def every_page_spread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for a few dozen pages, and ranges of a page or two, so that results
    come back out of order and must be put back in place."""
    monkeypatch.setattr(site_cores, "MIN_PAGES", 1)
    monkeypatch.setenv("BRIEFING_JOBS", "2")


def config_of(docs: Path, site: Path, strict: bool = False, config_file: Path = ROOT / "mkdocs.yml"):
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return load_config(str(config_file), docs_dir=str(docs), site_dir=str(site), strict=strict)


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_site_is_mkdocs_own_byte_for_byte(docs, tmp_path, every_page_spread, monkeypatch):
    config = config_of(docs, tmp_path / "spread")
    assert site_cores.can_spread(config)
    ranges: list[int] = []

    def counting(*args, **kwargs):
        results = spread(*args, **kwargs)
        ranges.append(len(results))
        return results

    monkeypatch.setattr(site_cores, "spread", counting)
    site_cores.build(config)
    assert len(ranges) == 2 and min(ranges) > 2  # both loops, in many ranges on the workers
    mkdocs_build(config_of(docs, tmp_path / "mkdocs"))

    names = files_of(tmp_path / "mkdocs")
    assert len([n for n in names if n.startswith("articles/")]) == len(list((docs / "articles").glob("*.md"))) >= 15
    assert files_of(tmp_path / "spread") == names
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "mkdocs", tmp_path / "spread", names, shallow=False)
    assert (mismatch, errors) == ([], [])


def broken_anchor_docs(docs: Path, folder: Path) -> Path:
    """The generated pages plus a few that link to a heading the home page lacks."""
    shutil.copytree(docs, folder)
    for n in range(3):
        (folder / f"extra-{n}.md").write_text(f"# Extra {n}\n\nSee [the missing part](index.md#no-such-heading-{n}).\n", encoding="utf-8")
    return folder


def test_warnings_are_logged_once_in_page_order_and_fail_strict(docs, tmp_path, caplog, every_page_spread):
    broken = broken_anchor_docs(docs, tmp_path / "docs")
    caught = {}
    for name, run in (("mkdocs", mkdocs_build), ("spread", lambda config: site_cores.build(config))):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort) as raised:
            run(config_of(broken, tmp_path / name, strict=True))
        caught[name] = (str(raised.value), [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING])
    assert caught["spread"] == caught["mkdocs"]
    message, warnings = caught["spread"]
    assert message == "Aborted with 3 warnings in strict mode!"
    assert [w.split("'")[1] for w in warnings] == ["extra-0.md", "extra-1.md", "extra-2.md"]


def test_a_page_that_fails_in_a_worker_fails_the_build_as_in_mkdocs(docs, tmp_path, caplog, every_page_spread):
    broken = tmp_path / "docs"
    shutil.copytree(docs, broken)
    (broken / "odd.md").write_text("---\ntemplate: no-such-template.html\n---\n\n# Odd\n", encoding="utf-8")
    caught = {}
    for name, run in (("mkdocs", mkdocs_build), ("spread", lambda config: site_cores.build(config))):
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Exception) as raised:
            run(config_of(broken, tmp_path / name))
        caught[name] = (type(raised.value), [r.getMessage() for r in caplog.records])
    assert caught["spread"] == caught["mkdocs"]
    [message] = caught["spread"][1]
    assert message.startswith("Error building page 'odd.md': 'no-such-template.html' not found")


def test_plugins_it_does_not_know_get_mkdocs_own_build(docs, tmp_path, monkeypatch):
    """MkDocs's own search plugin keeps its entries elsewhere: the workers could not send
    them back, so that site is built by MkDocs alone."""
    monkeypatch.setenv("BRIEFING_JOBS", "2")
    assert site_cores.can_spread(config_of(docs, tmp_path / "site"))
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Plain\ntheme: mkdocs\nplugins:\n  - search\n", encoding="utf-8")
    config = config_of(docs, tmp_path / "site", config_file=config_file)
    assert not site_cores.can_spread(config)
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert not site_cores.can_spread(config_of(docs, tmp_path / "site"))
