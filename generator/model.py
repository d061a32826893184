"""The data that flows through the pipeline: a seed in, articles out.

Every stage takes an `Article` and returns a new one (`dataclasses.replace`), so
a stage can never change what an earlier stage saw. Fields a stage has not
filled yet hold an empty value of their own type, never `None` as a promise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item"]
Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Seed:
    """A seed file as a contributor found it, decoded to text."""

    path: Path
    """The path as given on the command line or found by the seed walk."""
    id: str
    """The file name without its extension: the article's stable URL."""
    text: str
    """The decoded file, with a leading byte-order mark removed."""
    warnings: tuple[str, ...] = ()
    """Problems found while decoding (a non-UTF-8 file, for example)."""


@dataclass(frozen=True)
class Block:
    """One structural piece of an article's text."""

    kind: BlockKind
    text: str
    level: int = 0
    """Heading level (2-4) for headings; 0 otherwise."""


@dataclass(frozen=True)
class Credit:
    """An original source that the article itself credits."""

    name: str
    """Who is credited: "Dark Reading", "OpenAI Blog"."""
    title: str = ""
    """The credited piece's title, when the text gives one."""


@dataclass(frozen=True)
class Removed:
    """A line the cleaner dropped, kept so a contributor can see what went and why."""

    text: str
    reason: str


FigureKind = Literal["money", "percent", "count", "age", "duration"]


@dataclass(frozen=True)
class Figure:
    """A number the article states, with what it measures (`figures.extract_figures`)."""

    kind: FigureKind
    text: str
    """As written: "$10 billion", "over 20 percent", "thousands of individuals"."""
    value: float | None
    """10000000000.0, 20.0...; None when the text gives only an order ("thousands of")."""
    unit: str
    """ISO currency code for money ("USD", "JPY"), "%" for percentages, the counted noun for counts ("people"),
    "years" for ages, "years", "months", "weeks" or "days" for durations."""
    qualifier: str
    """"over", "about", "up to"... as written before the number; empty if none."""
    measure: str
    """The clause of the sentence that says what the number measures, verbatim."""
    sentence: str
    """The whole sentence the figure was found in."""
    low: float
    """The least value the text allows: `value` when exact, 20 for "over 20 percent", 2,000 for "thousands of"."""
    high: float
    """The most it allows: `value` when exact, infinity for "over 20 percent", 1,000,000 for "thousands of"."""
    period: Figure | None = None
    """The time an amount or a count is spread over, when its clause says: "over the next three years"
    (a figure of kind "duration"; a duration is never a key figure of its own)."""

    @property
    def exact(self) -> bool:
        """Whether the text gives one value, not a range ("3 million people", not "thousands" or "over 20 percent")."""
        return self.low == self.high


@dataclass(frozen=True)
class Entity:
    """An organisation, person, place or programme known to `content/entities.yml`."""

    id: str
    name: str
    kind: Literal["organisation", "person", "place", "programme"]
    aliases: tuple[str, ...] = ()
    """Other names it goes by; all-capital aliases ("SDF") match case-sensitively."""


