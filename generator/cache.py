"""A content-hash cache of per-seed work and rendered files, so an unchanged seed is
never read, analysed or rendered twice.

What a seed becomes (its articles and problems) depends on its path, its bytes and
its override sidecars' bytes, and on what is the same for every seed: the code and
installed libraries, the settings and `content/*.yml`. Those make the *analysis
fingerprint*; entries made under another one are dropped. Each seed's entry is
keyed by a hash of the former, so an edited seed just misses.

A seed's bytes are hashed only when its file changed: like git's index, the cache
remembers each seed's size, times and inode with its digest, and trusts them only
when the file had been left alone for a while before it was hashed (an edit within
the file system's clock tick after hashing would otherwise go unseen). So a warm
build reads no seed at all.

The stories stage needs every related pair's score. Each seed's entry has its
articles' `pairs.Vectors` beside it, and the pairs the last build scored are kept
by their articles' names, so a build scores only the pairs of articles that are new
(one edited seed: a few hundred pairs, not millions); with them, the groups and
related coverage that build found, so only the articles whose pairs or group changed
have theirs worked out again (`stories.Before`). The stage's changes to the
articles are kept under the names of all articles in order, so it runs again only
when an article changed; its pairs and changes are a file of their own beside the
cache (`STAGE_FILE`), read and written whole.

Rendered files live under the *render fingerprint*: the analysis one plus the
templates, so editing a template re-renders every page but re-reads no seed. An
article page is keyed by its own article and the related coverage it shows, a story
page by its members, a topic page by the topic's articles; the files made from every
article (home, timeline, feeds, the export) by all articles in order. Those last are
joined again from each article's cached list entry or export record (or the month
sections of the timeline and topic pages) rather than kept whole, so those small
texts are kept as long as their articles are, even in a build that did not need
them; the ones the last file holds are taken from it. An article is named in those
keys by its seed's key, its id and whatever the stages after the per-seed ones
(stories) changed in it that the text shows (`VIEWS`): a list entry shows nothing
the stories stage sets, and related coverage shows a few fields of the articles it
names, so an edit that moves some articles' related coverage renders again just
their pages. For each file it puts in the docs dir, the cache also records the key
of its text and the file's state, git-index style again: a file whose key and state
still hold is left as it is without its text being fetched or its bytes read.

The cache is one SQLite file beside the docs dir (`build/cache.sqlite`): one read for
all entries rather than one file per seed, and one short transaction per build, so
an interrupted build leaves the previous cache whole. It holds pickles: it is our
own output under the build folder, trusted as much as the code next to it.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import pickle
import sqlite3
import sys
import sysconfig
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
import numpy as np

from .config import Settings
from .curated import Curated
from .model import LAZY_FIELDS, Article, Problem, Topic, lazy_article, with_fields
from .output import Changes
from .parallel import MIN_ITEMS, Beside, spread
from .pairs import Index, Pairs, Vectors, postings_of, vectors
from .render import (
    LATEST, entry_views, render_article, render_entries, render_home_pages, render_timeline, render_topic_page, render_topic_run, topic_members, topic_runs,
)
from .seeds import OVERRIDE_SUFFIXES, seed_stem
from .stories import CHANGED_FIELDS, Before, scored_pairs, scored_pairs_of

# The layout of the tables and entries; a cache of another layout is dropped whole.
FORMAT = "11"
# Settings that only say where output goes or how problems are judged: no entry depends on them.
NOT_IN_FINGERPRINT = {"strict"}
_BATCH = 500  # keys per SELECT, under SQLite's smallest limit on query parameters
PAGE_SIZE = 65536
"""SQLite's largest page. An edit reads a few hundred megabytes of the file at 10,000 seeds,
after a site build has often pushed it out of the page cache: in 64 KB pages, 2.59 to
2.65 s against 2.73 to 2.76 s in SQLite's default 4 KB (the same file, each freshly laid
out, the page cache dropped before each edit)."""
PRUNE_GROWTH = 20
"""A build prunes the cache once the entries written since the last prune are more than
one in this many of those kept (`Cache.save`)."""
SPREAD_PAGES = 200
"""Pages made by `each(on_workers=True)` on forked workers from this many. A page takes about
0.6 ms to render, and sending it back a good part of that: at 10,000 seeds, 4.2 s on two
workers against 7 s here. A list entry (0.1 ms) or an export record (0.07 ms) costs less
to make than to send back: those are always made here."""
LAZY_AHEAD = 100  # seeds whose lazy fields are read together (`Cache._lazy_fields`)...
LAZY_ALONE = 200  # ...once more than this many were read one by one
# A file's recorded state is trusted only if its last change was this long before it
# was hashed: longer than the coarsest common file-system clock (FAT's 2 s).
SETTLED_NS = 3_000_000_000
_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
# Entry names beside the seeds' own: a seed's articles' `LAZY_FIELDS`, its vectors
# (`pairs.Vectors`), and the related pairs the last stories stage scored, with the
# groups and related coverage it found.
VECTORS = "vectors:"
LAZY = "lazy:"
PAIRS = "stories:pairs"
INDEX = "stories:index"
"""The articles the `postings` table lists (`pairs.Index`), each as its seed's key and its id."""
INDEX_SLACK = 20
"""The index is made again once more than one article in this many is new or gone since
(and at least `INDEX_SLACK_LEAST`): at 10,000 seeds, after about 250 edits, at a cost of
about a second (every article's vectors read, 4 million postings sorted)."""
INDEX_SLACK_LEAST = 50
LAYOUT = "layout:"
"""Beside a file `Cache.joined` made (`layout:<path>`), the key of its text, then the keys
of the texts it joined, in order: one entry a file, replaced as the file is."""
STORIES = "stories:changes"
"""The stories stage's changes to the articles, with the key of the articles they were
worked out for, and each article's names in the views the build worked out (`Named`)."""
STAGE_FILE = "stories.pickle"
"""Beside the cache file, what the stories stage keeps of the last build: its pairs
(`PAIRS`) and changes (`STORIES`), 18 MB at 10,000 seeds that an edit reads and writes
whole. A file of their own is one sequential read and a fresh file each time: as entries
of the cache they were rewritten into its free pages, read back scattered (with the file
out of the page cache, 71 MB read for 32) and copied to the journal when replaced. Each
names the articles it is of, so one of another build is only worked out again."""

SeedResult = tuple[tuple[Article, ...], tuple[Problem, ...]]

