"""Retake the README's screenshots (docs/home.png, docs/article.png) from a fresh build
of the bundled seeds, in Debian's chromium, at a laptop's window size.

    python -m benchmarks.readme_screenshots [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHOTS = {"home.png": "", "article.png": "articles/001_1943ce3d778c08c8/"}
WINDOW = {"width": 1280, "height": 760}  # wide enough for the navigation tabs


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from playwright.sync_api import sync_playwright

    from generator.build import build
    from generator.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        build(Settings(root=ROOT, docs_dir=Path(tmp) / "docs", site_dir=Path(tmp) / "site", strict=True))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(Path(tmp) / "site")))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport=WINDOW)
            for name, path in SHOTS.items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(ROOT / "docs" / name))
                print(f"docs/{name}: {(ROOT / 'docs' / name).stat().st_size // 1024} KB")
            browser.close()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
