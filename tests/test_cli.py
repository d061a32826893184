"""The command line as a contributor and a maintainer use it, on real seeds and broken ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

EXPORT_KEYS = {"id", "seed", "format", "title", "date", "date_source", "source", "source_url", "topics", "summary", "key_points", "body", "story", "warnings"}
WORDPRESS_SEED = "001_1943ce3d778c08c8.txt"


def briefing(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the bundled seeds a test may break."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_export_has_the_documented_keys():
    run = briefing("export")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == 5
    for record in records:
        assert EXPORT_KEYS <= record.keys()
        assert record["seed"] == f"content/seeds/{record['id']}.txt"
        assert record["date"] is None or len(record["date"]) == 10
    wordpress = next(r for r in records if r["format"] == "wordpress")
    assert (wordpress["date"], wordpress["date_source"]) == ("2026-04-03", "wordpress:date_gmt")


def test_export_is_documented():
    schema = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for key in EXPORT_KEYS:
        assert f"`{key}`" in schema, key


def test_check_names_a_truncated_seed_and_still_reads_the_others(seeds: Path):
    broken = seeds / "005_truncated0000000.txt"
    broken.write_text((seeds / WORDPRESS_SEED).read_text(encoding="utf-8")[:3000], encoding="utf-8")
    (seeds / "006_empty00000000000.txt").write_bytes(b"")
    run = briefing("check", "--seeds", str(seeds))
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, run.stderr
    assert errors[0].startswith(f"{broken}:3: error: invalid JSON")
    assert errors[1] == f"{seeds / '006_empty00000000000.txt'}: error: file is empty or only whitespace"
    for seed_id in ("000_859474fb1193ba83", "004_847b377ac006ce48"):
        assert seed_id in run.stdout


def test_check_github_format_prints_annotations(seeds: Path):
    (seeds / "007_binary0000000000.txt").write_bytes(b"\x00\x01\x02binary")
    run = briefing("check", "--format", "github", "--seeds", str(seeds))
    assert run.returncode == 1
    assert f"::error file={seeds / '007_binary0000000000.txt'}::binary file (NUL bytes); a seed must be text" in run.stdout


def test_check_of_named_paths_only(seeds: Path):
    run = briefing("check", str(seeds / WORDPRESS_SEED))
    assert run.returncode == 0, run.stderr
    assert "001_1943ce3d778c08c8 (wordpress" in run.stdout
    assert "000_859474fb1193ba83" not in run.stdout


def test_strict_fails_on_warnings_with_counts(seeds: Path):
    latin1 = "Tokyo data centre opens\n\nThe new data centre in Tōkyō cost ¥1.5 trillion, the operator said on Monday.\n"
    (seeds / "008_latin1000000000.txt").write_bytes(latin1.replace("ō", "o").encode("latin-1"))
    run = briefing("check", "--strict", "--seeds", str(seeds))
    assert run.returncode == 1
    assert "warning: not UTF-8" in run.stderr
    assert "FAILED: 6 articles, 0 errors, 1 warnings" in run.stderr


def test_generate_publishes_good_seeds_beside_a_bad_one(seeds: Path, tmp_path: Path):
    (seeds / "009_bad0000000000000.txt").write_text("   \n\n  ", encoding="utf-8")
    docs = tmp_path / "docs"
    run = briefing("generate", "--seeds", str(seeds), "--docs-dir", str(docs))
    assert run.returncode == 1
    assert sorted(p.name for p in (docs / "articles").iterdir()) == sorted(f"{p.stem}.md" for p in SEEDS.glob("*.txt"))
    strict = briefing("generate", "--strict", "--seeds", str(seeds), "--docs-dir", str(tmp_path / "strict"))
    assert strict.returncode == 1
    assert not (tmp_path / "strict").exists()


def test_override_sets_fields_and_names_its_mistakes(seeds: Path):
    override = seeds / "000_859474fb1193ba83.yml"
    override.write_text("date: 2026-04-02\nsource_url: https://www.darkreading.com/example\n", encoding="utf-8")
    record = next(json.loads(line) for line in briefing("export", "--seeds", str(seeds)).stdout.splitlines() if line.startswith('{"id": "000'))
    assert (record["date"], record["date_source"]) == ("2026-04-02", "override")
    assert record["source_url"] == "https://www.darkreading.com/example"
    override.write_text("titel: Wrong\ntopics: [sovereign-aii]\n", encoding="utf-8")
    run = briefing("check", "--seeds", str(seeds))
    assert run.returncode == 1
    assert f"{override}:1: error: unknown key 'titel'; did you mean 'title'?" in run.stderr
    assert "unknown topic 'sovereign-aii'; did you mean 'sovereign-ai'?" in run.stderr


def test_missing_seed_folder_is_a_usage_error(tmp_path: Path):
    run = briefing("export", "--seeds", str(tmp_path / "nope"))
    assert run.returncode == 2
    assert "no such folder" in run.stderr