# What a text shows of an article, for the article's name in the text's key: a text is
# made again only when what it shows changed. The stories stage changes a few hundred
# articles' related coverage when an undated article is edited; the pages that list
# them, or show them as related coverage, stay as they were.
WHOLE = 0
"""Every field: the article's own page, its export record."""
PLACED = 1
"""Every field but its related coverage: the timeline, story pages, other articles' related coverage."""
LISTED = 2
"""The fields before the stories stage: a list entry (`render.render_entries`), topic pages."""
VIEWS = (WHOLE, PLACED, LISTED)
BRIEF = 3
"""What another article's related coverage shows of it (`story_pages.coverage_view`), and
what the lists of stories and topics show of every article: not its text, so an edit of
an article's text leaves the pages that cite it, home and the stories index as they were."""
BRIEF_FIELDS = ("id", "title", "source", "source_url", "date", "updated", "timeline_date", "story", "topics")
_UNNAMED = ""
"""An article's name in a view not worked out yet (`_Naming`)."""
Named = dict[str, tuple[dict[str, object], tuple[str, ...]]]
"""Each article's names in every view (`_UNNAMED` where not worked out), with what the
stories stage changed in it, by its name as its seed gave it. A name is made of the
article's seed, id and those changes alone, so an article the next build's stage changes
alike has the same names: an edit takes most of 11,000 articles' names from the last
build's (0.2 s of hashing what they show)."""


class _Naming:
    """An article's names in the views asked for so far (a build asks for most articles'
    names in every view), and what the stages after the per-seed ones changed in it."""

    __slots__ = ("article", "changes", "names")

    def __init__(self, article: Article, changes: dict[str, object] | None = None):
        self.article = article  # kept, so that its object's id is not reused
        self.changes = changes
        self.names: list[str | None] = [_UNNAMED] * (len(VIEWS) + 1)


T = TypeVar("T")
R = TypeVar("R")


def cache_path(settings: Settings) -> Path:
    """Where the cache lives: beside the docs dir, so under the build folder by default."""
    return settings.docs_dir.parent / "cache.sqlite"


def _installed() -> list[str]:
    """Names and versions of the installed distributions: a library upgrade may change output."""
    folders = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    return [name for folder in folders if os.path.isdir(folder) for name in sorted(os.listdir(folder)) if name.endswith(".dist-info")]


def _hash_files(digest, folder: Path, pattern: str) -> None:
    for path in sorted(p for p in folder.glob(pattern) if p.is_file() and "__pycache__" not in p.parts) if folder.is_dir() else []:
        digest.update(f"\n{path.relative_to(folder).as_posix()}\n".encode())
        digest.update(path.read_bytes())


def fingerprints(settings: Settings) -> tuple[str, str]:
    """(analysis, render): digests of everything that is the same for every seed and can
    change what it becomes, then also what its pages look like."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    digest.update("\n".join(_installed()).encode())
    _hash_files(digest, Path(__file__).resolve().parent, "**/*")
    _hash_files(digest, settings.content_dir, "*.yml")
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        # Paths are covered by the content hashes; only values such as limits count here.
        if field.name not in NOT_IN_FINGERPRINT and not isinstance(value, Path):
            digest.update(f"\n{field.name}={value!r}".encode())
    digest.update(f"\nSOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}".encode())
    analysis = digest.hexdigest()
    _hash_files(digest, settings.templates_dir, "**/*")
    return analysis, digest.hexdigest()


def _changes(before: Article, after: Article, fields: tuple[str, ...] = _FIELDS) -> dict[str, object]:
    """The fields a stage changed in an article, among the `fields` it can change."""
    return {field: getattr(after, field) for field in fields if getattr(after, field) != getattr(before, field)}


def _shown(changes: dict[str, object], view: int, prepared: Article) -> dict[str, object]:
    """Those of the `changes` to an article (`prepared`, as its seed gave it) that a text
    showing it in `view` shows."""
    if view == WHOLE:
        return changes
    if view == PLACED:
        return {field: value for field, value in changes.items() if field != "related"}
    shown = {field: value for field, value in changes.items() if field not in CHANGED_FIELDS}
    if "provenance" in changes:  # the stories stage notes its story there; an entry shows the other origins
        origins = tuple(origin for origin in cast(tuple, changes["provenance"]) if origin[0] != "story")
        if origins != tuple(origin for origin in prepared.provenance if origin[0] != "story"):
            shown["provenance"] = origins
    return shown


@contextmanager
def _kept_out_of_collection() -> Iterator[None]:
    """Make objects that live until the build ends with the garbage collector paused,
    then out of its sight until `Cache.close`: unpickling 10,000 seeds' results took about
    twice as long with it running, and later collections would walk them all again (a
    second at 10,000 seeds). Nests: only the outermost resumes the collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _sidecars(seeds_dir: Path) -> dict[str, list[tuple[str, bytes]]]:
    """Override sidecars by the seed id they can belong to: `<id>.yml` and `<id>-NNN.yml`
    (the Nth article of a feed or a list of posts)."""
    found: dict[str, list[tuple[str, bytes]]] = {}
    if not seeds_dir.is_dir():
        return found
    for entry in sorted(os.scandir(seeds_dir), key=lambda e: e.name):
        stem, _, suffix = entry.name.rpartition(".")
        if not stem or f".{suffix.lower()}" not in OVERRIDE_SUFFIXES or not entry.is_file():
            continue
        data = Path(entry.path).read_bytes()
        base, dash, number = stem.rpartition("-")
        for owner in {stem, base} if dash and number.isdigit() else {stem}:
            found.setdefault(owner, []).append((entry.name, data))
    return found


def _connect(where: str) -> sqlite3.Connection:
    """A connection to the cache file (a path, or a `file:` URI). Not memory-mapped: with
    the file out of the page cache, the kernel's read-around on each fault read 207 MB
    for the 23 MB that an edit's seed keys and cached results need, read calls 54 MB."""
    return sqlite3.connect(where, uri=where.startswith("file:"), timeout=60)


