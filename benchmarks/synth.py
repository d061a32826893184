"""Synthetic seeds for the speed benchmark: real-looking articles in four formats.

The text is real prose rearranged: headlines, paragraphs and sentences of the
bundled seeds and, when `../shared/benchmarks/bbc-summary` is present, of its 60
BBC articles. They are test input only and never published. Every choice comes
from one `random.Random(seed)`, so the same N and seed give the same files, byte
for byte, on every machine.

The mix follows what contributors file: pasted text (with datelines, page
furniture the cleaner removes, credits), WordPress REST posts, Markdown with front
matter, and RSS feeds of one to three entries; a few seeds get an override
sidecar. Saved HTML pages are timed apart, on the extraction benchmark's real pages.

    python -m benchmarks.synth N DIR [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "benchmarks" / "bbc-summary" / "articles"
DEFAULT_SEED = 20260403
# Share of each format among the seeds, roughly what the contributors' queue holds.
FORMATS = (("text", 0.45), ("wordpress", 0.25), ("markdown", 0.2), ("feed", 0.1))
FURNITURE = (
    "Share this article",
    "Subscribe to our newsletter",
    "Advertisement",
    "Leave a Reply",
    "Back to Top",
    "Related Posts",
    "Follow us on LinkedIn",
)
UNKNOWN_PUBLISHERS = (("Tokyo Tech Weekly", "tokyotechweekly.example"), ("Asia Policy Review", "asiapolicy.example"))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")


@dataclass(frozen=True)
class Corpus:
    """The real text synthetic articles are made of."""

    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]
    publishers: tuple[tuple[str, str], ...]
    """(display name, domain) of known and unknown publishers."""
    topics: tuple[str, ...]
    names: tuple[str, ...]
    """Where the text came from, for the report."""


def _bundled_articles(root: Path) -> list[tuple[str, list[str]]]:
    from generator.readers import read
    from generator.seeds import find_seeds, read_seed

    found = []
    for path in find_seeds(root / "content" / "seeds"):
        for article in read(read_seed(path)):
            found.append((article.title, [b.text for b in article.blocks if b.kind == "paragraph" and len(b.text.split()) > 12]))
    return found


def _bbc_articles() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(BBC.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        paragraphs = [line.strip() for line in lines[1:] if len(line.split()) > 12]
        found.append((lines[0].strip(), paragraphs))
    return found


def load_corpus(root: Path = ROOT) -> Corpus:
    """The bundled seeds' text, plus the BBC sample when it is here."""
    articles = _bundled_articles(root)
    names = ["bundled seeds"]
    if BBC.is_dir():
        articles += _bbc_articles()
        names.append("bbc-summary")
    paragraphs = tuple(p for _, ps in articles for p in ps)
    sentences = tuple(s for p in paragraphs for s in _SENTENCE_END.split(p) if 6 <= len(s.split()) <= 45)
    sources = yaml.safe_load((root / "content" / "sources.yml").read_text(encoding="utf-8"))["sources"]
    publishers = tuple((s["name"], s["domains"][0]) for s in sources if s.get("domains")) + UNKNOWN_PUBLISHERS
    topics = tuple(t["id"] for t in yaml.safe_load((root / "content" / "topics.yml").read_text(encoding="utf-8"))["topics"])
    return Corpus(tuple(t for t, _ in articles), paragraphs, sentences, publishers, topics, tuple(names))


def missing_text(names: Sequence[str]) -> str | None:
    """What is wrong with figures made from a corpus of texts from `names` (`Corpus.names`),
    when the BBC sample was not there; else None."""
    if "bbc-summary" in names:
        return None
    return (f"{BBC} is missing, so the seeds are made of the bundled seeds' text alone. It repeats: feeds get duplicate "
            "entries, stories grow far larger than in real news, and the figures cannot be compared with the README's")


@dataclass(frozen=True)
class Story:
    """One synthetic article before it is written in a format."""

    title: str
    date: dt.date | None
    publisher: tuple[str, str]
    author: str
    blocks: tuple[tuple[str, str], ...]
    """(kind, text): heading, paragraph, item or furniture."""

    @property
    def url(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60]
        when = f"{self.date:%Y/%m}/" if self.date else ""
        return f"https://{self.publisher[1]}/{when}{slug}/"


def make_story(rng: random.Random, corpus: Corpus) -> Story:
    """A headline, a date (or none), a publisher and 4 to 14 paragraphs with some structure."""
    title = rng.choice(corpus.titles)
    if rng.random() < 0.6:
        title = f"{title}: {' '.join(rng.choice(corpus.titles).split()[:rng.randint(2, 5)])}"
    date = None if rng.random() < 0.05 else dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(912))
    blocks: list[tuple[str, str]] = []
    for index in range(rng.randint(4, 14)):
        if index and rng.random() < 0.15:
            blocks.append(("heading", " ".join(rng.choice(corpus.titles).split()[:rng.randint(3, 7)]).rstrip(".:,")))
        if rng.random() < 0.5:
            blocks.append(("paragraph", rng.choice(corpus.paragraphs)))
        else:
            blocks.append(("paragraph", " ".join(rng.sample(corpus.sentences, rng.randint(2, 5)))))
        if rng.random() < 0.06:
            blocks += [("item", s) for s in rng.sample(corpus.sentences, rng.randint(3, 5))]
        if rng.random() < 0.08:
            blocks.append(("furniture", rng.choice(FURNITURE)))
    first, last = rng.choice(("Ken", "Aiko", "Hiroshi", "Emma", "James", "Yuki")), rng.choice(("Sato", "Tanaka", "Clarke", "Ito", "Moore"))
    return Story(title, date, rng.choice(corpus.publishers), f"{first} {last}", tuple(blocks))


