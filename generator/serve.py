"""Live preview: MkDocs's dev server on the generated pages, regenerated when a seed,
a curated file or a template changes (MkDocs then reloads the browser)."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from .build import generate
from .config import Settings
from .report import format_problem

POLL_SECONDS = 0.5


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {
        path: path.stat().st_mtime
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _regenerate(settings: Settings) -> None:
    result = generate(settings)
    for problem in result.problems:
        if problem.level != "info":
            print(format_problem(problem), file=sys.stderr)
    print(f"briefing: regenerated {len(result.articles)} articles", file=sys.stderr)


def _watch(settings: Settings, stop: threading.Event) -> None:
    folders = [settings.seeds_dir, settings.content_dir, settings.templates_dir]
    seen = _snapshot(folders)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(folders)
        if now != seen:
            seen = now
            try:
                _regenerate(settings)
            except Exception as exc:  # keep serving; the next save may fix it
                print(f"briefing: regeneration failed: {exc!r}", file=sys.stderr)


def serve(settings: Settings, dev_addr: str) -> int:
    """Generate once, then serve with live reload until interrupted."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    _regenerate(settings)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(settings, stop), daemon=True)
    watcher.start()
    try:
        # MkDocs watches docs_dir itself; pointing it at the generated pages means every
        # regeneration (a swap of the folder) triggers its rebuild and browser reload.
        # A dirty rebuild renders only pages newer than their HTML, and regeneration
        # keeps the files of unchanged pages, so an edit reloads in seconds rather than
        # a full build's (`python -m benchmarks` measures both).
        mkdocs_serve(
            str(settings.mkdocs_config), dev_addr=dev_addr, livereload=True, build_type="dirty", docs_dir=str(settings.docs_dir.resolve())
        )
    finally:
        stop.set()
        time.sleep(0)
    return 0
