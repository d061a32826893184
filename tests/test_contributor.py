"""A contributor's loop: `briefing new`, then `briefing check`'s verdict, duplicates included."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from generator.progress import Progress

from .conftest import SEEDS
from .test_cli import briefing

PASTED = (SEEDS / "003_5157529813325dba.txt").read_text(encoding="utf-8").replace("Tech Radar Pro\n\n", "", 1)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_new_names_the_seed_writes_a_sidecar_and_checks_it(seeds: Path, tmp_path: Path):
    article = tmp_path / "pasted.txt"
    article.write_text(PASTED, encoding="utf-8")
    run = briefing("new", str(article), "--seeds", str(seeds))
    assert run.returncode == 0, run.stderr
    added = sorted(p for p in seeds.iterdir() if not (SEEDS / p.name).exists())
    assert [p.suffix for p in added] == [".txt", ".yml"]
    assert added[0].name.startswith("005_") and len(added[0].stem) == len("005_") + 16
    assert added[0].read_text(encoding="utf-8") == PASTED
    assert "# date: " in added[1].read_text(encoding="utf-8")
    assert "title:     Digital Sovereignty: Why Japan Fears Becoming" in run.stdout
    # The pasted text is the 003 article again: check says so, naming the other seed.
    assert f"text is 100% the same as {seeds / '003_5157529813325dba.txt'}" in run.stderr


def test_new_from_standard_input_and_twice_is_refused(seeds: Path):
    import subprocess
    import sys

    first = subprocess.run([sys.executable, "-m", "generator", "new", "-", "--seeds", str(seeds)], input=PASTED.encode(), capture_output=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([sys.executable, "-m", "generator", "new", "-", "--seeds", str(seeds)], input=PASTED.encode(), capture_output=True)
    assert again.returncode == 1
    assert b"-: error: this exact text is already the seed" in again.stderr


def test_new_names_a_wordpress_post_as_json(seeds: Path, tmp_path: Path):
    post = json.loads((SEEDS / "001_1943ce3d778c08c8.txt").read_text(encoding="utf-8"))
    post["link"] = "https://securis360.com/blog/another-post/"
    post["title"]["rendered"] = "Another post"
    source = tmp_path / "post.json"
    source.write_text(json.dumps(post), encoding="utf-8")
    run = briefing("new", str(source), "--seeds", str(seeds))
    assert run.returncode == 0, run.stderr
    assert len(list(seeds.glob("005_*.json"))) == 1
    assert "is 100% the same as" in run.stderr  # same body as 001, new link and title


def test_check_reports_the_same_source_url(seeds: Path):
    post = json.loads((SEEDS / "001_1943ce3d778c08c8.txt").read_text(encoding="utf-8"))
    post["content"]["rendered"] = "<p>Microsoft said on Friday that its investment in Japan would include new data centres in Tokyo and Osaka.</p>"
    copy = seeds / "005_0000000000000001.json"
    copy.write_text(json.dumps(post), encoding="utf-8")
    run = briefing("check", "--strict", str(copy), "--seeds", str(seeds))
    assert run.returncode == 1
    assert f"{copy}: warning: 005_0000000000000001: same source_url as {seeds / '001_1943ce3d778c08c8.txt'}" in run.stderr


def test_check_of_a_sidecar_checks_its_seed_and_orphans_are_named(seeds: Path):
    sidecar = seeds / "002_237d6dfd19c2d766.yml"
    sidecar.write_text("date: 2025-03-01\n", encoding="utf-8")
    run = briefing("check", str(sidecar), "--seeds", str(seeds))
    assert run.returncode == 0, run.stderr
    assert "date:      2025-03-01 [override]" in run.stdout
    orphan = seeds / "099_doesnotexist0000.yml"
    orphan.write_text("date: 2025-03-01\n", encoding="utf-8")
    run = briefing("check", str(orphan), "--seeds", str(seeds))
    assert run.returncode == 1
    assert f"{orphan}: error: override for a seed that does not exist" in run.stderr
    build = briefing("generate", "--seeds", str(seeds), "--docs-dir", str(seeds.parent / "docs"))
    assert f"{orphan}: warning: override for no seed: no article has this id" in build.stderr


def test_github_format_writes_a_job_summary(seeds: Path, tmp_path: Path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (seeds / "010_empty0000000000.txt").write_text("\n", encoding="utf-8")
    run = briefing("check", "--format", "github", "--seeds", str(seeds))
    assert run.returncode == 1
    report = summary.read_text(encoding="utf-8")
    assert report.startswith("## Seed check")
    assert "| 010_empty0000000000.txt" not in report  # paths are shown whole
    assert "file is empty or only whitespace" in report
    assert "| 001_1943ce3d778c08c8 | Microsoft $10 Billion Investment in Japan \\| AI & Cybersecurity Expansion 2026 |" in report


def test_progress_prints_a_few_plain_lines_off_a_terminal():
    stream = io.StringIO()
    progress = Progress(1000, "reading seeds", stream)
    for _ in range(1000):
        progress.step()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "reading seeds: 100/1000" and lines[-1] == "reading seeds: 1000/1000"
    assert len(lines) == 10
    quiet = io.StringIO()
    small = Progress(5, "reading seeds", quiet)
    small.step()
    assert quiet.getvalue() == ""


def test_check_of_one_seed_shows_the_story_the_site_will_show():
    run = briefing("check", "content/seeds/001_1943ce3d778c08c8.txt")
    assert run.returncode == 0, run.stderr
    assert "story:     000_859474fb1193ba83" in run.stdout
    assert "000_859474fb1193ba83 (text" not in run.stdout  # only the seed asked for is shown
