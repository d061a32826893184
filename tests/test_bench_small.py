"""The speed benchmark in its small form (200 seeds, one run), end to end, so it never rots.

It checks that the table is complete and that the figures are sane (a warm run
writes nothing, the trimmed search index is smaller than MkDocs's own, every
stage was timed); never how fast anything was.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.perf import SCENARIOS, STAGE_ORDER, PeakMemory, render_report, runs_table

from .conftest import ROOT, require_shared

SEEDS = 200
HTML_PAGES = 8


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    work = tmp_path_factory.mktemp("bench")
    figures = work / "figures.json"
    command = [sys.executable, "-m", "benchmarks", "--seeds", str(SEEDS), "--runs", "1", "--html-limit", str(HTML_PAGES), "--work", str(work), "--json", str(figures)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, json.loads(figures.read_text(encoding="utf-8"))


def test_the_table_names_every_scenario_stage_and_goal(bench):
    table, figures = bench
    for _, label in SCENARIOS:
        assert f"| {label} |" in table
    for stage in STAGE_ORDER:
        assert f"| {stage} |" in table
    for goal in figures["goals"]:
        assert f"| {goal['goal']} | {goal['measured']} |" in table
    assert not re.search(r"\b(?:nan|inf)\b", table, re.IGNORECASE)


def test_each_run_is_listed_in_order(bench):
    """The table of each run's figure (printed when there are several): one run here, the median."""
    _, figures = bench
    table = runs_table(figures["sizes"])
    (size,) = figures["sizes"]
    for name, label in SCENARIOS:
        (wall,) = size["scenarios"][name]["walls"]
        assert wall == size["scenarios"][name]["wall"]
        assert f"| {label} | {wall:.2f} |" in table, name


def test_every_scenario_was_measured(bench):
    _, figures = bench
    (size,) = figures["sizes"]
    assert size["seeds"] == SEEDS and size["errors"] == 0
    assert size["articles"] >= SEEDS  # feeds hold several articles
    assert set(size["formats"]) >= {"text", "wordpress", "markdown", "feed"}
    for name, _ in SCENARIOS:
        measured = size["scenarios"][name]
        assert measured["runs"] == 1 and measured["wall"] > 0, name
        if not name.startswith("serve"):
            assert measured["cpu"] > 0 and measured["peak_mb"] > 0, name


def test_the_figures_are_sane(bench):
    _, figures = bench
    (size,) = figures["sizes"]
    scenarios, sizes = size["scenarios"], size["sizes"]
    assert scenarios["gen_cold"]["changed"] > size["articles"]  # every article page plus the index pages
    assert scenarios["gen_warm"]["changed"] == 0
    assert scenarios["build_warm"]["changed"] == 0
    # The changed or added article's page, and only the pages that show it: never all of them.
    for name in ("gen_changed", "gen_added"):
        assert 1 <= scenarios[name]["changed"] < scenarios["gen_cold"]["changed"] / 2, name
    assert 0 < sizes["search_bytes"] < sizes["search_untrimmed_bytes"]
    assert 0 < sizes["docs_bytes"] < sizes["site_bytes"]
    assert sizes["cache_bytes"] > 0


def test_every_stage_was_timed_and_none_counted_twice(bench):
    _, figures = bench
    cold, changed = figures["sizes"][0]["profile"], figures["sizes"][0]["profile_changed"]
    for profile in (cold, changed):
        assert profile["missing"] == []
        assert all(seconds >= 0 for seconds in profile["stages"].values())
        assert sum(profile["stages"].values()) <= profile["cpu_seconds"] * 1.01
    for stage in ("read", "extract+clean", "summarize", "classify", "render articles", "render index pages", "write", "cache"):
        assert cold["stages"][stage] > 0, stage
    # One changed seed: read and analysed again alone, so far less work than the cold run.
    assert 0 < changed["stages"]["summarize"] < cold["stages"]["summarize"]


