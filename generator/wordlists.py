"""A word list kept beside the build as an SQLite file, for a process that weighs a few
hundred words (an edit's story page: its members' terms) to look them up one by one
rather than load the whole list (320,000 words, 0.1 s of an edit at 10,000 seeds).

The file names the data file it was made from (its path, size and time), and is used
only while that file is unchanged, so a new wordfreq is read afresh. It is written by
a process that loaded the whole list anyway, once, through a temporary file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

LOOKUPS_BEFORE_LOADING = 5000
"""Words a process looks up in a kept list before it loads the whole list instead: a
cold build weighs tens of thousands, where one dictionary is cheaper."""
STALE_LOCK_SECONDS = 600
"""A lock this old was left by a process that died while it wrote the file."""


def _path(folder: Path, language: str) -> Path:
    return folder / f"words-{language}.sqlite"


class KeptWords:
    """The kept list of one language: `get(word)` is its frequency, or None."""

    def __init__(self, path: Path):
        self.path = path
        self.lookups = 0
        self._pid = -1
        self._db: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._pid != os.getpid():  # a forked process: a connection of its own, never the parent's
            # Immutable: the file is never changed, only replaced whole (`keep_words`), and
            # this connection keeps reading the one it opened. SQLite then takes no lock and
            # checks for no change: a lookup makes 2 system calls rather than 9 (traced).
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        assert self._db is not None
        return self._db

    def get(self, word: str, default: float | None = None) -> float | None:
        self.lookups += 1
        row = self._connection().execute("SELECT frequency FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else default


def kept_words(folder: Path, language: str, source: str) -> KeptWords | None:
    """The list kept in `folder` for `language`, if it was made from `source` (the data
    file as `source_of` names it); else None."""
    path = _path(folder, language)
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            found = db.execute("SELECT value FROM meta WHERE name = 'source'").fetchone()
    except sqlite3.Error:
        return None
    return KeptWords(path) if found == (source,) else None


def source_of(data_file: Path) -> str:
    """What names a data file's state: its path, size and modification time."""
    stat = data_file.stat()
    return f"{data_file}:{stat.st_size}:{stat.st_mtime_ns}"


def keep_words(folder: Path, language: str, source: str, frequencies: dict[str, float]) -> None:
    """Keep `frequencies` in `folder` as the list of `language` made from `source`, unless
    another process is writing it now. Written to a temporary file, then moved into place."""
    path = _path(folder, language)
    lock = path.with_name(f"{path.name}.lock")
    try:
        if lock.exists() and time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
            lock.unlink()
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except OSError:  # another process writes it (or the folder is gone)
        return
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        for left in folder.glob(f"{path.name}.*.partial*"):  # of a writer that was stopped
            left.unlink(missing_ok=True)
        with sqlite3.connect(partial) as db:
            db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, frequency REAL) WITHOUT ROWID")
            db.execute("INSERT INTO meta VALUES ('source', ?)", (source,))
            db.executemany("INSERT INTO words VALUES (?, ?)", sorted(frequencies.items()))
        db.close()
        os.replace(partial, path)
    except BaseException as exc:
        for left in (partial, partial.with_name(f"{partial.name}-journal")):
            left.unlink(missing_ok=True)
        if not isinstance(exc, (OSError, sqlite3.Error)):
            raise
    finally:
        lock.unlink(missing_ok=True)
