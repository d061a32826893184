"""`mkdocs build` with its two page loops spread over the cores.

MkDocs builds in one process: it renders every page's Markdown, then puts every
page through the theme's template. At 10,000 seeds those two loops are nearly all
of a build's 100 s, one core busy and the other idle. Each page's work in them
depends only on that page and on what was gathered before the loop (the files, the
nav, the theme), so forked workers can each take ranges of pages, as MkDocs would
have taken them one after another; what the parent needs back is sent back:

- from the Markdown loop, the page attributes rendering set (the HTML, the table of
  contents, the title found, the anchors);
- from the template loop, which writes its pages itself, the search plugin's entries
  for them, joined in page order as MkDocs's loop appends them;
- from both, what was logged at warning level or above, logged again in the parent
  in page order, so `--strict` counts it and the user sees it once.

That holds only for plugins that keep no other state across pages: the page events
must be the ones named in `KNOWN_PAGE_EVENTS` (Material's search), and rendering must
set no attribute beyond `RENDERED`. Otherwise, and where workers cannot be forked
(`briefing serve`'s threads) or with one worker (`BRIEFING_JOBS=1`), MkDocs's own
`build` runs. Tests compare the two sites file by file; at 10,000 seeds, the same site
took 54 s on two cores against 102 s.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mkdocs
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from .parallel import can_fork, spread, worker_count

log = logging.getLogger("mkdocs")

KNOWN_PAGE_EVENTS = {"page_context": {"material.plugins.search.plugin.SearchPlugin.on_page_context"}}
"""The plugin methods on page events whose effects the workers send back."""
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")
RENDERED = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
"""What `_populate_page` sets on a page in MkDocs 1.6."""
MIN_PAGES = 64
"""Fewer pages build faster in one process than forking two."""


class _Unsupported(Exception):
    """Rendering set a page attribute the workers do not send back (a newer MkDocs)."""


@dataclass
class _Job:
    """What forked workers read: set by the parent before it forks them."""

    config: object
    files: Files
    pages: list[Page]
    doc_files: list[File] | None = None
    nav: object = None
    env: object = None
    search: object = None


_job: _Job | None = None


def can_spread(config) -> bool:
    """Whether this build's page loops can run on forked workers."""
    if worker_count() <= 1 or not can_fork() or not mkdocs.__version__.startswith("1.6."):
        return False
    for event in PAGE_EVENTS:
        for method in config.plugins.events[event]:
            if f"{method.__module__}.{method.__qualname__}" not in KNOWN_PAGE_EVENTS.get(event, ()):
                return False
    return True


def build(config) -> None:
    """MkDocs's `build(config)` (not dirty, not serving), its page loops on every core
    when `can_spread`; the site is the same, byte for byte."""
    if not can_spread(config):
        mkdocs_build.build(config)
        return
    try:
        _build(config)
    except _Unsupported:
        mkdocs_build.build(config)


def _build(config) -> None:
    """`mkdocs.commands.build.build`, step for step, with the two page loops spread."""
    global _job
    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        log.addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        pages = []
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            pages.append(file.page)
        _job = _Job(config, files, pages)
        sizes = [os.path.getsize(page.file.abs_src_path) for page in pages]
        for page, rendered in zip(pages, _spread(_render_markdown, sizes)):
            for name, value in rendered.items():
                setattr(page, name, _files_back(value, files) if name == "links_to_anchors" else value)

        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(dirty=False, inclusion=inclusion)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)

        doc_files = files.documentation_pages(inclusion=inclusion)
        search = next((method.__self__ for method in config.plugins.events["page_context"]), None)
        _job = _Job(config, files, pages, doc_files, nav, env, search)
        entries = _spread(_render_templates, [len(page.content or "") for page in pages])
        if search is not None:
            search.search_index.entries.extend(entry for span in entries for entry in span)

        log_level = config.validation.links.anchors
        for page in pages:
            page.validate_anchor_links(files=files, log_level=log_level)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            message = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {message} in strict mode!")
    except _Unsupported:
        raise
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            log.error(str(exc))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        _job = None
        log.removeHandler(warning_counter)


def _spread(work: Callable[[range], list], sizes: Sequence[int]) -> list:
    """`work` over ranges of the pages (each item of its result one page's) on forked
    workers (`parallel.spread`); the results in page order, and what the workers logged
    logged here, in page order too, before the first error is raised again."""
    out = []
    for result, records, error in spread(_Logged(work), sizes, MIN_PAGES, initializer=_capture_logs):
        for record in records:
            logging.getLogger(record.name).handle(record)
        if error is not None:
            raise error
        out.extend(result)
    return out


class _Records(logging.Handler):
    """A worker's warnings, kept to be sent to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None  # picklable
        self.records.append(record)


_records = _Records()


def _capture_logs() -> None:
    """In a worker: MkDocs's log goes to `_records` only (the parent logs it)."""
    logger = logging.getLogger("mkdocs")
    logger.handlers = [_records]
    logger.propagate = False


@dataclass(frozen=True)
class _Logged:
    """One range of pages: (its result, what a worker logged, its error, raised in the parent)."""

    work: Callable[[range], list]

    def __call__(self, span: range) -> tuple[list | None, list[logging.LogRecord], BaseException | None]:
        try:
            result, error = self.work(span), None
        except Exception as exc:  # noqa: BLE001 - raised again in the parent, after its log
            result, error = None, exc if _picklable(exc) else BuildError(f"{type(exc).__name__}: {exc}")
        records = list(_records.records)
        _records.records.clear()
        return result, records, error


def _picklable(value: object) -> bool:
    try:
        pickle.loads(pickle.dumps(value))
    except Exception:  # noqa: BLE001 - any failure means: send something simpler
        return False
    return True


def _render_markdown(span: range) -> list[dict[str, object]]:
    """MkDocs's Markdown loop over some pages: what it set on each, taken off the page
    again (the caller sets it): a worker then holds one page's HTML at a time, not its
    half of the site's (at 10,000 seeds, hundreds of megabytes each)."""
    assert _job is not None
    out = []
    for page in (_job.pages[i] for i in span):
        before = dict(vars(page))
        mkdocs_build._populate_page(page, _job.config, _job.files)
        changed = {name: value for name, value in vars(page).items() if name not in before or before[name] is not value}
        vars(page).clear()
        vars(page).update(before)
        if not changed.keys() <= set(RENDERED):
            raise _Unsupported(sorted(changed.keys() - set(RENDERED)))
        if changed.get("links_to_anchors"):
            changed["links_to_anchors"] = {file.src_uri: links for file, links in changed["links_to_anchors"].items()}
        out.append(changed)
    return out


def _files_back(links: dict[str, dict[str, str]] | None, files: Files) -> dict | None:
    """`links_to_anchors` as MkDocs keeps it, by the parent's own File objects."""
    return None if links is None else {files.get_file_from_path(uri): value for uri, value in links.items()}


def _render_templates(span: range) -> list[list[dict]]:
    """MkDocs's template loop over some pages (which it writes): each page's search entries,
    taken out of the index again, for the parent to add in page order. The search plugin
    strips its markers from a page's HTML, a copy a worker drops once the page is written;
    nothing after this loop reads that HTML."""
    assert _job is not None and _job.doc_files is not None
    entries = _job.search.search_index.entries if _job.search is not None else []
    out = []
    for page in (_job.pages[i] for i in span):
        start, content = len(entries), page.content
        mkdocs_build._build_page(page, _job.config, _job.doc_files, _job.nav, _job.env, excluded=page.file.inclusion.is_excluded())
        page.content = content
        out.append(entries[start:])
        del entries[start:]
    return out