def test_the_html_reader_is_timed_on_real_pages(bench):
    require_shared("benchmarks", "article-extraction", "html")
    _, figures = bench
    html = figures["html"]
    assert html["pages"] == HTML_PAGES
    for key in ("read_ms", "seed_ms"):
        assert 0 < html[key]["median"] <= html[key]["max"], key


def test_figures_from_the_bundled_text_alone_say_they_are_not_comparable(bench):
    # Without the BBC sample the seeds repeat five articles' sentences: stories grow huge
    # and feeds get duplicate entries, which once made an edit take 100 s instead of 2.
    require_shared("benchmarks", "bbc-summary", "articles")
    table, figures = bench
    assert "Not comparable" not in table
    alone = render_report({**figures, "corpus": ["bundled seeds"]})
    assert "**Not comparable**" in alone and "bbc-summary" in alone


FORKED = """
import os, time

def resident(megabytes):
    block = bytearray(megabytes << 20)  # no copy on the way: the peak is the block
    block[::4096] = b"x" * (megabytes << 8)  # a byte on every page, so each is resident
    return block

held = resident(150)  # shared with the worker, which never writes to it
if os.fork() == 0:
    time.sleep(1.5)
    os._exit(0)
time.sleep(0.3)
own = resident(50)  # the main process's own
os.wait()
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="no /proc/PID/smaps_rollup here: the benchmark falls back to resident memory")
def test_peak_memory_counts_pages_a_forked_worker_shares_once():
    """Each process's resident memory counts those 150 MB: 350 MB in all. Held at once
    were 200 MB."""
    process = subprocess.Popen([sys.executable, "-c", FORKED])
    memory = PeakMemory(process.pid)
    memory.INTERVAL = 0.1
    memory.start()
    process.wait()
    peak_mb = (memory.stop() or 0) / 1024
    assert 190 < peak_mb < 260, peak_mb


def _child_generate(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess:
    out = tmp_path / "report.json"
    command = [sys.executable, "-m", "benchmarks.child", "generate", "--seeds", str(ROOT / "content" / "seeds"), "--docs", str(tmp_path / "docs"),
               "--site", str(tmp_path / "site"), "--out", str(out), *flags]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _records(tmp_path: Path) -> list[dict]:
    """The export's record of each article: every field a stage sets."""
    return json.loads((tmp_path / "docs" / "briefings.json").read_text(encoding="utf-8"))["articles"]


def test_the_child_without_analysis_stages_switches_just_those_off(tmp_path: Path):
    """`--without` (the benchmark's figures with analysis stages off) swaps each named stage
    for one that changes nothing; the child exits at once, its report written whole."""
    done = _child_generate(tmp_path / "all")
    assert done.returncode == 0, done.stderr[-3000:]
    whole = _records(tmp_path / "all")
    assert all(r["summary"] and r["key_points"] and r["topics"] for r in whole) and any(r["story"] for r in whole)

    done = _child_generate(tmp_path / "bare", "--without", "stories,summary,topics")
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads((tmp_path / "bare" / "report.json").read_text(encoding="utf-8"))["articles"] == 5
    bare = _records(tmp_path / "bare")
    assert [r["id"] for r in bare] == [r["id"] for r in whole]
    assert not any(r["story"] or r["related"] or r["summary"] or r["key_points"] or r["topics"] for r in bare)
    assert [r["key_figures"] for r in bare] == [r["key_figures"] for r in whole]  # findings were left on
    assert any(r["key_figures"] for r in bare)
    assert [p.name for p in (tmp_path / "bare" / "docs" / "stories").glob("*.md")] == ["index.md"]  # no story page


def test_the_child_refuses_a_stage_it_cannot_switch_off(tmp_path: Path):
    done = _child_generate(tmp_path, "--without", "stories,typo")
    assert done.returncode == 2 and "no stage typo; choose among stories, summary, findings, topics" in done.stderr
