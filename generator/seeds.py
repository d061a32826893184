"""Find seed files and decode them to text, refusing what cannot be an article."""

from __future__ import annotations

import re
from pathlib import Path

from .model import Seed

OVERRIDE_SUFFIXES = (".yml", ".yaml")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SEED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\Z")


class SeedError(Exception):
    """A seed that cannot be published, with the 1-based line where that is known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def find_seeds(seeds_dir: Path) -> list[Path]:
    """Seed files in `seeds_dir`, sorted; override sidecars and hidden files are not seeds."""
    return sorted(
        path
        for path in seeds_dir.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() not in OVERRIDE_SUFFIXES
    )


def seed_id(path: Path) -> str:
    """The seed's id: its file name without the extension, if it is safe as a URL and file name."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name[1:] else path.name
    if not SEED_ID.match(stem) or stem.endswith("."):
        raise SeedError(
            f"file name {path.name!r} cannot be a page name: use letters, digits, '_', '-' and '.' only "
            "(for example 005_ab12cd34ef56ab78.txt)"
        )
    return stem


def seed_id_or_none(path: Path) -> str | None:
    """The seed's id, or None when its file name cannot be one."""
    try:
        return seed_id(path)
    except SeedError:
        return None


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes to text: strict UTF-8 first, then a detected encoding with a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for the rare non-UTF-8 seed

    best = from_bytes(data).best()
    if best is None:
        raise SeedError("not text in any known encoding; save the seed as UTF-8")
    return str(best), (f"not UTF-8; read as {best.encoding} (save the seed as UTF-8 to be sure)",)


def read_seed(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Seed:
    """Read and decode one seed file, or raise `SeedError` saying why it cannot be used."""
    ident = seed_id(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise SeedError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for a seed")
    data = path.read_bytes()
    if not data.strip():
        raise SeedError("file is empty or only whitespace")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SeedError("binary file (NUL bytes); a seed must be text")
    text, warnings = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Seed(path=path, id=ident, text=text, warnings=warnings)