def _state(stat: os.stat_result) -> str:
    """What changes whenever a file's bytes do: size, modification and change times, inode."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


class Cache:
    """Per-seed results and rendered files of earlier builds under the same fingerprints.

    New entries are kept in memory and written by `save` in one short transaction,
    so a long cold build never holds the file locked against a `briefing check`."""

    def __init__(self, path: Path, settings: Settings):
        self.path = path
        self.seeds_dir = settings.seeds_dir
        self.docs_dir = settings.docs_dir
        self._docs = str(settings.docs_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = _connect(str(path))
        self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # for a new file, or at the VACUUM below
        emptied = False
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            if self._db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() != (FORMAT,):
                for table in ("seeds", "pages", "files", "outputs", "postings", "meta"):  # a cache laid out by another version
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
                self._db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
                self._db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
                emptied = True
            self._db.execute("CREATE TABLE IF NOT EXISTS seeds (key TEXT PRIMARY KEY, value BLOB)")
            self._db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, state TEXT, digest TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, key TEXT, state TEXT)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS postings (kind INTEGER, col INTEGER, slots BLOB, weights BLOB, PRIMARY KEY (kind, col)) WITHOUT ROWID"
            )
        if emptied:  # the file shrinks to what is left, in pages of PAGE_SIZE
            self._db.execute("VACUUM")
        self.fingerprints = dict(zip(("seeds", "pages"), fingerprints(settings)))
        known = dict(self._db.execute("SELECT name, value FROM meta"))
        self._stale = {table for table, value in self.fingerprints.items() if known.get(table) != value}
        self._sidecars: dict[str, list[tuple[str, bytes]]] | None = None
        self._files: dict[str, tuple[str, str]] | None = None
        self._new: dict[str, dict[str, tuple]] = {"seeds": {}, "pages": {}, "files": {}, "outputs": {}}
        self._used: set[str] = set()
        self._origins: dict[str, tuple[str, Article]] = {}
        self._names: dict[int, tuple[list[Article], dict[str, str | None]]] = {}
        """The last `names` of each view, with the list of articles they are of."""
        self._keys_of: dict[tuple[str, bool, int], tuple[list[Article], list[str | None]]] = {}
        """The last `_each_keys` of each kind, with the list of articles they are of."""
        self._prepared_names: dict[str, str] = {}
        """Each article's name as its seed gave it, by id: the name of most articles in every view."""
        self._named: dict[int, _Naming] = {}
        """Each article's names by the article object's id."""
        self._last_named: Named = {}
        """The names the last build's stories stage and pages worked out (`Named`)."""
        self._stage_state: tuple[str | None, list[tuple[int, dict[str, object]]], list[Article], bool] | None = None
        """This build's stories stage: the key of its articles, its changes, its articles,
        and whether all of that is the last build's; kept with their names when the build
        saves, if any of that is new."""
        self._vectors: dict[str, tuple[Vectors, ...]] = {}
        self._ahead: dict[str, Any] = {}
        """Entries of the stories stage `read_ahead`, unpickled."""
        self._staged: dict[str, Any] | None = None
        """What the `STAGE_FILE` held, by entry name (None: not read yet)."""
        self._stage_new: dict[str, Any] = {}
        """What this build's stories stage keeps in the `STAGE_FILE`, written when it saves."""
        self._postings: list[tuple[int, int, bytes, bytes]] | None = None
        """The `postings` table made again this build, to be written by `save`."""
        self._lazy: dict[str, tuple[dict[str, object], ...]] = {}
        self._lazy_read: dict[str, bytes] = {}
        """Lazy fields read ahead, not unpickled yet."""
        self._load_order: list[str] = []
        self._loaded: dict[str, int] = {}
        """The seeds `load` gave, in order, and each one's place in that order."""
        self._lazy_misses = 0
        """How many seeds' lazy fields were read so far."""
        self._closed = False
        self._inherited: sqlite3.Connection | None = None
        """In a forked worker, the connection inherited from the build (see `forked`)."""
        self._outputs: dict[str, tuple[str, str]] | None = None
        self._paths_of: dict[str, list[str]] = {}
        """The recorded output files by the key of their text (a key of index pages has many)."""
        self._made: dict[str, str] = {}
        """This build's output files: path in the docs dir -> the key of its text."""

    def _select(self, table: str, columns: str, keys: list[str]):
        if table in self._stale:
            return
        for start in range(0, len(keys), _BATCH):
            batch = keys[start:start + _BATCH]
            yield from self._db.execute(f"SELECT key, {columns} FROM {table} WHERE key IN ({','.join('?' * len(batch))})", batch)

    # Seeds ------------------------------------------------------------------

    def _file_digest(self, path: Path) -> str:
        """The digest of a file's bytes, read only if the file changed since it was last hashed."""
        if self._files is None:
            self._files = {p: (state, digest) for p, state, digest in self._db.execute("SELECT path, state, digest FROM files")}
        name = str(path)
        self._used.add(name)
        try:
            stat = os.stat(name)  # not Path.stat: a third of the time of a warm build's 10,000 calls
        except OSError as exc:  # the reader reports it; the digest only has to differ from a readable file's
            return f"unreadable: {exc.errno}"
        state = _state(stat)
        known = self._files.get(name)
        if known and known[0] == state:
            return known[1]
        hashed_at = time.time_ns()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < hashed_at - SETTLED_NS and _state(path.stat()) == state:
            self._new["files"][name] = (name, state, digest)
        return digest

    def seed_key(self, path: Path) -> str:
        """The key of a seed: its path, its bytes and the bytes of the sidecars it may read."""
        if self._sidecars is None:
            self._sidecars = _sidecars(self.seeds_dir)
        digest = hashlib.sha256(f"{path}\n{self._file_digest(path)}".encode())
        # By the seed's stem, unchecked: a seed whose name is no id is never read, whatever
        # its key (checking took 0.03 s of 10,000 keys). Most folders have no sidecar.
        for name, data in self._sidecars.get(seed_stem(path), []) if self._sidecars else ():
            digest.update(f"\0{name}\0".encode() + data)
        return digest.hexdigest()

    def stored(self, keys: list[str]) -> set[str]:
        """Those of `keys` that have an entry, without reading it (a key-only lookup)."""
        return {key for key, _ in self._select("seeds", "1", sorted(keys))}  # in the index's order

    def load(self, keys: Iterable[str]) -> dict[str, SeedResult]:
        """The cached results among `keys`, read in a few queries; their articles are
        `lazy_article`s, whose text and findings are read only if a stage asks for them."""
        with _kept_out_of_collection():
            found = {}
            # In key order, as they lie in the file (`save`): with the file out of the page
            # cache, 41 MB read for 14 MB of results at 10,000 seeds, against 68 MB in path order.
            for key, value in self._select("seeds", "value", sorted(keys)):
                fields, problems = pickle.loads(value)
                found[key] = (tuple(lazy_article(f, partial(self._lazy_fields, key, n)) for n, f in enumerate(fields)), problems)
        self._used.update(found)
        self._used.update(f"{prefix}{key}" for key in found for prefix in (VECTORS, LAZY))
        self._loaded.update((key, len(self._load_order) + n) for n, key in enumerate(found))
        self._load_order += found
        return found

    def _lazy_fields(self, key: str, number: int) -> dict[str, object]:
        """The `LAZY_FIELDS` of the nth article of the seed `key`: what `load` left out.
        Read out of the collector's sight, and once many were wanted, with those of the next
        seeds `load` gave: when every article's text is wanted (`briefing export`, `briefing
        check`), one query a seed with collections walking the new objects took 1.4 s at
        10,000 seeds, this 0.6 s; an edit that wants a few dozen reads just those."""
        name = f"{LAZY}{key}"
        if name not in self._lazy:
            if self._closed:  # an article outliving its build (`briefing export`): read the file again
                self._db = _connect(f"file:{self.path}?mode=ro")
                self._closed = False
            if name not in self._lazy_read:
                # Ahead only once many are wanted: an edit wants a few dozen, here and there.
                self._lazy_misses += 1
                start = self._loaded.get(key, 0)
                wanted = self._load_order[start:start + LAZY_AHEAD] if self._lazy_misses > LAZY_ALONE else []
                ahead = [f"{LAZY}{k}" for k in wanted if f"{LAZY}{k}" not in self._lazy]
                self._lazy_read.update(self._select("seeds", "value", ahead if name in ahead else [name, *ahead]))
            if name not in self._lazy_read:
                raise RuntimeError(f"{self.path}: changed by another build while this one read it; build again")
            with _kept_out_of_collection():
                self._lazy[name] = pickle.loads(self._lazy_read.pop(name))
        return self._lazy[name][number]

    def store(self, key: str, result: SeedResult) -> None:
        """Remember one seed's result, its articles' lazy fields apart, and its vectors if
        kept (written when the build saves)."""
        articles, problems = result
        fields = tuple({k: v for k, v in vars(a).items() if k not in LAZY_FIELDS} for a in articles)
        self._keep(key, (fields, problems))
        self._keep(f"{LAZY}{key}", tuple({k: getattr(a, k) for k in LAZY_FIELDS} for a in articles))
        if key in self._vectors:
            self._keep(f"{VECTORS}{key}", self._vectors[key])

    def _keep(self, name: str, value: object) -> None:
        """Remember one entry of the seeds table: a seed's, or a stage's output."""
        self._used.add(name)
        self._new["seeds"][name] = (name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def remember_origin(self, key: str, result: SeedResult) -> None:
        """Note which seed each article came from, for the keys of rendered files."""
        for article in result[0]:  # the first article of an id is the one published
            self._origins.setdefault(article.id, (key, article))

    def keep_vectors(self, key: str, found: tuple[Vectors, ...]) -> None:
        """What the stories stage needs of a seed's articles, for this build (and for later
        ones once `store` keeps the seed's result)."""
        self._vectors[key] = found

    def vectors(self, articles: list[Article]) -> list[Vectors]:
        """Each article's `Vectors`: kept this build, else cached with its seed, else worked out."""
        keys = {a.id: self._origins[a.id][0] for a in articles if a.id in self._origins}
        missing = sorted({key for key in keys.values() if key not in self._vectors})
        with _kept_out_of_collection():
            for name, value in self._select("seeds", "value", [f"{VECTORS}{key}" for key in missing]):
                self._vectors[name.removeprefix(VECTORS)] = pickle.loads(value)
        found = []
        for article in articles:
            kept = next((v for v in self._vectors.get(keys.get(article.id, ""), ()) if v.id == article.id), None)
            found.append(kept if kept is not None else vectors(article))
        return found

    def stories(self, articles: list[Article], group: Callable[[list[Article], Pairs, Before | None], list[Article]]) -> list[Article]:
        """The stories stage: `group(articles, pairs, before)` with every related pair's score.
        Its changes to the articles come from the cache when no article changed; else only
        the pairs with an article that is new since the last build are scored, and `before`
        (what the last build found) spares working out again what those pairs leave as it was."""
        # The stage makes a new object of most articles, to live until the build ends (its
        # collections took 0.04 to 0.08 s of an edit at 10,000 seeds).
        with _kept_out_of_collection():
            return self._stories(articles, group)

    def _stories(self, articles: list[Article], group: Callable[[list[Article], Pairs, Before | None], list[Article]]) -> list[Article]:
        names = self.names(articles)
        key = self._key("stories", [names[a.id] for a in articles])
        self._used.add(INDEX)  # the stage's other entries are a file of their own (`STAGE_FILE`)
        made_for, changed, self._last_named = self._stage_entry(STORIES) or (None, [], {})
        if key and made_for == key:
            out = list(articles)
            for index, changes in changed:
                out[index] = with_fields(articles[index], changes)
                self._adopt_names(articles[index], out[index], changes)
            self._stage_state = (key, changed, out, True)
            return out
        known, fresh, before = self._before(articles)
        postings, stale = self._index(articles)
        new = scored_pairs_of(articles, lambda indices: self.vectors([articles[i] for i in indices]), rows=fresh, index=postings)
        if postings is None or stale > max(INDEX_SLACK_LEAST, len(articles) // INDEX_SLACK):
            self._make_index(articles)
        pairs = known + new  # once: a merge into 1.8 million pairs at 10,000 seeds
        out = group(articles, pairs, before.scored(new, [a.id for a in articles]) if before else None)
        self._stage_new[PAIRS] = (tuple(names[a.id] for a in articles), tuple(a.id for a in articles), pairs, Before.labels(out),
                                  tuple(a.related for a in out))
        changed = []
        for index, (before_stage, after) in enumerate(zip(articles, out)):
            if after is not before_stage:
                changes = _changes(before_stage, after, CHANGED_FIELDS)
                changed.append((index, changes))
                self._adopt_names(before_stage, after, changes)
        self._stage_state = (key, changed, out, False)
        return out

    def _slot(self, article: Article) -> str | None:
        """The article's name in the index: its seed's key and its id, what its vectors are of."""
        origin = self._origins.get(article.id)
        return f"{origin[0]}\0{article.id}" if origin else None

    def _index(self, articles: list[Article]) -> tuple[Index | None, int]:
        """The `pairs.Index` the cache holds, for `articles`, and how many articles are new
        or gone since it was made (None, 0 without one)."""
        indexed = self._stage_entry(INDEX)
        if indexed is None:
            return None, 0
        position = {self._slot(article): n for n, article in enumerate(articles)}
        slots = np.array([position.get(name, -1) for name in indexed], dtype=np.int64)
        covered = np.zeros(len(articles), dtype=bool)
        covered[slots[slots >= 0]] = True
        stale = int(np.count_nonzero(slots < 0)) + len(articles) - int(np.count_nonzero(covered))
        return Index(covered, slots, self._listed), stale

    def _listed(self, kind: int, columns: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """`Index.postings`: the indexed articles (by number) that hold each of `columns`."""
        listed = {}
        wanted = columns.tolist()
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start:start + _BATCH]
            query = f"SELECT col, slots, weights FROM postings WHERE kind = ? AND col IN ({','.join('?' * len(batch))})"
            for column, held, weights in self._db.execute(query, [kind, *batch]):
                listed[column] = (np.frombuffer(held, np.int32), np.frombuffer(weights, np.float64))
        return listed

    def _make_index(self, articles: list[Article]) -> None:
        """Index every article of known origin by column, for the next builds' edits."""
        indexed = [article for article in articles if self._slot(article)]
        found = self.vectors(indexed)
        self._keep(INDEX, [self._slot(article) for article in indexed])
        self._postings = [
            (kind, column, held.astype(np.int32).tobytes(), weights.astype(np.float64).tobytes())
            for kind, listed in postings_of(found).items() for column, held, weights in listed
        ]

    def _adopt_names(self, before: Article, after: Article, changes: dict[str, object]) -> None:
        """Name `after`, what a stage made of `before`, from that stage's `changes` (kept
        with them), rather than by comparing every field again; with the last build's
        names when its stage changed the article alike."""
        if self._origins.get(before.id, (None, None))[1] is before:
            naming = self._named[id(after)] = _Naming(after, changes)
            last = self._last_named.get(self._prepared_names.get(before.id, ""))
            if last is not None and last[0] == changes:
                naming.names = [name or _UNNAMED for name in last[1]]

    def _keep_stage_state(self) -> None:
        """Keep the stories stage's changes, with the names worked out since (`Named`)."""
        if self._stage_state is None:
            return
        key, changed, out, as_last = self._stage_state
        self._stage_state = None
        named: Named = {}
        for article in out:
            naming = self._named.get(id(article))
            prepared = self._prepared_names.get(article.id)
            if naming is not None and naming.article is article and naming.changes is not None and prepared:
                named[prepared] = (naming.changes, tuple(naming.names))
        # A warm build that worked out no name the last one had not writes nothing.
        if not as_last or named != self._last_named:
            self._stage_new[STORIES] = (key, changed, named)

    def _before(self, articles: list[Article]) -> tuple[Pairs, list[int], Before | None]:
        """The pairs scored by the last build whose articles are both still here, the
        articles that build did not have, and what it found (None without a last build).
        Articles of unknown origin (no name) are never known."""
        names = self.names(articles)
        found = self._stage_entry(PAIRS)
        if found is None:
            return Pairs.of([], [], []), list(range(len(articles))), None
        return Before.of(*found, [names[a.id] for a in articles])

    def read_ahead(self) -> None:
        """Read what the stories stage keeps of the last build now, while seeds are read on
        another core (an edit's: 0.07 to 0.1 s of waiting for them at 10,000 seeds)."""
        with _kept_out_of_collection():
            for name, value in self._select("seeds", "value", [INDEX]):
                self._ahead[name] = pickle.loads(value)
            self._read_stage_file()

    def _read_stage_file(self) -> dict[str, Any]:
        """The entries of the `STAGE_FILE`, if it is of this cache's format and seeds'
        fingerprint and whole; else none."""
        if self._staged is None:
            self._staged = {}
            if "seeds" not in self._stale:
                try:
                    found = pickle.loads(self.path.with_name(STAGE_FILE).read_bytes())
                except Exception:  # noqa: BLE001 - missing, cut short or unreadable: worked out again
                    found = None
                if isinstance(found, dict) and found.get("made by") == (FORMAT, self.fingerprints["seeds"]):
                    self._staged = found
        return self._staged

    def _stage_entry(self, name: str) -> Any:
        """The stories stage's entry `name` (unpickled), read ahead or now; None if missing."""
        if name in (PAIRS, STORIES):
            return self._read_stage_file().get(name)
        if name in self._ahead:
            return self._ahead.pop(name)
        found = dict(self._select("seeds", "value", [name]))
        return pickle.loads(found[name]) if name in found else None

    def _write_stage_file(self) -> None:
        """Write the `STAGE_FILE` with this build's entries (and the last build's it did not
        replace), through a temporary file: a build that stops midway leaves the last one."""
        if not self._stage_new:
            return
        entries = {**self._read_stage_file(), **self._stage_new, "made by": (FORMAT, self.fingerprints["seeds"])}
        path = self.path.with_name(STAGE_FILE)
        partial_path = path.with_name(f"{STAGE_FILE}.{os.getpid()}.partial")
        try:
            partial_path.write_bytes(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial_path, path)
        except BaseException:  # stopped, or the disk full: the last build's file stays
            partial_path.unlink(missing_ok=True)
            raise
        self._staged, self._stage_new = entries, {}

    # Rendered files ---------------------------------------------------------

    def names(self, articles: list[Article], view: int = WHOLE) -> dict[str, str | None]:
        """Each article's name in the keys of rendered files, for texts that show it in
        `view` (or BRIEF): its seed's key, its id and what later stages changed in it that
        the view shows; None for an article of unknown origin."""
        last = self._names.get(view)
        if last is not None and last[0] is articles:
            return last[1]
        names: dict[str, str | None] = {}
        for article in articles:
            naming = self._named.get(id(article))
            if naming is None or naming.article is not article:
                naming = self._named[id(article)] = _Naming(article)
            name = naming.names[view]
            if name is _UNNAMED:
                name = naming.names[view] = self._name_in(naming, view)
            names[article.id] = name
        self._names[view] = (articles, names)
        return names

    def _name_in(self, naming: _Naming, view: int) -> str | None:
        article = naming.article
        origin = self._origins.get(article.id)
        if origin is None:
            return None
        if view == BRIEF:
            # The fields themselves: short, and part of a key that is hashed whole. An
            # article outside any story is never shown as of a story, whatever its story's origin.
            return repr((*(getattr(article, field) for field in BRIEF_FIELDS), article.story and article.origin("story")))
        key, prepared = origin
        if naming.changes is None:
            naming.changes = {} if article is prepared else _changes(prepared, article)
        shown = _shown(naming.changes, view, prepared) if naming.changes else {}
        if shown:
            return self._name(key, article.id, shown)
        unchanged = self._prepared_names.get(article.id)  # most articles' name in most views
        if unchanged is None:
            unchanged = self._prepared_names[article.id] = self._name(key, article.id, {})
        return unchanged

    @staticmethod
    def _name(key: str, ident: str, changes: dict[str, object]) -> str:
        changed = repr(sorted(changes.items())) if changes else ""
        return hashlib.sha256(f"{key}\0{ident}\0{changed}".encode()).hexdigest()

    def _key(self, kind: str, parts: Iterable[str | None], near: str = "") -> str | None:
        """The key of a text of `kind` made from `parts` (names of articles, contexts); `near`
        leads it, so that texts of the same `near` lie together in the cache file."""
        parts = list(parts)
        if any(part is None for part in parts):
            return None
        if len(parts) == 1:  # an article's name, a digest already
            return f"{kind}:{near}{parts[0]}"
        return f"{kind}:{near}" + hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def each(
        self,
        kind: str,
        articles: list[Article],
        make: Callable[[Article], str | bytes],
        paths: list[str] | None = None,
        with_related: bool = False,
        known: Mapping[str, bytes | memoryview] | None = None,
        on_workers: bool = False,
        view: int = WHOLE,
    ) -> list[str | bytes | None]:
        """A text made from each article (its page, its list entry, its export record),
        from the cache when the article is unchanged, and, `with_related`, the related
        coverage it shows too. With `paths` (the docs-dir files they become), a text whose
        file is `current` is not even fetched: None stands for it. `known` texts (by key)
        are at hand already. `on_workers`: many texts to make are made on forked workers.
        `view`: what the text shows of its article (`VIEWS`)."""
        keys = self._each_keys(kind, articles, with_related, view)
        if paths is not None:
            self._made.update((path, key) for path, key in zip(paths, keys) if key)
        current = {key for key, path in zip(keys, paths or ()) if key and self.current(path, key)}
        self._used.update(current)
        known = known or {}
        self._used.update(key for key in keys if key in known)
        cached = self.pages(key for key in keys if key and key not in current and key not in known)
        missing = [article for article, key in zip(articles, keys) if key not in current and key not in known and key not in cached]
        made = iter(self._spread(make, missing, SPREAD_PAGES) if on_workers else map(make, missing))
        texts: list[str | bytes | None] = []
        for key in keys:
            if key in current:
                texts.append(None)
            elif key in known:
                texts.append(known[key])
            elif key in cached:
                texts.append(cached[key])
            else:
                texts.append(next(made))
                if key:
                    self.store_page(key, texts[-1])
        return texts

    def _spread(self, make: Callable[[T], R], items: list[T], min_items: int) -> list[R]:
        """`make` of each item, on workers forked from the build when there are `min_items`
        or more (`parallel.spread`): rendering is pure Python, one core's work otherwise."""
        return [made for span in spread(lambda span: [make(items[i]) for i in span], [1] * len(items), min_items, self.forked) for made in span]

    def beside(self, work: Callable[[], R]) -> Beside[R]:
        """Start `work()` (which uses this cache) on a forked worker, `parallel.Beside`. What
        the work added to the cache (entries to save, entries in use, files made) comes
        back with its result."""

        def run() -> tuple[R, dict[str, dict[str, tuple]], set[str], dict[str, str]]:
            return work(), self._new, self._used, self._made

        def merge(returned: tuple[R, dict[str, dict[str, tuple]], set[str], dict[str, str]]) -> R:
            value, new, used, made = returned
            if used is not self._used:  # made on the worker
                for table, entries in new.items():
                    self._new[table].update(entries)
                self._used |= used
                self._made.update(made)
            return value

        return Beside(run, initializer=self._alone, then=merge)

    def _alone(self) -> None:
        """In a `beside` worker: what `forked` does, and new entries kept apart to send back."""
        self.forked()
        self._new = {table: {} for table in self._new}
        self._used = set()
        self._made = {}

    def forked(self) -> None:
        """In a forked worker: the cache is read through a connection of its own, since
        SQLite's must not be used across a fork; the inherited one is kept, unused and open."""
        self._inherited = self._db
        self._db = _connect(f"file:{self.path}?mode=ro")

    def _each_keys(self, kind: str, articles: list[Article], with_related: bool = False, view: int = WHOLE) -> list[str | None]:
        """The key of each article's text of a `kind`, which shows the article in `view` (and
        `with_related`, the related articles it names, BRIEF); worked out once a build for
        the list of all articles (the export's records are asked for three times)."""
        known = self._keys_of.get((kind, with_related, view))
        if known is not None and known[0] is articles:
            return known[1]
        names = self.names(articles, view)
        related = self.names(articles, BRIEF) if with_related else {}

        def parts(article: Article) -> list[str | None]:
            shown = [other for other in article.related if other in related] if with_related else []
            return [names[article.id], *(related[other] for other in shown)]

        # Led by the article's month: the entries a timeline month or a topic page's run is
        # joined from lie together, where by name alone they lay a page of the file each
        # (an edit read 33 MB for 0.9 MB of entries with the file out of the page cache).
        keys = [self._key(kind, parts(article), f"{(article.date or '')[:7]}:") for article in articles]
        self._keys_of[(kind, with_related, view)] = (articles, keys)
        return keys

    def _recorded(self) -> dict[str, tuple[str, str]]:
        """The output files recorded by earlier builds: path -> (key of its text, state)."""
        if self._outputs is None:
            self._outputs = {p: (k, state) for p, k, state in self._db.execute("SELECT path, key, state FROM outputs")}
            for path, (key, _) in self._outputs.items():
                self._paths_of.setdefault(key, []).append(path)
        return self._outputs

    def current(self, path: str, key: str | None) -> bool:
        """Whether the docs dir's file `path` holds the text of `key` already: this cache
        wrote it (or saw it) with that text, and it has not been touched since."""
        known = self._recorded().get(path)
        if key is None or known is None or known[0] != key or "pages" in self._stale:  # written by other templates
            return False
        try:
            return _state(os.stat(os.path.join(self._docs, path))) == known[1]  # once per page: no Path object
        except OSError:
            return False

    def outputs_written(self, changes: Changes) -> None:
        """Note the state of this build's output files (after `update_dir`): the ones it
        wrote, the ones whose key the cache did not know for them yet, and all of them
        when a new folder was swapped in (each file's change time moved)."""
        recorded = self._recorded()
        written = set(changes.written)
        for path, key in self._made.items():
            if changes.swapped or path in written or "pages" in self._stale or recorded.get(path, ("",))[0] != key:
                try:
                    state = _state((self.docs_dir / path).stat())
                except OSError:
                    continue
                self._new["outputs"][path] = (path, key, state)

    def pages(self, keys: Iterable[str]) -> dict[str, str | bytes]:
        """Cached rendered text (or bytes, as it was stored) among `keys`."""
        keys = list(keys)
        self._used.update(keys)
        return dict(self._select("pages", "value", keys))

    def store_page(self, key: str, text: str | bytes) -> None:
        """Remember one rendered text (written when the build saves)."""
        self._used.add(key)
        self._new["pages"][key] = (key, text)

    def derived(
        self,
        kind: str,
        articles: list[Article],
        context: object,
        make: Callable[[], dict[str, str | bytes]],
        keep: bool = True,
        joins: tuple[str, int] | None = None,
        view: int = WHOLE,
    ) -> dict[str, str | bytes | None]:
        """Files made from every article (index pages, feeds, the export): from the cache
        when no article and nothing in `context` changed, else `make()`; None for a file
        that is `current`. Without `keep`, made files are not kept in the cache (the export,
        cheap to join again from its cached records). `joins` names the kind (and view) of
        `each` text that `make` joins: those stay cached even when the files are current and
        `make` does not run, so the next change re-renders one article's, not every article's.
        `view`: what the files show of the articles (`VIEWS`)."""
        if joins:
            self.in_use(self._each_keys(joins[0], articles, view=joins[1]))
        return self.derived_each(kind, [articles], context, lambda _: make(), keep, view)[0]

    def joined(
        self,
        kind: str,
        path: str,
        articles: list[Article],
        context: object,
        part: tuple[str, Callable[[Article], bytes]],
        join: Callable[[list[bytes | memoryview]], bytes],
        split: Callable[[bytes], list[memoryview]],
    ) -> dict[str, bytes | None]:
        """The file `path` joined from a text of each article (`part`: the kind and maker of
        `each`), as `derived` makes it. `split` gives back the texts `join` joined: when the
        last build's file is untouched, the texts are taken from it, one read rather than
        one row a text (the export at 10,000 seeds: 90 MB of 11,000 records, 0.16 s against
        0.3 s, 0.6 s with the cache out of the page cache), and only new ones from the cache."""
        part_kind, make_part = part
        keys = self._each_keys(part_kind, articles)

        def make() -> dict[str, str | bytes]:
            # No path is given to `each`, so none of its texts is None; each is `make_part`'s
            # bytes, made now or stored as they were.
            return {path: join(cast(list[bytes | memoryview], self.each(part_kind, articles, make_part, known=self._texts_in(path, split))))}

        files = self.derived(kind, articles, context, make, keep=False, joins=(part_kind, WHOLE))
        self._keep_layout(path, files, [key or "" for key in keys])
        return files

    def _texts_in(self, path: str, split: Callable[[bytes], list[memoryview]]) -> dict[str, memoryview]:
        """The texts `joined` put in the docs dir's file `path`, by key, if it is untouched."""
        last = self._last_layout(path)
        if last is None:
            return {}
        keys, data = last
        texts = split(data)
        return dict(zip(keys, texts)) if len(keys) == len(texts) else {}

    def _keep_layout(self, path: str, files: dict[str, str | bytes | None], layout: list[str] | None) -> None:
        """After `derived` gave the docs dir's file `path` (in `files`, None when it is right
        already): keep the `layout` of the texts joined in it (a line each), or keep the
        last one in use. Nothing for a file of articles of unknown origin."""
        made = self._made.get(path)
        if made and files[path] is None:
            self.in_use([f"{LAYOUT}{path}"])
        elif made and layout is not None:
            self.store_page(f"{LAYOUT}{path}", "\n".join([made, *layout]))

    def _last_layout(self, path: str) -> tuple[list[str], bytes] | None:
        """The layout kept with the docs dir's file `path` (`_keep_layout`), and the file's
        bytes, if the file is untouched since; else None."""
        known = self._recorded().get(path)
        if known is None or not self.current(path, known[0]):
            return None
        name = f"{LAYOUT}{path}"
        made, *layout = str(self.pages([name]).get(name, "")).split("\n")
        if made != known[0]:  # the layout of another text of the file
            return None
        try:
            return layout, (self.docs_dir / path).read_bytes()
        except OSError:
            return None

    def derived_each(
        self,
        kind: str,
        groups: list[list[Article]],
        context: object,
        make: Callable[[int], dict[str, str | bytes]],
        keep: bool = True,
        view: int = WHOLE,
    ) -> list[dict[str, str | bytes | None]]:
        """`derived` for each group of articles (a story's page from its members), looked
        up together; `make(n)` makes the files of the nth group."""
        keys = [self._key(kind, [repr(context), *self.names(group, view).values()]) for group in groups]
        self._recorded()
        paths = self._paths_of
        made: list[dict[str, str | bytes | None] | None] = []
        for key in keys:
            if key and key in paths and all(self.current(path, key) for path in paths[key]):
                self._used.add(key)
                made.append(dict.fromkeys(paths[key]))
            else:
                made.append(None)
        found = self.pages(key for key, files in zip(keys, made) if key and files is None)
        missing = [number for number, key in enumerate(keys) if made[number] is None and key not in found]
        new = dict(zip(missing, self._spread(make, missing, MIN_ITEMS)))
        for number, key in enumerate(keys):
            if made[number] is not None:
                continue
            if key in found:
                made[number] = json.loads(found[key])
                continue
            files = new[number]
            if key is not None and keep:
                self.store_page(key, json.dumps(files, ensure_ascii=False))
            made[number] = files
        for key, files in zip(keys, made):
            if key:
                self._made.update(dict.fromkeys(files or {}, key))
        return [files or {} for files in made]

    def group_keys(self, kind: str, groups: list[tuple[str, list[Article]]], view: int = WHOLE) -> list[str | None]:
        """The key of a text made from each (context, articles) group, showing them in `view`, for `texts`."""
        return [self._key(kind, [context, *self.names(group, view).values()]) for context, group in groups]

    def in_use(self, keys: Iterable[str | None]) -> None:
        """Keep these texts through the next prune although this build may not fetch them."""
        self._used.update(key for key in keys if key)

    def texts(self, keys: list[str | None], make: Callable[[int], str], known: dict[str, str] | None = None) -> list[str]:
        """The text of each key (`group_keys`): `known` (by key), cached, else `make(n)` for
        the nth, then kept."""
        known = known or {}
        self.in_use(key for key in keys if key in known)
        found = self.pages(key for key in keys if key and key not in known)
        texts = []
        for number, key in enumerate(keys):
            if key in known or key in found:
                texts.append(known[key] if key in known else str(found[key]))
                continue
            texts.append(make(number))
            if key:
                self.store_page(key, texts[-1])
        return texts

    def parted(
        self, kind: str, path: str, articles: list[Article], keys: list[str | None], make: Callable[[int], str],
        join: Callable[[list[str]], str], view: int,
    ) -> dict[str, str | None]:
        """The file `path` (the timeline, a topic page) as `derived` makes it, showing `articles`
        in `view`: `join(texts)`, a head and then the texts of `keys` (`texts`), each after a
        newline. When the last build's file is untouched, the texts it holds are taken from
        it, one read rather than a row each: at 10,000 seeds an edit joined 14 MB of them
        again, rows all over the cache file (51 MB read with the file out of the page cache)."""

        layout: list[str] = []  # each text's key and length, once made (here: a file is one group)

        def make_file() -> dict[str, str | bytes]:
            texts = self.texts(keys, make, self._parts_in(path))
            layout.extend(f"{key or ''} {len(text)}" for key, text in zip(keys, texts))
            return {path: join(texts)}

        files = self.derived(kind, articles, None, make_file, keep=False, view=view)
        self._keep_layout(path, files, layout or None)
        return files

    def _parts_in(self, path: str) -> dict[str, str]:
        """The texts `parted` joined into the docs dir's file `path`, by key, if it is untouched."""
        last = self._last_layout(path)
        if last is None or not last[0]:
            return {}
        layout, data = last
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return {}
        parts = [line.rpartition(" ") for line in layout]
        lengths = [int(length) for _, _, length in parts]
        at = len(text) - sum(lengths) - len(lengths)  # where the head ends
        found = {}
        for (key, _, _), length in zip(parts, lengths):
            if text[at:at + 1] != "\n":
                return {}
            if key:
                found[key] = text[at + 1:at + 1 + length]
            at += 1 + length
        return found if at == len(text) else {}

    # Saving -----------------------------------------------------------------

    def save(self, prune: bool = False) -> None:
        """Write this build's new entries; with `prune` (a build of every seed), also drop
        the entries nothing used this time, so the cache does not grow forever: once the
        entries written since the last prune are more than one in `PRUNE_GROWTH` of those
        it kept (reading every key costs 0.06 s at 10,000 seeds; an edit writes a few dozen
        entries of 60,000)."""
        self._keep_stage_state()
        self._write_stage_file()
        with self._db:
            for table in self._stale:  # a seed file's digest depends on its bytes alone: "files" stays
                self._db.execute(f"DELETE FROM {table}")
                if table == "pages":  # the recorded outputs were made by other templates
                    self._db.execute("DELETE FROM outputs")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (table, self.fingerprints[table]))
            # In key order, so that entries of a kind (seeds' results, their lazy fields, their
            # vectors; pages, entries, records) lie together in the file: a build reads one
            # kind of all seeds, which from a file out of the page cache was reads all over
            # its 430 MB at 10,000 seeds (loading the results took 1.0 s instead of 0.2 s).
            self._db.executemany("INSERT OR REPLACE INTO seeds VALUES (?, ?)", sorted(self._new["seeds"].values()))
            self._db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)", sorted(self._new["pages"].values()))
            self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", self._new["files"].values())
            self._db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", self._new["outputs"].values())
            if self._postings is not None or "seeds" in self._stale:  # made of other vectors
                self._db.execute("DELETE FROM postings")
            if self._postings is not None:
                self._db.executemany("INSERT INTO postings VALUES (?, ?, ?, ?)", self._postings)
                self._postings = None
            written = sum(len(entries) for entries in self._new.values())
            if written:
                meta = dict(self._db.execute("SELECT name, value FROM meta"))
                since, kept = int(meta.get("written", 0)) + written, int(meta.get("kept", 0))
                if prune and since * PRUNE_GROWTH > kept:
                    kept, since = self._prune(), 0
                self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", (("written", str(since)), ("kept", str(kept))))
        self._stale.clear()
        for entries in self._new.values():
            entries.clear()

    def _prune(self) -> int:
        """Drop the entries this build did not use; how many are kept."""
        kept = 0
        # The keys come from the tables' indexes; few of them are unused, so this is
        # cheaper than handing SQLite every key that was used.
        for table, column, used in (("seeds", "key", self._used), ("pages", "key", self._used),
                                    ("files", "path", self._used), ("outputs", "path", self._made)):
            keys = [key for (key,) in self._db.execute(f"SELECT {column} FROM {table}")]
            unused = [(key,) for key in keys if key not in used]
            self._db.executemany(f"DELETE FROM {table} WHERE {column} = ?", unused)
            kept += len(keys) - len(unused)
        return kept

    def close(self) -> None:
        self._db.close()
        self._closed = True
        # The build's objects, kept out of the collector's sight while it ran, come back
        # into it: they hold cycles through this cache (each cached article's loader), and
        # `serve` builds again in the same process (13 MB kept a build at 1,000 seeds).
        gc.unfreeze()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Uncached:
    """The `Cache` interface for reading seeds with no cache at all: every seed is read."""

    def __init__(self) -> None:
        self._vectors: dict[str, Vectors] = {}

    def seed_key(self, path: Path) -> str:
        return str(path)

    def stored(self, keys: list[str]) -> set[str]:
        return set()

    def read_ahead(self) -> None:
        pass

    def load(self, keys: Iterable[str]) -> dict[str, SeedResult]:
        return {}

    def store(self, key: str, result: SeedResult) -> None:
        pass

    def remember_origin(self, key: str, result: SeedResult) -> None:
        pass

    def keep_vectors(self, key: str, found: tuple[Vectors, ...]) -> None:
        for v in found:  # the first article of an id is the one published
            self._vectors.setdefault(v.id, v)

    def stories(self, articles: list[Article], group: Callable[[list[Article], Pairs, Before | None], list[Article]]) -> list[Article]:
        return group(articles, scored_pairs([self._vectors.get(a.id) or vectors(a) for a in articles]), None)


