"""Maintainers' corrections: `<article id>.yml` beside a seed sets or fixes any field.

Overrides win over everything a reader or stage found, are validated (unknown keys
get a did-you-mean, unknown topics are errors) and show as `override` in the
article's provenance. A Markdown seed's front matter is validated by the same
`parse_fields`, so a contributor and a maintainer can set the same fields.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .dates import parse_partial
from .model import Article, Problem, with_origin
from .seeds import SEED_ID
from .yamlio import YamlError, load_yaml

FIELDS = ("title", "date", "updated", "source", "source_url", "author", "language", "description", "topics", "summary", "key_points", "story")
TEXT_FIELDS = ("title", "source", "author", "description", "summary", "story")
LIST_FIELDS = ("topics", "key_points")
CLEARABLE = ("date", "updated", "source", "source_url", "author", "language", "description", "story")
"""Fields a maintainer may set to null: "this value is wrong and the right one is unknown"."""
# Names contributors reach for that are another field here, for the did-you-mean.
SYNONYMS = {
    "publisher": "source", "site": "source", "site_name": "source", "url": "source_url", "link": "source_url",
    "canonical": "source_url", "tags": "topics", "categories": "topics", "headline": "title", "published": "date",
    "modified": "updated", "excerpt": "description", "lang": "language", "byline": "author",
}


@dataclass(frozen=True)
class FieldError:
    """One invalid field, with the line of its key when it can be found."""

    message: str
    line: int | None = None
    unknown_key: bool = False
    """The key is not a field (a typo, or another tool's front matter), rather than a bad value."""


class OverrideError(Exception):
    """An override file that cannot be applied, as problems naming the file and line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def override_path(seeds_dir: Path, article_id: str) -> Path:
    """The article's sidecar: `<id>.yml`, or `<id>.yaml` when only that one exists."""
    path = seeds_dir / f"{article_id}.yml"
    other = path.with_suffix(".yaml")
    return other if other.is_file() and not path.is_file() else path


def did_you_mean(key: str, allowed: tuple[str, ...]) -> str:
    """"; did you mean 'x'?" for a misspelt or synonymous key, else the allowed keys."""
    hint = SYNONYMS.get(key.lower()) or next(iter(difflib.get_close_matches(key, allowed, n=1)), None)
    return f"; did you mean {hint!r}?" if hint else f"; allowed: {', '.join(allowed)}"


def key_line(text: str, key: str, default: int | None) -> int | None:
    """The line of a top-level `key:` in YAML text (1-based), else `default`."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else default


def unknown_topic(topic: str, topic_ids: set[str]) -> str:
    hint = difflib.get_close_matches(topic, sorted(topic_ids), n=1)
    return f"unknown topic {topic!r}" + (f"; did you mean {hint[0]!r}?" if hint else f"; known: {', '.join(sorted(topic_ids))}")


def _value(key: str, raw: Any) -> tuple[Any, str | None]:
    """(validated value, None) or (None, what is wrong with it)."""
    # The readers' text helpers (ftfy, lxml: 0.04 s to import) only where a value is read:
    # a build whose seeds are all cached lists its overrides but reads none.
    from .textutil import article_url, clean_text, language_code

    if raw is None:
        return (None, None) if key in CLEARABLE else (None, f"{key!r} cannot be empty")
    if key in ("date", "updated"):
        parsed = parse_partial(raw)
        return (parsed, None) if parsed else (None, f"{key!r} {raw!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    if key == "source_url":
        url = article_url(raw)
        return (url, None) if url else (None, "'source_url' must be the article's absolute http(s) URL (not a site's front page)")
    if key == "language":
        code = language_code(raw)
        return (code, None) if code else (None, f"'language' {raw!r} is not a language code (en, ja, pt-BR...)")
    if key in LIST_FIELDS:
        if not isinstance(raw, list) or not raw or not all(isinstance(i, str) and clean_text(i) for i in raw):
            return None, f"{key!r} must be a non-empty list of text"
        return tuple(clean_text(i) for i in raw), None
    if not isinstance(raw, str) or not clean_text(raw):
        return None, f"{key!r} must be non-empty text"
    if key == "story" and not SEED_ID.match(clean_text(raw)):
        # A story id names its page (stories/<id>/), so it must be safe as a file name.
        return None, f"'story' {raw!r} must be letters, digits, '_', '-' and '.' (for example microsoft-japan-2026)"
    return clean_text(raw), None


def parse_fields(data: dict[str, Any], text: str, topic_ids: set[str] | None, line_offset: int = 0) -> tuple[dict[str, Any], list[FieldError]]:
    """Validated field values from an override or front matter, and every error in it.

    `text` is the YAML the mapping came from, to point each error at its key's line;
    `topic_ids` None leaves checking topic ids against the taxonomy to the caller.
    """
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    default_line = getattr(data, "line", None)
    for key, raw in data.items():
        line = key_line(text, str(key), default_line)
        line = line + line_offset if line else None
        if key not in FIELDS:
            errors.append(FieldError(f"unknown key {key!r}{did_you_mean(str(key), FIELDS)}", line, unknown_key=True))
            continue
        value, problem = _value(key, raw)
        if problem:
            errors.append(FieldError(problem, line))
        elif key == "topics" and topic_ids is not None and any(t not in topic_ids for t in value):
            errors.extend(FieldError(unknown_topic(t, topic_ids), line) for t in value if t not in topic_ids)
        else:
            values[key] = value
    dates = values.get("date"), values.get("updated")
    if all(dates) and dates[1][0] < dates[0][0]:
        errors.append(FieldError(f"'updated' {dates[1][0]} is before 'date' {dates[0][0]}", key_line(text, "updated", default_line)))
    return values, errors


def apply_fields(article: Article, values: dict[str, Any], origin: str) -> Article:
    """The article with validated `values` set; `origin` (formatted with `{key}`) is each one's provenance."""
    changes = dict(values)
    if "date" in values:
        date = values["date"]
        changes["date"], changes["date_precision"] = date if date else (None, None)
    if "updated" in values:
        changes["updated"] = values["updated"][0] if values["updated"] else None
    if "topics" in values:
        changes["topic_scores"] = ()
    origins = {key: origin.format(key=key) for key in values}
    return replace(article, **changes, provenance=with_origin(article.provenance, **origins))


def _check_front_matter_topics(article: Article, topic_ids: set[str]) -> None:
    """Front matter names its topics before the taxonomy is known to the reader: check them here."""
    if (article.origin("topics") or "").startswith("front-matter"):
        unknown = [t for t in article.topics if t not in topic_ids]
        if unknown:
            raise OverrideError([Problem(article.seed, "error", f"front matter: {unknown_topic(t, topic_ids)}") for t in unknown])


def apply_override(article: Article, path: Path, topic_ids: set[str]) -> Article:
    """The article with the override file's fields set, or unchanged if there is no file."""
    _check_front_matter_topics(article, topic_ids)
    if not path.is_file():
        return article
    twin = path.with_suffix(".yaml" if path.suffix == ".yml" else ".yml")
    if twin.is_file():
        raise OverrideError([Problem(str(path), "error", f"both {path.name} and {twin.name} exist; keep one override file")])
    try:
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text)
    except (YamlError, UnicodeDecodeError) as exc:
        raise OverrideError([Problem(str(path), "error", getattr(exc, "message", str(exc)), getattr(exc, "line", None))]) from None
    if data is None:
        return article
    if not isinstance(data, dict):
        raise OverrideError([Problem(str(path), "error", "an override must be a mapping of field: value", 1)])
    values, errors = parse_fields(data, text, topic_ids)
    if errors:
        raise OverrideError([Problem(str(path), "error", e.message, e.line) for e in errors])
    return apply_fields(article, values, "override")


def orphan_overrides(seeds_dir: Path, seeds: list[Path]) -> list[Problem]:
    """Override files that belong to no seed: a typo in the name would silently drop the correction."""
    seed_ids = {path.name.rsplit(".", 1)[0] for path in seeds}
    problems = []
    with os.scandir(seeds_dir) as entries:  # names alone: a Path for each of 10,000 seeds cost more than the rest
        names = sorted(e.name for e in entries if os.path.splitext(e.name)[1].lower() in (".yml", ".yaml") and e.is_file())
    for path in (seeds_dir / name for name in names):
        stem = path.stem
        if stem in seed_ids or any(stem.startswith(f"{ident}-") for ident in seed_ids):
            continue
        hint = difflib.get_close_matches(stem, sorted(seed_ids), n=1)
        problems.append(Problem(str(path), "warning", "override for no seed: no article has this id" + (f"; did you mean {hint[0]}.yml?" if hint else "")))
    return problems
