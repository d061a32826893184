"""Maintainers' corrections: `<article id>.yml` beside a seed sets or fixes any field.

Overrides win over everything a reader or stage found, are validated (unknown keys
get a did-you-mean, unknown topics are errors) and show as `override` in the
article's provenance.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import Article, Problem, with_origin
from .seeds import OVERRIDE_SUFFIXES
from .readers.markdown import parse_date
from .seeds import SEED_ID
from .textutil import clean_text, safe_url
from .yamlio import YamlError, load_yaml

FIELDS = ("title", "date", "source", "source_url", "author", "topics", "summary", "key_points", "story")


class OverrideError(Exception):
    """An override file that cannot be applied, as problems naming the file and line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def override_path(seeds_dir: Path, article_id: str) -> Path:
    return seeds_dir / f"{article_id}.yml"


def _field_values(data: dict[str, Any], topic_ids: set[str], fail) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in ("title", "source", "author", "summary", "story"):
        if key in data:
            if not isinstance(data[key], str) or not clean_text(data[key]):
                fail(f"{key!r} must be non-empty text")
            else:
                values[key] = clean_text(data[key])
    if "story" in values and not SEED_ID.match(values["story"]):
        # A story id names its page (stories/<id>/), so it must be safe as a file name.
        fail(f"'story' {values['story']!r} must be letters, digits, '_', '-' and '.' (for example microsoft-japan-2026)")
    if "date" in data:
        parsed = parse_date(data["date"])
        if parsed is None:
            fail(f"'date' {data['date']!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        else:
            values["date"], values["date_precision"] = parsed
    if "source_url" in data:
        url = safe_url(data["source_url"])
        if url is None:
            fail("'source_url' must be an absolute http(s) URL")
        values["source_url"] = url
    for key in ("topics", "key_points"):
        if key in data:
            items = data[key]
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                fail(f"{key!r} must be a list of text")
                continue
            values[key] = tuple(clean_text(i) for i in items)
    for topic in values.get("topics", ()):
        if topic not in topic_ids:
            hint = difflib.get_close_matches(topic, sorted(topic_ids), n=1)
            fail(f"unknown topic {topic!r}" + (f"; did you mean {hint[0]!r}?" if hint else f"; known: {', '.join(sorted(topic_ids))}"))
    return values


def apply_override(article: Article, path: Path, topic_ids: set[str]) -> Article:
    """The article with the override file's fields set, or unchanged if there is no file."""
    if not path.is_file():
        return article
    problems: list[Problem] = []
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (YamlError, UnicodeDecodeError) as exc:
        raise OverrideError([Problem(str(path), "error", getattr(exc, "message", str(exc)), getattr(exc, "line", None))]) from None
    if data is None:
        return article
    if not isinstance(data, dict):
        raise OverrideError([Problem(str(path), "error", "an override must be a mapping of field: value", 1)])
    line = getattr(data, "line", None)

    def fail(message: str) -> None:
        problems.append(Problem(str(path), "error", message, line))

    for key in data:
        if key not in FIELDS:
            hint = difflib.get_close_matches(str(key), FIELDS, n=1)
            fail(f"unknown key {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(FIELDS)}"))
    values = _field_values(data, topic_ids, fail)
    if problems:
        raise OverrideError(problems)
    origins = {key: "override" for key in values if key != "date_precision"}
    if "topics" in values:
        values["topic_scores"] = ()
    return replace(article, **values, provenance=with_origin(article.provenance, **origins))


def orphan_overrides(seeds_dir: Path, ids: set[str | None]) -> list[Problem]:
    """Sidecars that no article will read: a typo in the name, a deleted seed, `.yaml`."""
    problems = []
    for path in sorted(seeds_dir.iterdir()):
        if path.suffix.lower() not in OVERRIDE_SUFFIXES or path.name.startswith("."):
            continue
        if path.suffix != ".yml":
            problems.append(Problem(str(path), "warning", f"override sidecars end in .yml; rename it to {path.stem}.yml or it is ignored"))
        elif path.stem not in ids:
            problems.append(Problem(str(path), "warning", f"override for no article: no seed or article has the id {path.stem!r}"))
    return problems
