"""Readers: one module per seed format, picked by sniffing the content, not the extension.

Each module has `sniff(text) -> bool` and `read(seed) -> list[Article]` (a feed or a
list of WordPress posts holds several articles, each with the seed's id and a
suffix of its own). The order below is the order of
sniffing: the most specific formats first, plain text last since it takes anything.
"""

from __future__ import annotations

from ..model import Article, Seed
from . import feed, html, jsonfeed, markdown, text, wordpress

# JSON Feed before WordPress: the WordPress reader takes (and refuses) any other JSON.
READERS = (jsonfeed, wordpress, feed, html, markdown, text)


def read(seed: Seed) -> list[Article]:
    """All articles in `seed`, read by the first reader that recognises its content."""
    reader = next(r for r in READERS if r.sniff(seed.text))
    return reader.read(seed)