def render_pages(articles: list[Article], env: jinja2.Environment, curated: Curated, cache: Cache) -> dict[str, str | None]:
    """What `render_site_pages` renders, each file from the cache when its inputs are
    unchanged, or None when the file in the docs dir is already right."""
    from .story_pages import coverage_view, render_stories_index, render_story_page, render_timeline_section, timeline_sections
    from .stories import story_list

    by_id = {article.id: article for article in articles}
    paths = [f"articles/{article.id}.md" for article in articles]
    pages = cache.each("page", articles, lambda a: render_article(a, env, curated, coverage_view(a, by_id)), paths, with_related=True, on_workers=True)
    files = dict(zip(paths, pages))

    known: dict[str, dict[str, str]] = {}

    def entries(group: list[Article]) -> dict[str, dict[str, str]]:
        """The group's list entries; each fetched and decoded once a build, as the home page
        and the topic pages an edit touches share most of theirs."""
        wanted = [article for article in group if article.id not in known]
        texts = cache.each("entry", wanted, lambda a: json.dumps(render_entries(a, env, curated)), view=LISTED)
        known.update((article.id, json.loads(str(text))) for article, text in zip(wanted, texts))
        return {article.id: known[article.id] for article in group}

    def lists() -> dict[str, str]:
        return {**render_home_pages(articles, env, curated, entries(articles[:LATEST])), **render_stories_index(articles, env)}

    # The timeline is joined from its sections, each kept by the articles it shows: an edit
    # renders again the month it is in. The sections stay cached while the page is current.
    stories = story_list(articles)
    sections = timeline_sections(articles, stories)
    section_keys = cache.group_keys("timeline", [(repr((s.year, s.heading, s.level)), s.shown(by_id)) for s in sections], PLACED)
    cache.in_use(section_keys)

    def section(number: int) -> str:
        shown = [a for a in sections[number].entries if isinstance(a, Article)]
        return render_timeline_section(sections[number], by_id, entry_views(shown, env, curated, entries(shown)), env)

    def timeline(texts: list[str]) -> str:
        return render_timeline(articles, env, curated, texts)["timeline.md"]

    # A topic page is joined from its runs of entries, kept as the timeline's sections are.
    members_of = topic_members(curated.topics, articles)
    runs_of = {topic.id: topic_runs(members_of[topic.id]) for topic in curated.topics}
    run_keys = {
        topic.id: cache.group_keys("topic-run", [(topic.id, run) for run in runs_of[topic.id]], LISTED) for topic in curated.topics
    }
    cache.in_use(key for keys in run_keys.values() for key in keys)

    def topic_run(topic: Topic, number: int) -> str:
        run = runs_of[topic.id][number]
        return render_topic_run(run, env, curated, entries(run))

    def topic_page(topic: Topic, members: list[Article], texts: list[str]) -> str:
        return render_topic_page(topic, members, env, texts)[f"topics/{topic.id}.md"]

    # Index pages are not kept whole (tens of megabytes at 10,000 seeds, stored again on
    # every change): joining the cached entries again costs less. A topic's page is made
    # from its own articles, so an edit makes again only the topic pages it is on.
    # Home and the stories index show the latest articles' entries, and of every article,
    # what stories and topic counts show: an edit of an older article's text leaves them be.
    latest = tuple(cache.names(articles[:LATEST], LISTED).values())
    files.update(cache.derived("indexes", articles, latest, lists, keep=False, joins=("entry", LISTED), view=BRIEF))
    files.update(cache.parted("timeline", "timeline.md", articles, section_keys, section, timeline, PLACED))
    for topic in curated.topics:
        members = members_of[topic.id]
        files.update(cache.parted(f"topic-{topic.id}", f"topics/{topic.id}.md", members, run_keys[topic.id], partial(topic_run, topic),
                                  partial(topic_page, topic, members), LISTED))
    story_members = [[by_id[i] for i in story.members] for story in stories]
    story_pages = cache.derived_each("story", story_members, None, lambda n: render_story_page(stories[n], story_members[n], env), view=PLACED)
    for story_files in story_pages:
        files.update(story_files)  # a story's page is made from its members alone
    return files


def open_cache(settings: Settings) -> Cache:
    """The build's cache (created empty if missing; entries of stale fingerprints are ignored)."""
    return Cache(cache_path(settings), settings)
