"""Find seed files and decode them to text, refusing what cannot be an article."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from .model import Seed

OVERRIDE_SUFFIXES = (".yml", ".yaml")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# The longest paragraph in the 181 benchmark articles is 2,071 characters (ground-truth.json);
# fifty times that is no paragraph: a file whose line breaks were lost, or filler.
MAX_LINE_CHARS = 100_000
SEED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\Z")
# Longest first: a UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x">, <meta http-equiv=... content="...; charset=x">, <?xml ... encoding="x"?>
_DECLARED = re.compile(rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


class SeedError(Exception):
    """A seed that cannot be published, with the 1-based line where that is known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def find_seeds(seeds_dir: Path) -> list[Path]:
    """Seed files in `seeds_dir`, sorted; override sidecars and hidden files are not seeds."""
    with os.scandir(seeds_dir) as entries:  # the listing tells files apart: no stat per seed
        names = sorted(
            entry.name
            for entry in entries
            if not entry.name.startswith(".") and os.path.splitext(entry.name)[1].lower() not in OVERRIDE_SUFFIXES and entry.is_file()
        )
    return [seeds_dir / name for name in names]  # one folder: the same order as sorting paths, in a tenth of the time


RESERVED_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)), "INDEX"})
"""Device names on Windows, and `index`, whose page would be the articles folder's own index."""


def seed_stem(path: Path) -> str:
    """The seed's file name without its extension: its id, if `seed_id` accepts it."""
    name = path.name
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def seed_id(path: Path) -> str:
    """The seed's id: its file name without the extension, if it is safe as a URL and file name."""
    stem = seed_stem(path)
    if not SEED_ID.match(stem) or stem.endswith("."):
        raise SeedError(
            f"file name {path.name!r} cannot be a page name: use letters, digits, '_', '-' and '.' only "
            "(for example 005_ab12cd34ef56ab78.txt)"
        )
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        raise SeedError(f"file name {path.name!r} is a name Windows reserves for a device; a clone there could not hold its page")
    return stem


def line_of(text: str, where: int | re.Match[str] | None) -> int | None:
    """The 1-based line of an offset (or a match's start) in `text`; None when there is none."""
    if where is None:
        return None
    offset = where.start() if isinstance(where, re.Match) else where
    return text.count("\n", 0, offset) + 1


def _single_byte(encoding: str) -> bool:
    """Every byte is one character (cp1252, cp1251...), unlike Shift_JIS or UTF-16."""
    return len(bytes(range(0x80, 0x100)).decode(encoding, errors="replace")) == 0x80


def _reads_as_western(text: str) -> bool:
    """Whether a cp1252 reading looks like a Western language rather than misread bytes.

    In French, German, Spanish, Portuguese and English with curly quotes, most
    non-ASCII characters sit between ASCII ones ("café", "It’s": 71-100% of them on
    the samples in tests/test_readers.py); Cyrillic or Greek bytes read as cp1252
    come in runs ("Ïðàâèòåëüñòâî": 3-4%). Half is the line between the two.
    """
    positions = [i for i, c in enumerate(text) if ord(c) > 0x7F]
    if not positions:
        return True
    alone = sum(1 for i in positions if (i == 0 or ord(text[i - 1]) < 0x80) and (i + 1 == len(text) or ord(text[i + 1]) < 0x80))
    return alone / len(positions) >= 0.5


def _declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML seed declares in its first 2 KB, if Python knows it."""
    match = _DECLARED.search(data[:2048])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes to text: a byte-order mark, strict UTF-8, a declared charset, then a guess with a warning."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), ()
            except UnicodeDecodeError as exc:
                raise SeedError(f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from None
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
        where = f"not UTF-8 (line {bad_line} has the first byte that is not)"
    declared = _declared_encoding(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), (f"{where}; read as {declared}, the charset the file declares; save the seed as UTF-8",)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # only for the rare non-UTF-8 seed

    best = from_bytes(data).best()
    if best is None:
        raise SeedError(f"{where}, and not text in any encoding that could be detected; save the seed as UTF-8")
    encoding, text = best.encoding, str(best)
    if _single_byte(encoding) and encoding != "cp1252":
        # charset-normalizer takes short Western text for cp1250 or a Mac code page.
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = ""
        if western and _reads_as_western(western):
            encoding, text = "cp1252", western
    return text, (f"{where}; read as {encoding} by guessing; save the seed as UTF-8 to be sure",)


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
    check_line_lengths(text)
    return Seed(path=path, id=ident, text=text, warnings=warnings)


def check_line_lengths(text: str) -> None:
    """Refuse prose with a line no article has. Markup and JSON are exempt: saved pages
    and API exports often put everything on one line."""
    if text.lstrip()[:1] in ("<", "{", "["):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise SeedError(f"line is {len(line):,} characters long, over the {MAX_LINE_CHARS:,} a paragraph of prose could be", number)
