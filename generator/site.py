"""Run MkDocs on the generated pages: the site is built aside, then swapped in."""

from __future__ import annotations

import logging
import os

from .config import Settings
from .output import replace_dir


class SiteError(Exception):
    """MkDocs refused to build the site (in strict mode, any MkDocs warning)."""


def build_site(settings: Settings) -> None:
    """`mkdocs build` of the docs dir into the site dir, honouring --strict."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the MkDocs 2.0 banner is noise here
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def fill(folder):
        config = load_config(
            str(settings.mkdocs_config),
            docs_dir=str(settings.docs_dir.resolve()),
            site_dir=str(folder),
            strict=settings.strict,
        )
        try:
            build(config)
        except (Abort, ConfigurationError) as exc:
            raise SiteError(f"{settings.mkdocs_config}: error: MkDocs: {exc}") from None

    replace_dir(settings.site_dir, fill)
