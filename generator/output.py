"""Write a folder of files so that readers see either the old one or the new one, whole.

Files are written into a fresh temporary folder beside the destination, which is
then swapped in by two renames; a failure before the swap leaves the previous
output untouched, and files of deleted seeds disappear with the old folder.

`update_dir` keeps that guarantee and also leaves unchanged files alone: a file
whose bytes are the same enters the new folder as a hard link to the old one (same
inode, so the same modification time, and nothing written), and when nothing
changed at all there is no new folder. MkDocs's `--dirty` and `serve` then see only
the pages that really changed.

When only a few files change (a tenth or fewer, as when one seed is edited), they are
replaced in place instead, each whole by a rename: swapping in a new folder of 11,000
hard links for one edited seed cost 1.4 s at 10,000 seeds. An interrupted in-place
update may leave some files new and some old, each whole; the next build puts the
rest right, since the cache never records a file it did not see written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

IN_PLACE_SHARE = 10
"""Changes to at most one file in this many are made in place rather than by a swap."""
REMOVERS = 8
"""Threads deleting a retired folder. Deleting waits on the disk's journal, not the CPU, so
several at once go faster: the site of 1,000 seeds (2,400 files and folders, written to disk)
went in 0.4 to 0.9 s with 8 threads against 0.8 to 2.9 s for `shutil.rmtree`, on the 2-core
benchmark machine (copies of `site/`, synced, removed both ways in turn, five times each)."""


def replace_dir(dest: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary folder with `fill(folder)`, then swap it in as `dest`."""
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        fill(staging)
        staging.chmod(0o755)
        if dest.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
            retired.rmdir()
            dest.rename(retired)
            staging.rename(dest)
            remove_tree(retired)
        else:
            staging.rename(dest)
    except BaseException:
        remove_tree(staging)
        raise


def remove_tree(folder: Path) -> None:
    """Delete `folder` and what it holds, many entries at a time; like
    `shutil.rmtree(folder, ignore_errors=True)`, what cannot be deleted stays."""
    files: list[str] = []
    levels: dict[int, list[str]] = {}
    for top, dirs, names in os.walk(folder):
        levels.setdefault(top.count(os.sep), []).append(top)
        files += [os.path.join(top, name) for name in names]
        # A link to a folder is listed as a folder but not entered: it goes as a file.
        files += [os.path.join(top, name) for name in dirs if os.path.islink(os.path.join(top, name))]
    with ThreadPoolExecutor(REMOVERS) as pool:
        list(pool.map(_quietly(os.unlink), files))
        for depth in sorted(levels, reverse=True):  # a folder after everything inside it
            list(pool.map(_quietly(os.rmdir), levels[depth]))
    shutil.rmtree(folder, ignore_errors=True)  # anything added meanwhile


def _quietly(remove: Callable[[str], None]) -> Callable[[str], None]:
    def attempt(path: str) -> None:
        try:
            remove(path)
        except OSError:
            pass

    return attempt


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Write text files (relative path -> content) under `folder`, in sorted order."""
    for relative in sorted(files):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[relative], encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class Staged:
    """A file's new bytes, written already (by another process) to `path` on the same file
    system as the folder `update_dir` makes: moved into place rather than written again."""

    path: Path


def stage(folder: Path, relative: str, data: bytes) -> Staged:
    """Write `data` to a new file in `folder` (beside the docs dir) for `update_dir`, and
    on to the disk: staged on a worker, a file is then moved into place by the build, and
    ext4 writes out a file that replaces another inside the rename (0.04 s of an edit for
    the 90 MB export at 10,000 seeds). On disk first, it is also whole after a crash."""
    path = folder / relative.replace("/", "__")
    with open(path, "wb") as handle:
        handle.write(data)
        os.fsync(handle.fileno())
    return Staged(path)


@dataclass(frozen=True)
class Changes:
    """What `update_dir` did to the folder."""

    written: tuple[str, ...]
    """New or changed files, relative paths, sorted."""
    removed: tuple[str, ...]
    """Files that were there and are no longer wanted."""
    kept: int
    """Files left as they were (same bytes, same inode, same time)."""
    swapped: bool = False
    """Whether a new folder was swapped in: the kept files are then new hard links to the
    same inodes, whose change time (ctime) moved."""


def _existing(folder: Path) -> set[str]:
    """Relative paths (with `/`) of the files under `folder`."""
    found = set()
    for top, _, names in os.walk(folder):
        prefix = os.path.relpath(top, folder).replace(os.sep, "/")
        found.update(name if prefix == "." else f"{prefix}/{name}" for name in names)
    return found


def _same(path: Path, data: bytes | Staged) -> bool:
    try:
        if isinstance(data, Staged):
            if path.stat().st_size != data.path.stat().st_size:
                return False
            data = data.path.read_bytes()
        elif path.stat().st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def update_dir(dest: Path, files: dict[str, str | bytes | Staged | None]) -> Changes:
    """Make `dest` hold exactly `files` (relative path -> text, bytes, or bytes `Staged`
    already), swapped in whole as `replace_dir` does, rewriting only the files whose bytes
    change. A file given as None is one the caller knows to be already right (see
    `cache.Cache.current`): it is kept without being read."""
    dest = dest.resolve()
    encoded: dict[str, bytes | Staged] = {
        relative: text.encode("utf-8") if isinstance(text, str) else text for relative, text in files.items() if text is not None
    }
    existing = _existing(dest) if dest.is_dir() else set()
    kept = {relative for relative, text in files.items() if text is None}
    if kept - existing:
        raise OutputError(f"{dest / min(kept - existing)}: removed while the pages were made; build again")
    same = kept | {relative for relative, data in encoded.items() if relative in existing and _same(dest / relative, data)}
    written, removed = tuple(sorted(files.keys() - same)), tuple(sorted(existing - files.keys()))
    if dest.is_dir() and len(written) + len(removed) <= len(files) // IN_PLACE_SHARE:
        _update_in_place(dest, {relative: encoded[relative] for relative in written}, removed)
        return Changes(written, removed, len(same))

    def fill(folder: Path) -> None:
        made: set[Path] = set()
        for relative in sorted(files):
            path = folder / relative
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            if relative in same:
                try:
                    os.link(dest / relative, path)
                    continue
                except OSError:  # a file system without hard links: copy the bytes instead
                    if relative in kept:
                        shutil.copy2(dest / relative, path)
                        continue
            _put(path, encoded[relative])

    replace_dir(dest, fill)
    return Changes(written, removed, len(same), swapped=True)


def _put(path: Path, data: bytes | Staged) -> None:
    """Write a file of a new folder, or move its staged bytes there."""
    if isinstance(data, Staged):
        os.replace(data.path, path)
    else:
        path.write_bytes(data)


def _update_in_place(dest: Path, written: dict[str, bytes | Staged], removed: tuple[str, ...]) -> None:
    """Replace each of `written` whole (a reader sees the old bytes or the new), then
    delete `removed` and the folders they leave empty."""
    for relative, data in written.items():
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Staged):  # whole already: one rename
            _put(path, data)
            continue
        # A dot name: MkDocs ignores it should it look at the folder meanwhile.
        staging = path.with_name(f".{path.name}.new-{os.getpid()}")
        try:
            staging.write_bytes(data)
            os.replace(staging, path)
        finally:
            staging.unlink(missing_ok=True)
    for relative in removed:
        (dest / relative).unlink(missing_ok=True)
        for parent in (dest / relative).parents:
            if parent == dest or any(parent.iterdir()):
                break
            parent.rmdir()


class OutputError(Exception):
    """The output folder changed under the build."""
