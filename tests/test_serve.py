"""`briefing serve` on a copy of the project, as a contributor uses it: the served pages
follow seed edits (a rebuild of the changed pages only), theme edits (every page) and
removed seeds. Waits are generous and only bound a hang; speed is the benchmark's job."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

WAIT = 300  # seconds before a change that never shows is a failure


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def _until(condition, what: str, process: subprocess.Popen, log: Path) -> None:
    started = time.monotonic()
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"briefing serve stopped while waiting for {what}:\n{log.read_text(errors='replace')[-3000:]}")
        if time.monotonic() - started > WAIT:
            pytest.fail(f"briefing serve never showed {what}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project's configuration, theme overrides, curated files, templates and seeds."""
    root = tmp_path / "project"
    for name in ("content", "overrides", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_serve_follows_seed_theme_and_removal(project: Path, tmp_path: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "serve.log"
    env = {**os.environ, "TMPDIR": str(scratch), "NO_MKDOCS_2_WARNING": "1"}
    texts = [p for p in sorted((project / "content" / "seeds").glob("*.txt")) if not p.read_text(encoding="utf-8").startswith(("{", "[", "---", "<"))]
    edited, other = texts[0], texts[1]
    page = f"http://127.0.0.1:{port}/articles/{{}}/"
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=output, env=env)
        try:
            _until(lambda: _get(page.format(edited.stem))[0] == 200, "the first build", process, log)

            marker = "The review panel published its findings on the marker day."
            with edited.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{marker}\n")
            _until(lambda: marker in _get(page.format(edited.stem))[1], "the edited seed's new sentence", process, log)

            main = project / "overrides" / "main.html"
            main.write_text(main.read_text(encoding="utf-8").replace("{{ super() }}", '{{ super() }}\n  <meta name="preview-check" content="theme-edited">', 1), encoding="utf-8")
            # A page whose Markdown did not change is rebuilt too: the theme is on every page.
            _until(lambda: "theme-edited" in _get(page.format(other.stem))[1], "the theme edit on another page", process, log)
            assert marker in _get(page.format(edited.stem))[1]
            # The whole rebuild's search index holds each section once, the edited one new.
            locations = [doc["location"] for doc in json.loads(_get(f"http://127.0.0.1:{port}/search/search_index.json")[1])["docs"]]
            assert len(locations) == len(set(locations))
            assert any(doc["location"].startswith(f"articles/{edited.stem}/") and marker in doc["text"] for doc in json.loads(_get(f"http://127.0.0.1:{port}/search/search_index.json")[1])["docs"])

            other.unlink()
            _until(lambda: _get(page.format(other.stem))[0] == 404, "the removed seed's page gone", process, log)
            assert other.stem not in _get(f"http://127.0.0.1:{port}/")[1]
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 0, log.read_text(errors="replace")[-3000:]
    assert list(scratch.iterdir()) == []  # the served copy is removed on exit


def test_watcher_skips_a_file_deleted_between_listing_and_reading(tmp_path: Path, monkeypatch):
    from generator.serve import _snapshot

    (tmp_path / "seed.txt").write_text("text", encoding="utf-8")
    listed = Path.rglob
    # An editor's scratch file: listed, then gone before its time is read.
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: [*listed(self, pattern), self / ".seed.txt.swp"])
    monkeypatch.setattr(Path, "is_file", lambda self: True)
    assert list(_snapshot([tmp_path])) == [tmp_path / "seed.txt"]
