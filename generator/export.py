"""The export record: the public JSON schema of an article (documented in docs/export.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .model import Article

SCHEMA_VERSION = 1


def export_record(article: Article) -> dict[str, Any]:
    """One article as a JSON-ready mapping, keys in a fixed order."""
    return {
        "id": article.id,
        "seed": article.seed,
        "format": article.format,
        "title": article.title,
        "date": article.date,
        "date_precision": article.date_precision,
        "date_source": article.origin("date") if article.date else None,
        "updated": article.updated,
        "source": article.source,
        "source_url": article.source_url,
        "author": article.author,
        "language": article.language,
        "credits": [{"name": c.name, "title": c.title or None} for c in article.credits],
        "topics": list(article.topics),
        "topic_scores": {tid: score for tid, score in article.topic_scores},
        "summary": article.summary,
        "key_points": list(article.key_points),
        "key_figures": [
            {"kind": f.kind, "text": f.text, "value": f.value, "unit": f.unit, "qualifier": f.qualifier or None,
             "measure": f.measure, "sentence": f.sentence}
            for f in article.key_figures
        ],
        "entities": [{"id": e.id, "name": e.name, "kind": e.kind, "mentions": e.count} for e in article.entities],
        "body": article.body,
        "story": article.story,
        "related": list(article.related),
        "timeline": {"date": article.timeline_date, "date_source": article.origin("timeline_date")} if article.timeline_date else None,
        "warnings": list(article.warnings),
        "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
        "provenance": dict(article.provenance),
    }


def record_line(article: Article) -> str:
    """One article's record on one line, as `to_jsonl` and `briefings.json` (`json_document`) hold it."""
    return json.dumps(export_record(article), ensure_ascii=False, sort_keys=False)


def to_jsonl(articles: tuple[Article, ...] | list[Article]) -> str:
    """JSON Lines: one record per article, UTF-8 kept readable."""
    return "".join(record_line(a) + "\n" for a in articles)


def record_bytes(article: Article) -> bytes:
    """`record_line` in UTF-8, as `json_document` joins it."""
    return record_line(article).encode("utf-8")


def json_document(lines: Sequence[bytes | memoryview], site_url: str) -> bytes:
    """`{"schema_version", "site_url", "articles": [record, ...]}` in UTF-8 from the records'
    `record_bytes`, one record per line. Not pretty-printed: Python's indenting encoder is
    pure Python and took a second per thousand articles, the compact one is C. Joined as
    bytes: at 10,000 seeds the document is 90 MB, and one emoji in it made the joined text
    four bytes a character (a second to join and encode, a tenth of that as bytes)."""
    head = json.dumps({"schema_version": SCHEMA_VERSION, "site_url": site_url}, ensure_ascii=False)[:-1].encode("utf-8")
    if not lines:
        return head + b', "articles": []}\n'
    return b"".join((head, b', "articles": [\n', b",\n".join(lines), b"\n]}\n"))


def document_records(document: bytes) -> list[memoryview]:
    """The records `json_document` joined into `document`, as they were given: each is
    one line (JSON escapes a newline in a string), all but the last followed by a comma.
    Each is a view of the document's bytes, not a copy: splitting and cutting the 90 MB
    of 11,000 records copied them twice (0.13 s of an edit, against 0.01 s)."""
    ends = []
    at = document.find(b"\n")
    while at >= 0:
        ends.append(at)
        at = document.find(b"\n", at + 1)
    # Lines: the head, one a record, "]}", and an empty one after the last newline.
    if len(ends) < 3 or not document.endswith(b"\n]}\n"):
        return []
    view = memoryview(document)
    last = len(ends) - 2
    return [view[ends[k - 1] + 1:ends[k] - (k < last)] for k in range(1, last + 1)]
