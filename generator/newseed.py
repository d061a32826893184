"""`briefing new`: file a pasted or saved article as a seed, named by the convention.

A seed is named `NNN_<16 hex>.<ext>`: the next sequence number, then the start of
the SHA-256 of its bytes (so the same article pasted twice is caught), with an
extension that says what the content is. A commented override sidecar is written
beside it, ready for a maintainer to correct a field.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import readers
from .seeds import SeedError, decode

_SEQUENCE = re.compile(r"(\d+)_")
EXTENSIONS = {"text": ".txt", "wordpress": ".json", "html": ".html", "markdown": ".md", "feed": ".xml"}

SIDECAR = """\
# Overrides for seed {seed}: uncomment a line to set that field.
# Every key is optional; `briefing check {path}` shows what was found without them.
# title: The headline as the publisher wrote it
# date: 2026-04-03            # publication date: YYYY-MM-DD, YYYY-MM or YYYY
# source: Publisher name      # see content/sources.yml for known publishers
# source_url: https://example.com/the-article
# author: Name
# topics: [sovereign-ai]      # ids from content/topics.yml
# summary: One to three sentences taken from the article.
# key_points: [First point, Second point, Third point]
# story: story-id             # join this article to another's story
"""


def next_sequence(seeds_dir: Path) -> int:
    """One more than the highest sequence number in use."""
    numbers = [int(m.group(1)) for p in seeds_dir.iterdir() if (m := _SEQUENCE.match(p.name))]
    return max(numbers, default=-1) + 1


def seed_name(data: bytes, sequence: int) -> str:
    """`NNN_<hash>.<ext>` for these bytes."""
    text, _ = decode(data)
    reader = next(r for r in readers.READERS if r.sniff(text))
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"{sequence:03d}_{digest}{EXTENSIONS[reader.FORMAT]}"


def add_seed(data: bytes, seeds_dir: Path) -> Path:
    """Write `data` as a new seed (and its commented sidecar) into `seeds_dir`."""
    if not data.strip():
        raise SeedError("nothing to add: the text is empty")
    digest = hashlib.sha256(data).hexdigest()[:16]
    for existing in sorted(seeds_dir.iterdir()):
        if f"_{digest}." in existing.name:
            raise SeedError(f"this exact text is already the seed {existing}")
    path = seeds_dir / seed_name(data, next_sequence(seeds_dir))
    path.write_bytes(data)
    sidecar = path.with_suffix(".yml")
    sidecar.write_text(SIDECAR.format(seed=path.name, path=path), encoding="utf-8")
    return path
