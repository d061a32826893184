"""Build settings: few, typed, and resolved against the project root in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .seeds import DEFAULT_MAX_BYTES

SUMMARY_WORDS = 60
"""The longest summary, in words, unless a build asks otherwise (`summarize.summarize`'s too)."""


@dataclass(frozen=True)
class Settings:
    """Where things are and the limits that apply; every path absolute or relative to the cwd."""

    root: Path = Path(".")
    """The project: the folder holding `mkdocs.yml`, `content/` and `templates/`."""
    seeds_dir: Path | None = None
    """Seed files and their override sidecars (default `content/seeds`)."""
    docs_dir: Path | None = None
    """Where generated pages go: MkDocs's `docs_dir` (default `build/docs`)."""
    site_dir: Path | None = None
    """Where the built site goes (default `site`)."""
    max_seed_bytes: int = DEFAULT_MAX_BYTES
    """Seeds larger than this are refused."""
    summary_words: int = SUMMARY_WORDS
    """The longest summary, in words."""
    strict: bool = False
    """Fail the run on any error or warning."""
    content_dir: Path = field(init=False)
    templates_dir: Path = field(init=False)
    mkdocs_config: Path = field(init=False)

    def __post_init__(self) -> None:
        root = self.root
        object.__setattr__(self, "seeds_dir", self.seeds_dir or root / "content" / "seeds")
        object.__setattr__(self, "docs_dir", self.docs_dir or root / "build" / "docs")
        object.__setattr__(self, "site_dir", self.site_dir or root / "site")
        object.__setattr__(self, "content_dir", root / "content")
        object.__setattr__(self, "templates_dir", root / "templates")
        object.__setattr__(self, "mkdocs_config", root / "mkdocs.yml")
