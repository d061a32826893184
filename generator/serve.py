"""Live preview: MkDocs's dev server on the generated pages, regenerated when a seed,
a curated file or a template changes (MkDocs then reloads the browser).

After a regeneration MkDocs rebuilds "dirty": only the pages whose Markdown is newer
than their HTML, which regeneration makes exactly the changed ones (it keeps the
files of unchanged pages, `output.py`). At 1,000 seeds that takes MkDocs about 0.6 s
against 13 s for the whole site (`python -m benchmarks` measures both parts of the
wait, generation and MkDocs). A dirty rebuild cannot see a change of `mkdocs.yml` or
the theme overrides, which every page shows, so those rebuild the whole site. The
preview's search index is MkDocs's own, not the published build's trimmed one.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from .build import generate
from .config import Settings
from .output import remove_tree
from .report import format_problem

POLL_SECONDS = 0.5


def _snapshot(paths: list[Path]) -> dict[Path, float]:
    """Each file's modification time, for files given and files under folders given."""
    found = {}
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            try:
                if file.is_file():
                    found[file] = file.stat().st_mtime
            except FileNotFoundError:  # an editor's scratch file, gone already
                pass
    return found


class _QuietDirty(logging.Filter):
    """Drops MkDocs's warning at each dirty build that navigation and links may be wrong:
    the nav is fixed and every page whose Markdown changed is rebuilt, listings included."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _regenerate(settings: Settings) -> None:
    started = time.perf_counter()
    result = generate(settings)
    for problem in result.problems:
        if problem.level != "info":
            print(format_problem(problem), file=sys.stderr)
    print(f"briefing: regenerated {len(result.articles)} articles in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _watch(settings: Settings, lock: threading.Lock, stop: threading.Event) -> None:
    folders = [settings.seeds_dir, settings.content_dir, settings.templates_dir]
    seen = _snapshot(folders)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(folders)
        if now != seen:
            seen = now
            try:
                with lock:
                    _regenerate(settings)
            except Exception as exc:  # keep serving; the next save may fix it
                print(f"briefing: regeneration failed: {exc!r}", file=sys.stderr)


class Preview:
    """Builds the served copy of the site, the least that shows every change."""

    def __init__(self, settings: Settings, dev_addr: str, site_dir: Path, lock: threading.Lock):
        self.settings = settings
        self.dev_addr = dev_addr
        self.site_dir = site_dir
        self.lock = lock
        """Held while pages are generated or built: a page swapped in while MkDocs renders
        its old text would get HTML newer than its Markdown, and no dirty rebuild would see it."""
        self.theme: dict[Path, float] | None = None
        """`mkdocs.yml` and the theme overrides as the last build saw them."""
        self.pages: set[str] = set()
        """The site paths of the pages the last build had."""

    def config(self, serve_url: str | None = None):
        """MkDocs's configuration for the preview (a fresh one for each build, as MkDocs's own serve)."""
        from mkdocs.config import load_config

        settings = self.settings
        config = load_config(
            str(settings.mkdocs_config), docs_dir=str(settings.docs_dir.resolve()), site_dir=str(self.site_dir), dev_addr=self.dev_addr
        )
        if serve_url:
            config.site_url = serve_url
        return config

    def watched(self, config) -> list[Path]:
        """What a dirty rebuild cannot follow: the configuration and the theme overrides."""
        return [Path(config.config_file_path)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])

    def build(self, serve_url: str) -> None:
        """Rebuild the pages whose Markdown changed, or everything after a theme or config change;
        drop the pages of removed seeds."""
        from mkdocs.commands.build import build
        from mkdocs.structure.files import get_files

        config = self.config(serve_url)
        with self.lock:
            theme = _snapshot(self.watched(config))
            dirty = theme == self.theme
            if not dirty:
                # Material's search merges each dirty rebuild's entries into the index it kept
                # from the build before; a whole rebuild starts that index afresh.
                for plugin in config.plugins.values():
                    if hasattr(plugin, "search_index_prev"):
                        plugin.search_index_prev = None
            build(config, serve_url=serve_url, dirty=dirty)
            self.theme = theme
            pages = {file.dest_uri for file in get_files(config).documentation_pages()}
        for gone in sorted(self.pages - pages):
            (self.site_dir / gone).unlink(missing_ok=True)
        self.pages = pages


def serve(settings: Settings, dev_addr: str) -> int:
    """Generate once, then serve with live reload until interrupted."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.livereload import LiveReloadServer

    lock = threading.Lock()
    _regenerate(settings)
    site_dir = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    preview = Preview(settings, dev_addr, site_dir, lock)
    config = preview.config()
    host, port = config.dev_addr
    # Served under the same path as the published site, as MkDocs's own serve does.
    mount_path = "/" + "".join(f"{part}/" for part in urlsplit(config.site_url or "/").path.split("/") if part)
    serve_url = f"http://{host}:{port}{mount_path}"
    # Plugins get the same start-up as under `mkdocs serve --dirty` (Material's search
    # then keeps the entries of pages a dirty rebuild leaves alone).
    config.plugins.on_startup(command="serve", dirty=True)
    logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())
    server = LiveReloadServer(builder=lambda: preview.build(serve_url), host=host, port=port, root=str(site_dir), mount_path=mount_path)
    server.error_handler = lambda code: (site_dir / f"{code}.html").read_bytes() if (site_dir / f"{code}.html").is_file() else None
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(settings, lock, stop), daemon=True)
    try:
        preview.build(serve_url)
        # Regeneration swaps the docs dir; MkDocs's watcher sees the changed pages and rebuilds.
        for path in [settings.docs_dir.resolve(), *preview.watched(config)]:
            server.watch(str(path))
        watcher.start()
        print(f"briefing: serving on {serve_url}", file=sys.stderr)
        try:
            server.serve()
        except KeyboardInterrupt:
            print("briefing: stopped", file=sys.stderr)
        finally:
            server.shutdown()
    finally:
        stop.set()
        config.plugins.on_shutdown()
        remove_tree(site_dir)
    return 0
