"""Entities: the organisations, people, places and programmes an article names, found
through the names and aliases curated in `content/entities.yml`.

A curated list rather than a statistical recogniser: every name shown on a page is one
an editor has vetted, "SDF" and "Self-Defense Forces" are one entity, and adding a
name is a one-line pull request. Matching is case-sensitive ("US" is not "us").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from .model import Article, Entity, Mention, with_origin
from .phrases import PhraseMatcher


@lru_cache(maxsize=4)
def _matcher(entities: tuple[Entity, ...]) -> tuple[PhraseMatcher, dict[str, Entity]]:
    """The matcher of every name and alias, and the entity each belongs to."""
    matcher = PhraseMatcher((n for e in entities for n in (e.name, *e.aliases)), ignore_case=False)
    owner: dict[str, Entity] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            owner.setdefault(matcher.key(name), entity)
    return matcher, owner


def mentions(text: str, entities: tuple[Entity, ...]) -> list[Entity]:
    """The entities `text` names, once per mention, in order."""
    matcher, owner = _matcher(entities)
    return [owner[key] for key in matcher.find(text)]


def extract_entities(article: Article, entities: tuple[Entity, ...]) -> Article:
    """The entities the article names (title, description, text), most mentioned first, ties in order of appearance."""
    text = "\n".join([article.title, article.description or "", *(b.text for b in article.blocks)])
    found = mentions(text, entities)
    if not found:
        return article
    counts = Counter(e.id for e in found)
    first: dict[str, Entity] = {}
    for entity in found:
        first.setdefault(entity.id, entity)
    order = list(first)
    ranked = sorted(first.values(), key=lambda e: (-counts[e.id], order.index(e.id)))
    named = tuple(Mention(e.id, e.name, e.kind, counts[e.id]) for e in ranked)
    return replace(article, entities=named, provenance=with_origin(article.provenance, entities="entities:aliases"))
