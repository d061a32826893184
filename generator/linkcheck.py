"""Every internal link of a built site resolves: pages, assets, feeds and #anchors.

MkDocs validates the links of Markdown pages; this checks what it cannot see:
links written as HTML (the coverage chart's), the theme's `<link>` and
`<script>` references, `<link rel="alternate">` feeds, fragments, and the
absolute links inside the feeds and the sitemap, read back as site paths.
Run it on a built site: `python -m generator.linkcheck site http://127.0.0.1:8000/`.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


class _Page(HTMLParser):
    """The references and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        ref = attrs.get(_ATTRS.get(tag, ""))
        if ref:
            self.refs.append(ref)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, path: str) -> Path | None:
    """The file a site-absolute path serves, or None."""
    target = site / unquote(path).lstrip("/")
    if target.is_file():
        return target
    if (target / "index.html").is_file():
        return target / "index.html"
    return None


def _feed_links(site: Path) -> list[tuple[str, str]]:
    """(file, absolute link) pairs from the feeds and the sitemap."""
    links = []
    for feed in sorted(site.glob("feed*.xml")) + [site / "sitemap.xml"]:
        if feed.is_file():
            for element in ET.parse(feed).iter():
                if element.tag in ("link", "loc", "guid", "{http://www.sitemaps.org/schemas/sitemap/0.9}loc") and element.text:
                    links.append((feed.name, element.text.strip()))
    for feed in sorted(site.glob("feed*.json")):
        document = json.loads(feed.read_text(encoding="utf-8"))
        links += [(feed.name, document["home_page_url"]), (feed.name, document["feed_url"])]
        links += [(feed.name, item["url"]) for item in document["items"]]
    return links


def check_links(site: Path, site_url: str) -> list[str]:
    """Broken internal links of the site in `site`, as `file -> link` lines."""
    broken: list[str] = []
    pages: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in pages:
            pages[path] = _parse(path)
        return pages[path]

    for html_file in sorted(site.rglob("*.html")):
        base = "/" + html_file.relative_to(site).as_posix()
        for ref in page(html_file).refs:
            parts = urlsplit(urljoin(base, ref))
            if parts.scheme or parts.netloc:
                continue
            target = _target(site, parts.path)
            if target is None:
                broken.append(f"{html_file.relative_to(site)} -> {ref}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page(target).ids:
                broken.append(f"{html_file.relative_to(site)} -> {ref} (no such anchor)")
    for name, link in _feed_links(site):
        if not link.startswith(site_url) or _target(site, "/" + link[len(site_url):]) is None:
            broken.append(f"{name} -> {link}")
    return broken


def main(argv: list[str]) -> int:
    """`python -m generator.linkcheck SITE_DIR SITE_URL`: print broken links, exit 1 if any."""
    if len(argv) != 2:
        print("usage: python -m generator.linkcheck SITE_DIR SITE_URL", file=sys.stderr)
        return 2
    broken = check_links(Path(argv[0]), argv[1])
    for line in broken:
        print(f"{argv[0]}: error: broken link: {line}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