def _text(story: Story, rng: random.Random) -> str:
    lines = [story.title, ""]
    if story.date:
        lines += [f"By {story.author} | {story.date:%B} {story.date.day}, {story.date.year}", ""]
    for kind, text in story.blocks:
        lines += [f"- {text}" if kind == "item" else text, "" if kind != "item" else None]
    if rng.random() < 0.2:
        lines += ["", f"Source: {story.publisher[0]}"]
    return "\n".join(line for line in lines if line is not None) + "\n"


def _html(story: Story) -> str:
    parts, in_list = [], False
    for kind, text in story.blocks:
        if kind == "item" and not in_list:
            parts.append("<ul>")
        if kind != "item" and in_list:
            parts.append("</ul>")
        in_list = kind == "item"
        tag = {"heading": "h3", "item": "li"}.get(kind, "p")
        parts.append(f"<{tag}>{escape(text, quote=False)}</{tag}>")
    return "\n\n".join(parts + (["</ul>"] if in_list else []))


def _wordpress(story: Story, rng: random.Random) -> str:
    stamp = f"{story.date.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00" if story.date else None
    post = {
        "id": rng.randrange(1000, 99999),
        "date": stamp,
        "date_gmt": stamp,
        "modified_gmt": stamp,
        "slug": story.url.rstrip("/").rsplit("/", 1)[-1],
        "status": "publish",
        "type": "post",
        "link": story.url,
        "title": {"rendered": escape(story.title, quote=False)},
        "content": {"rendered": _html(story), "protected": False},
        "excerpt": {"rendered": f"<p>{escape(story.blocks[0][1][:200], quote=False)} [&hellip;]</p>"},
        "yoast_head_json": {"author": story.author, "og_site_name": story.publisher[0]},
    }
    return json.dumps(post, ensure_ascii=rng.random() < 0.5)


def _markdown(story: Story, rng: random.Random) -> str:
    meta = {"title": story.title, "source": story.publisher[0], "source_url": story.url, "author": story.author}
    if story.date:
        meta["date"] = story.date.isoformat()
    body = []
    for kind, text in story.blocks:
        body.append({"heading": f"## {text}", "item": f"- {text}"}.get(kind, text))
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n" + "\n\n".join(body) + "\n"


def _feed(stories: list[Story]) -> str:
    name, domain = stories[0].publisher
    items = []
    for story in stories:
        when = f"<pubDate>{format_datetime(dt.datetime.combine(story.date, dt.time(9), dt.timezone.utc))}</pubDate>" if story.date else ""
        items.append(
            f"<item><title>{escape(story.title)}</title><link>{escape(story.url)}</link>{when}"
            f"<description>{escape(_html(story))}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(name)}</title><link>https://{domain}/</link><description>News</description>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )


def render_seed(rng: random.Random, corpus: Corpus) -> tuple[str, str]:
    """(format, file text) of one synthetic seed."""
    kind = rng.choices([f for f, _ in FORMATS], [w for _, w in FORMATS])[0]
    if kind == "feed":
        publisher = rng.choice(corpus.publishers)
        stories = [make_story(rng, corpus) for _ in range(rng.randint(1, 3))]
        return kind, _feed([Story(s.title, s.date, publisher, s.author, s.blocks) for s in stories])
    story = make_story(rng, corpus)
    if kind == "wordpress":
        return kind, _wordpress(story, rng)
    if kind == "markdown":
        return kind, _markdown(story, rng)
    return kind, _text(story, rng)


def _sidecar(rng: random.Random, corpus: Corpus) -> str:
    if rng.random() < 0.5:
        return yaml.safe_dump({"topics": rng.sample(corpus.topics, rng.randint(1, 2))})
    return f"date: {dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))}\n"


def seed_name(index: int, text: str) -> str:
    """`NNNNN_<16 hex of the content>.txt`, the shape of the real seeds' names."""
    return f"{index:05d}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.txt"


def write_seeds(count: int, folder: Path, seed: int = DEFAULT_SEED, corpus: Corpus | None = None) -> dict[str, int]:
    """Write `count` seeds (and a few sidecars) into an empty `folder`; return the count per format."""
    corpus = corpus or load_corpus()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for index in range(count):
        kind, text = render_seed(rng, corpus)
        counts[kind] = counts.get(kind, 0) + 1
        path = folder / seed_name(index, text)
        path.write_text(text, encoding="utf-8", newline="\n")
        if rng.random() < 0.03:
            path.with_suffix(".yml").write_text(_sidecar(rng, corpus), encoding="utf-8")
            counts["sidecar"] = counts.get("sidecar", 0) + 1
    return counts


def edit_seed(folder: Path, round_: int, corpus: Corpus | None = None) -> Path:
    """Append one sentence to a plain-text seed, as a contributor fixing a paste would."""
    corpus = corpus or load_corpus()
    rng = random.Random(DEFAULT_SEED + round_)
    texts = [p for p in sorted(folder.glob("*.txt")) if not p.read_text(encoding="utf-8").startswith(("{", "[", "---", "<"))]
    path = texts[rng.randrange(len(texts))]
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write("\n" + rng.choice(corpus.sentences) + "\n")
    return path


def add_seed(folder: Path, round_: int, corpus: Corpus | None = None) -> Path:
    """One new plain-text seed, as in a contributor's pull request."""
    corpus = corpus or load_corpus()
    rng = random.Random(DEFAULT_SEED - round_)
    text = _text(make_story(rng, corpus), rng)
    path = folder / seed_name(90000 + round_, text)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description="Write N synthetic seeds into DIR.")
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    counts = write_seeds(args.count, args.folder, args.seed)
    print(", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
