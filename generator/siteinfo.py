"""What the generator needs to know about the published site, read from `mkdocs.yml`.

Feeds and the export carry absolute links, so the generator needs `site_url`
before MkDocs runs. `mkdocs.yml` is read here with a safe loader that
understands MkDocs's `!ENV` tag (so a deployment sets `SITE_URL` without
editing the file) and ignores every other tag, without importing MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from .model import Problem


@dataclass(frozen=True)
class SiteInfo:
    """The site's name, description and public address."""

    name: str
    description: str
    url: str
    """The site's root, absolute, ending with `/`."""

    def link(self, path: str) -> str:
        """The absolute address of a site-relative `path` (`articles/x/`, `feed.xml`)."""
        return urljoin(self.url, path)


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Safe loading of mkdocs.yml: `!ENV` resolved as MkDocs does, other tags read as None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    # MkDocs (pyyaml_env_tag): each name is tried in turn; with more than one
    # item the last is the default when no variable is set.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = [loader.construct_object(child) for child in node.value]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return yaml.safe_load(os.environ[name])
    return default


_MkDocsYamlLoader.add_constructor("!ENV", _env_tag)
_MkDocsYamlLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_info(mkdocs_yml: Path) -> tuple[SiteInfo | None, list[Problem]]:
    """The site's details from mkdocs.yml, or the problems that stop feeds being made."""
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_MkDocsYamlLoader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        return None, [Problem(str(mkdocs_yml), "error", f"cannot read the site configuration: {exc}")]
    if not isinstance(config, dict):
        return None, [Problem(str(mkdocs_yml), "error", "the site configuration must be a mapping")]
    url = str(config.get("site_url") or "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        message = "set site_url to the site's absolute http(s) address (feeds need absolute links), or SITE_URL in the environment"
        return None, [Problem(str(mkdocs_yml), "error", message)]
    if not url.endswith("/"):
        url += "/"
    return SiteInfo(str(config.get("site_name") or "Briefing"), str(config.get("site_description") or ""), url), []
