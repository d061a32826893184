"""Load and validate the curated data contributors edit: topics, sources, boilerplate.

Each file is read once per run through the strict YAML loader; every problem is
collected (not only the first) and names the file and the line of the entry.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Entity, Problem, Source, Topic
from .yamlio import LineDict, YamlError, load_yaml

TOPIC_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Pattern:
    """A boilerplate line pattern and why it is boilerplate."""

    regex: re.Pattern[str]
    reason: str


@dataclass(frozen=True)
class Curated:
    """Everything in `content/` that is not a seed."""

    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    boilerplate: tuple[Pattern, ...]
    entities: tuple[Entity, ...] = ()

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


class _Collector:
    """Problems found in one curated file."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(str(self.path), "error", message, line))

    def check_keys(self, entry: LineDict, allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
        ok = True
        for key in entry:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(allowed)}"
                self.error(f"unknown key {key!r}{suggestion}", entry.line)
                ok = False
        for key in required:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                self.error(f"missing or empty {key!r}", entry.line)
                ok = False
        return ok


def _entries(path: Path, key: str, collector: _Collector) -> list[LineDict]:
    """The list under `key` in a curated file, each entry a mapping."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        collector.error("file not found")
        return []
    except (YamlError, UnicodeDecodeError) as exc:
        collector.error(getattr(exc, "message", str(exc)), getattr(exc, "line", None))
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        collector.error(f"expected a mapping with a list under {key!r}", 1)
        return []
    entries = []
    for item in data[key]:
        if isinstance(item, LineDict):
            entries.append(item)
        else:
            collector.error(f"each entry under {key!r} must be a mapping, got {item!r}")
    return entries


def _terms(raw: Any, entry: LineDict, collector: _Collector) -> tuple[tuple[str, float], ...]:
    if isinstance(raw, list):
        raw = {term: 1.0 for term in raw}
    if not isinstance(raw, dict) or not raw:
        collector.error("'terms' must be a non-empty list or mapping of term: weight", entry.line)
        return ()
    terms = []
    for term, weight in raw.items():
        if not isinstance(term, str) or isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            collector.error(f"term {term!r}: weight must be a positive number", entry.line)
            continue
        terms.append((term.lower().strip(), float(weight)))
    return tuple(terms)


def load_topics(path: Path) -> tuple[tuple[Topic, ...], list[Problem]]:
    """Read `topics.yml`: id, title, description, terms, optional parent."""
    collector = _Collector(path)
    topics: list[Topic] = []
    for entry in _entries(path, "topics", collector):
        if not collector.check_keys(entry, ("id", "title", "description", "terms", "parent"), ("id", "title", "description")):
            continue
        if not TOPIC_ID.match(entry["id"]):
            collector.error(f"topic id {entry['id']!r} must be lower-case words joined by hyphens", entry.line)
            continue
        if any(t.id == entry["id"] for t in topics):
            collector.error(f"duplicate topic id {entry['id']!r}", entry.line)
            continue
        terms = _terms(entry.get("terms"), entry, collector)
        topics.append(Topic(entry["id"], entry["title"].strip(), entry["description"].strip(), terms, entry.get("parent")))
    ids = {t.id for t in topics}
    for topic in topics:
        if topic.parent is not None and topic.parent not in ids:
            collector.error(f"topic {topic.id!r}: unknown parent {topic.parent!r}")
    return tuple(topics), collector.problems


def load_sources(path: Path) -> tuple[tuple[Source, ...], list[Problem]]:
    """Read `sources.yml`: publishers with display names, aliases and domains."""
    collector = _Collector(path)
    sources = []
    for entry in _entries(path, "sources", collector):
        if not collector.check_keys(entry, ("id", "name", "aliases", "domains", "homepage"), ("id", "name")):
            continue
        lists = {}
        for key in ("aliases", "domains"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                collector.error(f"{key!r} must be a list of strings", entry.line)
                value = []
            lists[key] = tuple(v.strip() for v in value)
        homepage = entry.get("homepage")
        if homepage is not None and not (isinstance(homepage, str) and homepage.startswith(("https://", "http://"))):
            collector.error("'homepage' must be an http(s) URL", entry.line)
            homepage = None
        sources.append(Source(entry["id"], entry["name"].strip(), lists["aliases"], lists["domains"], homepage))
    return tuple(sources), collector.problems


def load_boilerplate(path: Path) -> tuple[tuple[Pattern, ...], list[Problem]]:
    """Read `boilerplate.yml`: whole-line patterns, each with the reason it is junk."""
    collector = _Collector(path)
    patterns = []
    for entry in _entries(path, "patterns", collector):
        if not collector.check_keys(entry, ("pattern", "reason"), ("pattern", "reason")):
            continue
        try:
            patterns.append(Pattern(re.compile(entry["pattern"], re.IGNORECASE), entry["reason"].strip()))
        except re.error as exc:
            collector.error(f"pattern does not compile: {exc}", entry.line)
    return tuple(patterns), collector.problems


ENTITY_KINDS = ("organisation", "person", "place", "programme")


def load_entities(path: Path) -> tuple[tuple[Entity, ...], list[Problem]]:
    """Read `entities.yml`: id, name, kind, aliases; a name claimed by two entities is an error."""
    collector = _Collector(path)
    entities: list[Entity] = []
    owners: dict[str, str] = {}
    for entry in _entries(path, "entities", collector):
        if not collector.check_keys(entry, ("id", "name", "kind", "aliases"), ("id", "name", "kind")):
            continue
        if not TOPIC_ID.match(entry["id"]) or any(e.id == entry["id"] for e in entities):
            collector.error(f"entity id {entry['id']!r} must be new and lower-case words joined by hyphens", entry.line)
            continue
        if entry["kind"] not in ENTITY_KINDS:
            collector.error(f"entity {entry['id']!r}: kind must be one of {', '.join(ENTITY_KINDS)}", entry.line)
            continue
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            collector.error(f"entity {entry['id']!r}: 'aliases' must be a list of names", entry.line)
            continue
        names = [" ".join(n.split()) for n in (entry["name"], *aliases)]
        for name in names:
            if owners.setdefault(name, entry["id"]) != entry["id"]:
                collector.error(f"entity {entry['id']!r}: the name {name!r} already belongs to {owners[name]!r}", entry.line)
        entities.append(Entity(entry["id"], names[0], entry["kind"], tuple(names[1:])))
    return tuple(entities), collector.problems


def load_curated(content_dir: Path) -> tuple[Curated, list[Problem]]:
    """Load all curated files under `content_dir`."""
    topics, p1 = load_topics(content_dir / "topics.yml")
    sources, p2 = load_sources(content_dir / "sources.yml")
    boilerplate, p3 = load_boilerplate(content_dir / "boilerplate.yml")
    entities, p4 = load_entities(content_dir / "entities.yml")
    return Curated(topics, sources, boilerplate, entities), p1 + p2 + p3 + p4
