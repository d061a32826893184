"""Does Zensical build the same site as MkDocs from our pages? A report, never a gate.

Zensical (from Material's authors) reads mkdocs.yml and is the announced
successor of Material for MkDocs; keeping every custom step in the generator
is meant to keep that exit open. This builds the generated pages with both
engines and prints what differs: pages present in one site only, and pages
whose title, header, article sections, preview tags or links differ. It also
prints each engine's build time. Exit status 0 whatever it finds (use --strict
to fail on a difference); skipped with a note when `zensical` is not installed
(`pip install zensical`, kept out of the project's dependencies on purpose).

    python -m benchmarks.compare_zensical [--zensical PATH] [--strict]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class _Summary(HTMLParser):
    """What a reader and a link preview get from a page, engine-independent."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1 = ""
        self.sections: list[str] = []
        self.meta: list[str] = []
        self.links: set[str] = set()
        self.jsonld = 0
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("title", "h1") or (tag == "h2" and attrs.get("id")):
            self._in = tag
            if tag == "h2":
                self.sections.append(attrs["id"])
        if tag == "meta" and (attrs.get("property") or "").startswith(("og:", "article:")):
            self.meta.append(f"{attrs['property']}={attrs.get('content')}")
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self.jsonld += 1
        if tag == "a" and attrs.get("href") and "/articles/" in "/" + attrs["href"]:
            self.links.add(re.sub(r"^(\.\./)+", "", attrs["href"]))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data

    def key(self) -> tuple:
        return (self.title.strip(), self.h1.strip(), tuple(self.sections), tuple(self.meta), tuple(sorted(self.links)), self.jsonld)


def _pages(site: Path) -> dict[str, tuple]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        summary = _Summary()
        summary.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = summary.key()
    return pages


def _mkdocs(docs: Path, out: Path) -> float:
    from generator.config import Settings
    from generator.site import build_site

    start = time.perf_counter()
    build_site(Settings(root=ROOT, docs_dir=docs, site_dir=out))
    return time.perf_counter() - start


def _zensical(zensical: str, docs: Path, work: Path) -> tuple[float, Path]:
    # Zensical wants docs_dir inside the folder of its config file: build a copy there.
    shutil.copytree(docs, work / "docs")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(re.sub(r"(?m)^docs_dir: .*$", "docs_dir: docs", config), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([zensical, "build", "-f", str(work / "mkdocs.yml")], cwd=work, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, work / "site"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    beside = Path(sys.executable).parent / "zensical"  # installed in this venv: `make compare-zensical`
    default = os.environ.get("ZENSICAL") or (str(beside) if beside.exists() else shutil.which("zensical"))
    parser.add_argument("--zensical", default=default, help="the zensical command")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the sites differ")
    args = parser.parse_args(argv)
    if not args.zensical:
        print("zensical comparison skipped: zensical is not installed (pip install zensical)")
        return 0
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator.build import generate
    from generator.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = generate(Settings(root=ROOT, docs_dir=work / "generated"))
        mkdocs_seconds = _mkdocs(work / "generated", work / "mkdocs-site")
        version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True).stdout.strip()
        try:
            zensical_seconds, zensical_site = _zensical(args.zensical, work / "generated", work / "zensical")
        except subprocess.CalledProcessError as exc:
            print(f"zensical {version}: build failed (exit {exc.returncode}):\n{exc.stdout}{exc.stderr}")
            return 1 if args.strict else 0
        ours, theirs = _pages(work / "mkdocs-site"), _pages(zensical_site)
    only_mkdocs, only_zensical = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
    differing = sorted(p for p in set(ours) & set(theirs) if ours[p] != theirs[p])
    print(f"articles: {len(result.articles)}")
    print(f"mkdocs:   {len(ours)} pages in {mkdocs_seconds:.2f} s")
    print(f"zensical: {len(theirs)} pages in {zensical_seconds:.2f} s ({version})")
    for label, paths in (("only in MkDocs's site", only_mkdocs), ("only in Zensical's site", only_zensical), ("different title, header, sections, previews or links", differing)):
        print(f"{label}: {len(paths)}")
        for path in paths:
            print(f"  {path}")
            if path in differing:
                for name, a, b in zip(("title", "h1", "sections", "meta", "links", "json-ld"), ours[path], theirs[path]):
                    if a != b:
                        print(f"    {name}: mkdocs={a!r} zensical={b!r}")
    same = not (only_mkdocs or only_zensical or differing)
    print("same pages" if same else "the sites differ")
    return 1 if args.strict and not same else 0


if __name__ == "__main__":
    sys.exit(main())