@dataclass(frozen=True)
class Mention:
    """An entity an article names, and how often."""

    id: str
    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class Article:
    """One article on its way from a seed to a page."""

    id: str
    seed: str
    """The seed's path as given."""
    format: str
    """The reader that understood the seed: text, wordpress, html, markdown, feed."""
    title: str
    blocks: tuple[Block, ...]
    date: str | None = None
    """Publication date, ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision."""
    date_precision: Literal["day", "month", "year"] | None = None
    updated: str | None = None
    source: str | None = None
    """The publisher's display name."""
    source_url: str | None = None
    source_homepage: str | None = None
    """The publisher's front page from `sources.yml`: a link to the publisher, to be shown
    only labelled as such, never as the article's `source_url`."""
    author: str | None = None
    language: str | None = None
    description: str | None = None
    """The article's own standfirst or meta description, if it has one."""
    credits: tuple[Credit, ...] = ()
    takeaways: tuple[str, ...] = ()
    """The article's own "Key Takeaways" / "Key Points", if it lists them."""
    removed: tuple[Removed, ...] = ()
    summary: str = ""
    key_points: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    topic_scores: tuple[tuple[str, float], ...] = ()
    key_figures: tuple[Figure, ...] = ()
    """Money, percentages, counts and ages the article states, each with what it measures."""
    entities: tuple[Mention, ...] = ()
    """The entities of `content/entities.yml` the article names, most mentioned first."""
    story: str | None = None
    """The id of the story this article shares with other coverage of the same event; None alone."""
    related: tuple[str, ...] = ()
    """Ids of related coverage: the rest of its story first, then the most similar other articles."""
    timeline_date: str | None = None
    """Where the timeline places an undated article: its story's earliest date. Never its own date."""
    warnings: tuple[str, ...] = ()
    provenance: tuple[tuple[str, str], ...] = ()
    """Where each metadata field came from, e.g. ("date", "wordpress:date_gmt")."""

    @property
    def body(self) -> str:
        """The cleaned text: blocks separated by blank lines, list items grouped."""
        parts: list[str] = []
        for block in self.blocks:
            line = f"- {block.text}" if block.kind == "item" else block.text
            if block.kind == "item" and parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + line
            else:
                parts.append(line)
        return "\n\n".join(parts)

    def origin(self, name: str) -> str | None:
        """Where field `name` came from, or None if it was never set."""
        return dict(self.provenance).get(name)

    def __getattr__(self, name: str) -> object:
        """Only reached for a field the instance lacks: one of the `LAZY_FIELDS` of an article
        the cache handed out without them (`lazy_article`). All of them are loaded at once."""
        load = self.__dict__.get(_LOADER)
        if load is None or name not in LAZY_FIELDS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        self.__dict__.update(load())
        del self.__dict__[_LOADER]
        return self.__dict__[name]

    def __getstate__(self) -> dict[str, object]:
        """What pickling keeps: every field, the lazy ones loaded."""
        if _LOADER in self.__dict__:
            getattr(self, LAZY_FIELDS[0])
        return self.__dict__


LAZY_FIELDS = ("blocks", "removed", "key_points", "key_figures", "entities", "credits", "takeaways")
"""The bulk of an article: its text and what was found in it. A build whose seeds are cached
needs them for the few articles it renders again, so the cache hands out articles without
them (three quarters of the bytes to unpickle) and they are loaded on first use."""
_LOADER = "_load_lazy_fields"
# A field with a default is also a class attribute, which an instance lacking the field would
# show instead of reaching `__getattr__`; the generated `__init__` keeps its own copy of defaults.
for _name in LAZY_FIELDS:
    if _name in vars(Article):
        delattr(Article, _name)


def lazy_article(fields: dict[str, object], load: Callable[[], dict[str, object]]) -> Article:
    """An article of every field but the `LAZY_FIELDS`, which `load()` returns when one is first read."""
    article = object.__new__(Article)
    article.__dict__.update(fields)
    article.__dict__[_LOADER] = load
    return article


def with_fields(article: Article, changes: dict[str, object]) -> Article:
    """`dataclasses.replace(article, **changes)` in a fifth of the time, for the stages that
    change a few fields of every article (stories: 11,000 articles at 10,000 seeds)."""
    if not changes.keys() <= _FIELD_NAMES:
        raise TypeError(f"Article has no field {sorted(changes.keys() - _FIELD_NAMES)[0]!r}")
    copy = object.__new__(Article)
    copy.__dict__.update(article.__dict__, **changes)
    return copy


_FIELD_NAMES = frozenset(field.name for field in fields(Article))


def with_origin(provenance: tuple[tuple[str, str], ...], **origins: str | None) -> tuple[tuple[str, str], ...]:
    """Return `provenance` with the given fields' origins set (None leaves a field out)."""
    merged = dict(provenance)
    for name, origin in origins.items():
        if origin is not None:
            merged[name] = origin
    return tuple(sorted(merged.items()))


@dataclass(frozen=True)
class Problem:
    """Something wrong with a seed or curated file: one line a contributor can act on."""

    path: str
    level: Level
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


@dataclass(frozen=True)
class Topic:
    """One entry of the curated taxonomy (`content/topics.yml`)."""

    id: str
    title: str
    description: str
    terms: tuple[tuple[str, float], ...]
    """Lower-case words or phrases with their weight."""
    parent: str | None = None


@dataclass(frozen=True)
class Source:
    """A publisher known to `content/sources.yml`."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    homepage: str | None = None


@dataclass(frozen=True)
class Story:
    """Coverage of one event by several articles."""

    id: str
    headline: str
    members: tuple[str, ...]
    """Article ids, earliest first, undated ones last."""
    first_date: str | None
    last_date: str | None
    grouped_by: Literal["similarity", "override"]
    """How the story was formed: by the grouping, or by a maintainer's `story:`."""


@dataclass(frozen=True)
class BuildResult:
    """What a run produced: the articles that made it, and every problem found."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = field(default=())

    def count(self, level: Level) -> int:
        return sum(1 for p in self.problems if p.level == level)
