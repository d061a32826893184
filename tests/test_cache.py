"""The content-hash cache, the process pool and the page writer: a warm build reads and
writes nothing, an edit redoes only its seed, and the output is the same as a cold build's."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import generator.analyse as analyse_module
import generator.build as build_module
import generator.story_pages as story_pages
from generator.build import collect, generate, read_articles
from generator.cache import Cache, fingerprints, open_cache, render_pages
from generator.config import Settings
from generator.curated import load_curated
from generator.model import LAZY_FIELDS
from generator.output import update_dir
from generator.parallel import worker_count
from generator.feeds import feed_items
from generator.render import make_environment, render_site_pages

from .conftest import ROOT, SEEDS

EDITED = "003_5157529813325dba"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's seeds, content and templates that tests may edit."""
    shutil.copytree(SEEDS, tmp_path / "content" / "seeds")
    for path in (ROOT / "content").glob("*.yml"):
        shutil.copy(path, tmp_path / "content" / path.name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The seeds the pipeline reads from scratch (the cache's misses), by file name."""
    seen: list[str] = []
    real = analyse_module.read_one

    def counting(path, curated, settings):
        seen.append(Path(path).name)
        return real(path, curated, settings)

    monkeypatch.setattr(analyse_module, "read_one", counting)
    return seen


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit(project: Path) -> Path:
    """Add a sentence to the seed `EDITED`, as a contributor's fix would; its path."""
    seed = project / "content" / "seeds" / f"{EDITED}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nTokyo added a further review of the plan in May.\n", encoding="utf-8")
    return seed


def _cold_pages(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build with no cache at all writes."""
    settings = Settings(root=project, docs_dir=tmp_path / "cold" / "docs")
    generate(settings)
    return {k: v[2] for k, v in _snapshot(settings.docs_dir).items()}


def test_a_warm_build_reads_no_seed_and_rewrites_no_page(project: Path, reads: list[str]):
    import sqlite3

    from generator.cache import PAGE_SIZE

    settings = Settings(root=project)
    generate(settings)
    assert len(reads) == 5
    with sqlite3.connect(settings.docs_dir.parent / "cache.sqlite") as db:
        assert db.execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,)  # large pages: fewer, longer reads
    before = _snapshot(settings.docs_dir)
    reads.clear()
    generate(settings)
    assert reads == []
    assert _snapshot(settings.docs_dir) == before  # same inodes, same times, same bytes


def test_a_cache_copied_into_a_fresh_checkout_serves_every_seed(project: Path, tmp_path: Path, reads: list[str], monkeypatch):
    """CI's pull-request build starts from the cache of main's last deploy build: the
    same files in a new checkout (new inodes and times), with only `build/cache.sqlite`
    brought over. Run as the CLI runs, from the project root with relative paths."""
    monkeypatch.chdir(project)
    generate(Settings())
    assert len(reads) == 5
    fresh = tmp_path / "fresh"
    # shutil.copy, not copy2: the files get new times, as a checkout gives them.
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("build"), copy_function=shutil.copy)
    (fresh / "build").mkdir()
    shutil.copy(project / "build" / "cache.sqlite", fresh / "build" / "cache.sqlite")
    seed = Path("content", "seeds", f"{EDITED}.txt")
    assert (fresh / seed).stat().st_ino != (project / seed).stat().st_ino
    assert (fresh / seed).stat().st_mtime_ns != (project / seed).stat().st_mtime_ns
    monkeypatch.chdir(fresh)
    reads.clear()
    generate(Settings())
    assert reads == []
    original = _snapshot(project / "build" / "docs")
    assert {k: v[2] for k, v in _snapshot(fresh / "build" / "docs").items()} == {k: v[2] for k, v in original.items()}


def test_stories_are_grouped_again_only_when_an_article_changed(project: Path, monkeypatch):
    calls: list[int] = []
    real = build_module.group_stories

    def counting(articles, pairs=None, before=None):
        calls.append(len(articles))
        return real(articles, pairs, before)

    monkeypatch.setattr(build_module, "group_stories", counting)
    settings = Settings(root=project)
    first = generate(settings)
    again = generate(settings)
    assert calls == [5] and again.articles == first.articles  # the second run took the stories from the cache
    seed = project / "content" / "seeds" / f"{EDITED}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    generate(settings)
    assert calls == [5, 5]


def test_an_edited_seed_is_read_again_alone_and_only_its_page_is_rewritten(project: Path, tmp_path: Path, reads: list[str]):
    settings = Settings(root=project)
    generate(settings)
    before = _snapshot(settings.docs_dir)
    seed = _edit(project)
    reads.clear()
    generate(settings)
    assert reads == [seed.name]
    after = _snapshot(settings.docs_dir)
    rewritten = sorted(k for k in after if after[k][:2] != before[k][:2])
    assert f"articles/{EDITED}.md" in rewritten
    assert all(after[k][2] != before[k][2] for k in rewritten)  # nothing rewritten with the same bytes
    assert "Tokyo added a further review" in after[f"articles/{EDITED}.md"][2].decode()
    assert {k: v[2] for k, v in after.items()} == _cold_pages(project, tmp_path)


def test_a_sidecar_counts_as_part_of_its_seed(project: Path, reads: list[str]):
    settings = Settings(root=project)
    generate(settings)
    reads.clear()
    (project / "content" / "seeds" / f"{EDITED}.yml").write_text("title: Japan and the AI colony question\n", encoding="utf-8")
    result = generate(settings)
    assert reads == [f"{EDITED}.txt"]
    assert next(a for a in result.articles if a.id == EDITED).title == "Japan and the AI colony question"


@pytest.mark.parametrize("edit", ["content/topics.yml", "content/boilerplate.yml"])
def test_a_curated_file_change_reads_every_seed_again(project: Path, reads: list[str], edit: str):
    settings = Settings(root=project)
    generate(settings)
    reads.clear()
    path = project / edit
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    generate(settings)
    assert len(reads) == 5


def test_a_template_change_renders_every_page_again_but_reads_no_seed(project: Path, reads: list[str]):
    settings = Settings(root=project)
    generate(settings)
    assert list((settings.docs_dir.parent / "compiled-templates").iterdir())  # kept compiled, checked against the edit
    reads.clear()
    template = project / "templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nTemplate edited.\n", encoding="utf-8")
    generate(settings)
    assert reads == []
    pages = sorted((settings.docs_dir / "articles").glob("*.md"))
    assert len(pages) == 5 and all("Template edited." in p.read_text(encoding="utf-8") for p in pages)


def test_the_fingerprints_ignore_strict_and_paths_but_not_limits():
    analysis, render = fingerprints(Settings(root=ROOT))
    assert fingerprints(Settings(root=ROOT, strict=True)) == (analysis, render)
    assert fingerprints(Settings(root=ROOT, docs_dir=Path("elsewhere"))) == (analysis, render)
    changed = fingerprints(Settings(root=ROOT, summary_words=40))
    assert changed[0] != analysis and changed[1] != render


def test_cached_pages_are_the_pages_render_site_pages_makes(project: Path):
    # render_pages stands in for render_site_pages in a build: if that one gains a
    # page, this test says the cached path must learn it too.
    settings = Settings(root=project)
    curated, _ = load_curated(settings.content_dir)
    env = make_environment(settings.templates_dir)
    for _ in ("cold", "warm"):
        with open_cache(settings) as cache:
            articles = list(collect(settings, curated, cache=cache).articles)
            assert render_pages(articles, env, curated, cache) == render_site_pages(articles, env, curated).files
            cache.save(prune=True)


def test_an_interrupted_update_leaves_the_previous_folder(tmp_path: Path, monkeypatch):
    docs = tmp_path / "docs"
    update_dir(docs, {"index.md": "old", "a/b.md": "old", "a/c.md": "same"})
    before = _snapshot(docs)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        update_dir(docs, {"index.md": "new", "a/c.md": "same"})
    assert _snapshot(docs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_update_dir_writes_what_changed_and_removes_what_is_gone(tmp_path: Path):
    docs = tmp_path / "docs"
    first = update_dir(docs, {"index.md": "one", "a/b.md": "two", "a/c.md": "three"})
    assert first.written == ("a/b.md", "a/c.md", "index.md")
    before = _snapshot(docs)
    second = update_dir(docs, {"index.md": "one", "a/b.md": "TWO"})
    assert (second.written, second.removed, second.kept) == (("a/b.md",), ("a/c.md",), 1)
    after = _snapshot(docs)
    assert after["index.md"] == before["index.md"]
    assert after["a/b.md"][2] == b"TWO" and "a/c.md" not in after
    assert update_dir(docs, {"index.md": "one", "a/b.md": "TWO"}).written == ()


def test_a_small_update_is_made_in_place_and_leaves_the_rest_alone(tmp_path: Path):
    docs = tmp_path / "docs"
    files = {f"articles/{n:02}.md": f"page {n}" for n in range(30)} | {"gone/only.md": "old", "index.md": "home"}
    assert update_dir(docs, files).swapped
    before = _snapshot(docs)
    del files["gone/only.md"]
    files["index.md"] = "home, new"
    changes = update_dir(docs, files)
    assert (changes.written, changes.removed, changes.swapped) == (("index.md",), ("gone/only.md",), False)
    after = _snapshot(docs)
    assert after["index.md"][2] == b"home, new" and not (docs / "gone").exists()
    assert all(after[name] == before[name] for name in files if name != "index.md")  # same inode and time
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"] and not list(docs.rglob(".*"))


@pytest.mark.parametrize("many", [False, True])
def test_a_staged_file_is_moved_in_whole_and_one_with_the_same_bytes_left_out(tmp_path: Path, many: bool):
    """Bytes another process wrote beside the folder enter it by a rename (the same inode),
    in place or in a swapped-in folder; the same bytes as the file there change nothing."""
    from generator.output import stage

    docs, staging = tmp_path / "docs", tmp_path / "staging"
    staging.mkdir()
    files: dict = {f"articles/{n:02}.md": f"page {n}" for n in range(30)} | {"export.json": b"[1]"}
    update_dir(docs, files)
    before = _snapshot(docs)
    if many:  # more than a tenth changed: a new folder is swapped in
        files |= {f"articles/{n:02}.md": f"page {n}, new" for n in range(10)}
    files["export.json"] = stage(staging, "export.json", b"[1, 2]")
    inode = files["export.json"].path.stat().st_ino
    changes = update_dir(docs, files)
    assert changes.swapped == many and "export.json" in changes.written
    assert (docs / "export.json").read_bytes() == b"[1, 2]" and (docs / "export.json").stat().st_ino == inode
    assert not list(staging.iterdir())
    files["export.json"] = stage(staging, "export.json", b"[1, 2]")
    again = _snapshot(docs)
    assert update_dir(docs, files).written == () and _snapshot(docs) == again
    assert before["articles/20.md"] == again["articles/20.md"]


def _in_process(marker: Path, item: int) -> tuple[int, int]:
    marker.with_name(f"{marker.name}-{item}").write_text("read", encoding="utf-8")
    return item, os.getpid()


def test_a_few_seeds_read_beside_start_at_once_on_a_forked_worker(tmp_path: Path, monkeypatch):
    """`beside`: the work is under way before its results are asked for, runs in another
    process, comes back in order, and leaves no thread behind (which would forbid a fork)."""
    import threading
    import time
    from functools import partial

    from generator.parallel import map_in_order

    monkeypatch.setenv("BRIEFING_JOBS", "2")
    marker = tmp_path / "marker"
    results = map_in_order(partial(_in_process, marker), [3, 1, 2], beside=True)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("marker-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(list(tmp_path.glob("marker-*"))) == 3, "nothing ran before the results were asked for"
    taken = list(results)
    assert [item for item, _ in taken] == [3, 1, 2]
    assert all(pid != os.getpid() for _, pid in taken)
    assert threading.active_count() == 1
    assert [pid for _, pid in map_in_order(partial(_in_process, marker), [1])] == [os.getpid()]  # not beside: here


def test_an_edit_read_beside_the_cached_seeds_gives_the_pages_of_a_cold_build(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BRIEFING_JOBS", "2")
    monkeypatch.setattr(build_module, "BESIDE_CACHED", 1)
    settings = Settings(root=project)
    generate(settings)
    seed = _edit(project)
    readers = tmp_path / "readers"
    real = analyse_module.read_one

    def noting(path, curated, settings):
        with readers.open("a", encoding="utf-8") as handle:
            handle.write(f"{Path(path).name} {os.getpid()}\n")
        return real(path, curated, settings)

    monkeypatch.setattr(analyse_module, "read_one", noting)
    pooled: list[list[Path]] = []
    real_map = build_module.map_in_order
    monkeypatch.setattr(build_module, "map_in_order", lambda func, items, **kw: pooled.append(items) or real_map(func, items, **kw))
    generate(settings)
    name, pid = readers.read_text(encoding="utf-8").split()  # one seed read, in another process
    assert name == seed.name and int(pid) != os.getpid()
    assert pooled == []  # by the worker forked ahead, not a pool started once the keys were known
    monkeypatch.setattr(analyse_module, "read_one", real)
    assert {k: v[2] for k, v in _snapshot(settings.docs_dir).items()} == _cold_pages(project, tmp_path)


_READY: list[str] = []


def _get_ready() -> None:
    _READY.append("ready")


def _after_ready(item: int) -> tuple[int, int, bool]:
    if item < 0:
        raise KeyError("no such seed")
    return item, os.getpid(), _READY == ["ready"]


def test_a_worker_forked_ahead_readies_itself_then_takes_the_items_or_is_ended_unused(monkeypatch):
    """`Ahead`: the worker readies itself in its own process, then gives back each item's
    result in order, or the error; unused, it is ended even while it readies itself."""
    import multiprocessing
    import threading

    from generator.parallel import Ahead

    monkeypatch.setenv("BRIEFING_JOBS", "2")
    taken = list(Ahead(_get_ready).map(_after_ready, [3, 1, 2]) or [])
    assert [item for item, _, _ in taken] == [3, 1, 2]
    assert all(pid != os.getpid() and ready for _, pid, ready in taken)
    assert _READY == [] and not multiprocessing.active_children() and threading.active_count() == 1
    with pytest.raises(KeyError, match="no such seed"):
        list(Ahead(_get_ready).map(_after_ready, [1, -1]) or [])
    assert not multiprocessing.active_children()
    Ahead(lambda: __import__("time").sleep(30)).close()  # still readying itself
    assert not multiprocessing.active_children()
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert Ahead(_get_ready).map(_after_ready, [1]) is None


def test_big_arrays_freed_in_a_build_are_reused_without_fresh_pages():
    """`keep_freed_memory`: an array of the stories stage's size, freed and made again, takes
    the pages the first one had, rather than fresh ones the kernel faults in and zeroes."""
    import resource

    import numpy as np

    from generator.parallel import _glibc, keep_freed_memory

    if _glibc() is None:
        pytest.skip("not glibc: its malloc is not tuned")
    keep_freed_memory()
    size = 2_000_000  # 16 MB of int64: under KEPT_BLOCKS, over glibc's default threshold

    def faults_making_one() -> int:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        array = np.ones(size, dtype=np.int64)
        del array
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    faults_making_one()
    assert faults_making_one() <= 2  # fresh pages: 3,900 of 4 KB, or 300 with huge pages


def test_the_generator_starts_no_thread_of_its_own():
    """Importing the generator (numpy with it) leaves a process one thread: OpenBLAS's,
    which spun a tenth of a second of CPU at start, is not started."""
    import subprocess
    import sys

    if not os.path.isdir("/proc/self/task"):
        pytest.skip("threads are counted in Linux's /proc")
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    count = "import os, generator.build, numpy; print(len(os.listdir('/proc/self/task')))"
    found = subprocess.run([sys.executable, "-c", count], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["1"]


def test_the_pool_reads_the_same_articles_as_one_process(tmp_path: Path, monkeypatch):
    from benchmarks.synth import write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(40, seeds)
    curated, _ = load_curated(ROOT / "content")
    results = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("BRIEFING_JOBS", jobs)
        settings = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / jobs / "docs")
        with open_cache(settings) as cache:
            results[jobs] = read_articles(sorted(seeds.glob("*.txt")), curated, settings, cache)
    assert results["1"] == results["2"]
    assert len(results["1"][0]) >= 40


def test_a_bug_on_one_seed_is_its_error_and_the_others_are_published(tmp_path: Path, monkeypatch):
    from benchmarks.synth import write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(40, seeds)
    victim = sorted(seeds.glob("*.txt"))[17]
    real = analyse_module.prepare_article

    def broken(article, curated, settings):
        if article.seed == str(victim):
            raise ZeroDivisionError("a bug")
        return real(article, curated, settings)

    monkeypatch.setattr(analyse_module, "prepare_article", broken)  # forked workers inherit it
    monkeypatch.setenv("BRIEFING_JOBS", "2")
    result = collect(Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "docs"), load_curated(ROOT / "content")[0])
    errors = [p for p in result.problems if p.level == "error"]
    assert [p.path for p in errors] == [str(victim)]
    assert "ZeroDivisionError: a bug" in errors[0].message and "please report it" in errors[0].message
    assert "\n" not in str(errors[0])
    assert {a.seed for a in result.articles} == {str(p) for p in seeds.glob("*.txt")} - {str(victim)}


def test_pages_made_on_forked_workers_are_the_pages_made_in_one_process(project: Path, tmp_path: Path, monkeypatch):
    """Article pages and story pages made on forked workers, from
    fresh articles (a cold build) and from cached ones whose text the workers read (a
    template change): the same files as one process makes."""
    import generator.cache as cache_module
    import generator.parallel as parallel_module

    ranges: list[int] = []
    real = parallel_module.spread

    def counting(*args, **kwargs):
        results = real(*args, **kwargs)
        ranges.append(len(results))
        return results

    monkeypatch.setattr(cache_module, "spread", counting)
    monkeypatch.setattr(cache_module, "SPREAD_PAGES", 1)
    monkeypatch.setattr(cache_module, "MIN_ITEMS", 1)
    template = project / "templates" / "article.md.j2"
    builds = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("BRIEFING_JOBS", jobs)
        settings = Settings(root=project, docs_dir=tmp_path / jobs / "docs")
        template.write_text(template.read_text(encoding="utf-8").removesuffix("\n<!-- again -->\n"), encoding="utf-8")
        generate(settings)
        cold = {k: v[2] for k, v in _snapshot(settings.docs_dir).items()}
        template.write_text(template.read_text(encoding="utf-8") + "\n<!-- again -->\n", encoding="utf-8")
        ranges.clear()
        generate(settings)
        builds[jobs] = (cold, {k: v[2] for k, v in _snapshot(settings.docs_dir).items()}, max(ranges))
    assert builds["1"][2] == 1 and builds["2"][2] > 1  # one process, then workers
    assert builds["2"][:2] == builds["1"][:2]
    assert all(b"<!-- again -->" in page for name, page in builds["2"][1].items() if name.startswith("articles/"))


def test_briefing_jobs_must_be_a_count(monkeypatch):
    monkeypatch.setenv("BRIEFING_JOBS", "two")
    with pytest.raises(ValueError, match="BRIEFING_JOBS"):
        worker_count()
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert worker_count() == 1


_MARK: list[str] = []


def _mark_worker() -> None:
    _MARK.append("worker")


def test_spread_returns_every_range_in_order_from_forked_workers(monkeypatch):
    """Uneven costs, so ranges finish out of order; a closure over local state, which a
    pickling pool could not take; the initializer runs in the workers, not here; and a
    worker that spreads again works alone (a pool's workers may not fork their own)."""
    from generator.parallel import spread

    monkeypatch.setenv("BRIEFING_JOBS", "2")
    sizes = [50.0 if n % 17 == 0 else 1.0 for n in range(300)]
    squares = {n: n * n for n in range(300)}

    def work(span: range) -> list[tuple[int, int, bool, int]]:
        inner = spread(lambda inside: [len(inside)], [1.0] * 40, min_items=1)
        return [(n, squares[n], _MARK == ["worker"], len(inner)) for n in span]

    results = spread(work, sizes, min_items=1, initializer=_mark_worker)
    assert len(results) > 2
    flat = [item for span in results for item in span]
    assert [n for n, *_ in flat] == list(range(300))
    assert all(square == n * n and marked and inner == 1 for n, square, marked, inner in flat)
    assert _MARK == []
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert spread(work, sizes, min_items=1) == [[(n, n * n, False, 1) for n in range(300)]]


def test_work_beside_runs_on_a_forked_worker_and_gives_back_its_result_or_its_error(monkeypatch):
    from generator.parallel import Beside

    monkeypatch.setenv("BRIEFING_JOBS", "2")
    big = os.urandom(1 << 20) * 8  # more than a pipe holds: it comes back through a file
    pending = Beside(lambda: (os.getpid(), _MARK == ["worker"], big), initializer=_mark_worker)
    pid, marked, data = pending.result()
    assert pid != os.getpid() and marked and data == big
    assert _MARK == []

    def failing() -> None:
        raise KeyError("no such seed")

    with pytest.raises(KeyError, match="no such seed"):
        Beside(failing).result()
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    assert Beside(lambda: os.getpid(), initializer=_mark_worker).result() == os.getpid()
    assert _MARK == []


def test_an_export_joined_beside_is_kept_as_one_joined_here(project: Path, monkeypatch):
    """The export joined on a forked worker: the same file, and the records it made are
    saved by the build, so the next build finds them (here, a warm build makes nothing)."""
    monkeypatch.setenv("BRIEFING_JOBS", "2")
    settings = Settings(root=project)
    generate(settings)
    _edit(project)
    generate(settings)
    export = (settings.docs_dir / "briefings.json").read_bytes()
    assert b"Tokyo added a further review" in export
    assert not list(settings.docs_dir.parent.glob(".export-*"))  # the staged file was moved in, its folder gone
    monkeypatch.setenv("BRIEFING_JOBS", "1")  # from here on, here, where the spy sees it
    made: list[str] = []
    real = Cache.store_page
    monkeypatch.setattr(Cache, "store_page", lambda self, key, text: made.append(key) or real(self, key, text))
    (settings.docs_dir / "briefings.json").unlink()  # joined again from the cache alone
    generate(settings)
    assert made and not [key for key in made if key.startswith("record:")]
    assert (settings.docs_dir / "briefings.json").read_bytes() == export
    assert export == _cold_pages(project, project / "cold")["briefings.json"]


def test_a_build_that_fails_while_the_export_is_made_beside_leaves_nothing_behind(project: Path, monkeypatch):
    import multiprocessing

    monkeypatch.setenv("BRIEFING_JOBS", "2")
    settings = Settings(root=project)
    generate(settings)
    before = _snapshot(settings.docs_dir)
    _edit(project)

    def broken(*args, **kwargs):
        raise RuntimeError("a template bug")

    monkeypatch.setattr(build_module, "render_pages", broken)
    with pytest.raises(RuntimeError, match="a template bug"):
        generate(settings)
    assert not multiprocessing.active_children()  # the export's worker was stopped
    assert not list(settings.docs_dir.parent.glob(".export-*"))
    assert _snapshot(settings.docs_dir) == before  # no new export without the pages it goes with


def test_a_warm_build_does_not_even_open_an_unchanged_seed(project: Path, monkeypatch):
    import generator.cache as cache_module

    monkeypatch.setattr(cache_module, "SETTLED_NS", 0)  # the copied seeds count as settled at once
    settings = Settings(root=project)
    generate(settings)
    opened: list[str] = []
    real = Path.read_bytes

    def counting(path: Path) -> bytes:
        opened.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    generate(settings)
    assert not [name for name in opened if name.endswith(".txt")]


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(project: Path, monkeypatch):
    import generator.cache as cache_module

    monkeypatch.setattr(cache_module, "SETTLED_NS", 0)
    settings = Settings(root=project)
    generate(settings)
    seed = project / "content" / "seeds" / f"{EDITED}.txt"
    before = seed.stat()
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("Digital Sovereignty", "Digital Sovereignly", 1), encoding="utf-8")
    os.utime(seed, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time still moves
    assert seed.stat().st_size == before.st_size and seed.stat().st_mtime_ns == before.st_mtime_ns
    result = generate(settings)
    assert next(a for a in result.articles if a.id == EDITED).title.startswith("Digital Sovereignly")


def test_stories_after_edits_are_what_a_cold_build_finds(tmp_path: Path, monkeypatch):
    """A warm build scores only the pairs of the articles that are new (here one edited
    and one added seed, one seed removed); grouping must come out as a build that scores
    every pair, page for page."""
    import generator.cache as cache_module
    from benchmarks.synth import add_seed, edit_seed, write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(120, seeds)
    warm = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "warm" / "docs")
    first = generate(warm)
    assert sum(1 for a in first.articles if a.story) >= 2 and sum(1 for a in first.articles if a.related) >= 20, "nothing to keep right"
    sorted(seeds.glob("*.txt"))[3].unlink()
    edit_seed(seeds, 1)
    add_seed(seeds, 1)
    scored: list[list[int]] = []
    real = cache_module.scored_pairs_of
    indexed: list[int] = []

    def scoring(articles, vectors_of, rows, index):
        scored.append(sorted(rows))
        indexed.append(-1 if index is None else int(index.covered.sum()))
        return real(articles, vectors_of, rows, index)

    monkeypatch.setattr(cache_module, "scored_pairs_of", scoring)
    again = generate(warm)
    cold = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "cold" / "docs")
    assert again.articles == generate(cold).articles
    assert _snapshot(warm.docs_dir).keys() == _snapshot(cold.docs_dir).keys()
    assert all(warm.docs_dir.joinpath(name).read_bytes() == cold.docs_dir.joinpath(name).read_bytes() for name in _snapshot(cold.docs_dir))
    assert len(scored[0]) == 2 and len(scored[1]) == len(again.articles)  # the warm build, then the cold one
    assert indexed == [len(again.articles) - 2, -1]  # the first build's index served every article but the two new ones
    # One more edit, of the newest plain-text article: few files change, so they are replaced
    # in place rather than swapped in, and the feeds that show it are made again, not all.
    newest = next(a for a in again.articles if a.format == "text" and a.date)
    with open(newest.seed, "a", encoding="utf-8") as handle:
        handle.write("\nThe ministry published the full figures on Friday.\n")
    monkeypatch.setattr(cache_module, "scored_pairs_of", real)
    in_place: list[bool] = []
    real_update = build_module.update_dir
    monkeypatch.setattr(build_module, "update_dir", lambda dest, files: in_place.append(not (changes := real_update(dest, files)).swapped) or changes)
    feeds: list[list[str]] = []
    real_feed = build_module.render_feed
    monkeypatch.setattr(build_module, "render_feed", lambda items, *rest: feeds.append([a.id for a in items]) or real_feed(items, *rest))
    sections: list[str] = []
    real_section = story_pages.render_timeline_section
    monkeypatch.setattr(story_pages, "render_timeline_section", lambda section, *rest: sections.append(section.heading) or real_section(section, *rest))
    edited = generate(warm)
    assert in_place == [True]
    every_section = story_pages.timeline_sections(list(edited.articles))
    assert 0 < len(sections) <= 3 < len(every_section)  # the edited article's month, and any whose related coverage moved
    every_feed = [[a.id for a in items] for _, items in feed_items(list(edited.articles), load_curated(ROOT / "content")[0])]
    showing = [ids for ids in every_feed if newest.id in ids]
    assert showing and all(ids in feeds for ids in showing)
    assert len(feeds) < len(every_feed)  # the rest were not made again (unless what they show changed)
    shutil.rmtree(cold.docs_dir.parent)
    generate(cold)
    assert _snapshot(warm.docs_dir).keys() == _snapshot(cold.docs_dir).keys()
    assert all(warm.docs_dir.joinpath(name).read_bytes() == cold.docs_dir.joinpath(name).read_bytes() for name in _snapshot(cold.docs_dir))


def test_an_edit_takes_the_other_export_records_from_the_last_export(project: Path, tmp_path: Path, monkeypatch):
    """The export is joined from the last one's records, read from the file in one go;
    only the edited article's record is looked up in the cache (and made)."""
    monkeypatch.setenv("BRIEFING_JOBS", "1")  # the export joined here, where the spy sees it
    settings = Settings(root=project)
    generate(settings)
    looked_up: list[str] = []
    real = Cache.pages

    def spying(self, keys):
        keys = list(keys)
        looked_up.extend(key for key in keys if key.startswith("record:"))
        return real(self, keys)

    monkeypatch.setattr(Cache, "pages", spying)
    _edit(project)
    generate(settings)
    assert len(looked_up) == 1
    assert (settings.docs_dir / "briefings.json").read_bytes() == _cold_pages(project, tmp_path)["briefings.json"]


@pytest.mark.parametrize("name", [f"articles/{EDITED}.md", "timeline.md", "briefings.json"])
def test_a_file_edited_by_hand_in_the_docs_dir_is_made_again(project: Path, name: str):
    """A warm build trusts a page's recorded state instead of reading it: a change to
    the file must still be seen."""
    settings = Settings(root=project)
    generate(settings)
    path = settings.docs_dir / name
    good = path.read_bytes()
    path.write_text("edited by hand", encoding="utf-8")
    generate(settings)
    assert path.read_bytes() == good


def _cache_keys(settings: Settings) -> dict[str, int]:
    """How many entries of each kind the cache holds (`seed`s' results are keyed by a bare digest)."""
    import sqlite3

    with sqlite3.connect(settings.docs_dir.parent / "cache.sqlite") as db:
        keys = [key for table in ("seeds", "pages") for (key,) in db.execute(f"SELECT key FROM {table}")]
    counts: dict[str, int] = {}
    for key in keys:
        kind = key.split(":")[0] if ":" in key else "seed"
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_a_warm_build_keeps_what_the_next_edit_needs_and_a_removal_drops_its_entries(project: Path):
    settings = Settings(root=project)
    articles = len(generate(settings).articles)
    cold = _cache_keys(settings)
    generate(settings)
    # The list entries and export records were not asked for (their files were current),
    # but the next edit joins them again: they stay, one per article.
    assert _cache_keys(settings) == cold
    assert cold["entry"] == cold["record"] == cold["page"] == articles
    (project / "content" / "seeds" / f"{EDITED}.txt").unlink()
    generate(settings)
    after = _cache_keys(settings)
    assert (after["seed"], after["vectors"]) == (cold["seed"] - 1, cold["vectors"] - 1)
    assert after["page"] == after["entry"] == after["record"] == articles - 1


def test_cached_articles_load_their_text_on_first_use_even_after_the_build(project: Path):
    settings = Settings(root=project)
    curated = load_curated(settings.content_dir)[0]
    cold = collect(settings, curated, cache=None)  # reads every seed: its own cache, then closed
    warm = collect(settings, curated)  # from that cache, which is closed again on return
    assert [vars(a).keys() & set(LAZY_FIELDS) for a in warm.articles] == [set()] * len(cold.articles)
    assert all(a.blocks for a in warm.articles)  # read back from the closed cache's file
    assert warm.articles == cold.articles
    lazy = collect(settings, curated).articles[0]
    assert pickle.loads(pickle.dumps(lazy)) == cold.articles[0]  # pickled whole, never as a loader
    with pytest.raises(AttributeError, match="no attribute 'bodies'"):
        lazy.bodies


@pytest.fixture(scope="module")
def grouped(tmp_path_factory) -> tuple[list, list]:
    """120 synthetic seeds' articles as the stories stage gets them and as it leaves them."""
    from benchmarks.synth import write_seeds
    from generator.build import newest_first
    from generator.stories import group_stories

    seeds = tmp_path_factory.mktemp("grouped") / "seeds"
    write_seeds(120, seeds)
    settings = Settings(root=ROOT, seeds_dir=seeds)
    articles, _ = read_articles(sorted(seeds.iterdir()), load_curated(ROOT / "content")[0], settings)
    before = newest_first(articles)
    after = group_stories(before)
    assert sum(1 for a in after if a.story) >= 2 and sum(1 for a in after if a.related) >= 20, "nothing to compare"
    return before, after


def test_a_list_entry_shows_nothing_the_stories_stage_sets(grouped):
    """Entries and topic pages are keyed by the articles as the stories stage got them
    (`cache.LISTED`): what they print must not depend on what it sets."""
    from generator.render import render_entries, render_topic_page, render_topic_run, topic_runs

    before, after = grouped
    curated = load_curated(ROOT / "content")[0]
    env = make_environment(ROOT / "templates")
    changed = [(b, a) for b, a in zip(before, after) if a.story or a.related]
    assert changed
    assert all(render_entries(a, env, curated) == render_entries(b, env, curated) for b, a in changed)
    topic = curated.topics[0]
    pages = [render_topic_page(topic, articles, env, [render_topic_run(run, env, curated) for run in topic_runs(articles)])
             for articles in (before, after)]
    assert pages[0] == pages[1]


def test_related_coverage_and_story_lists_show_only_the_brief_fields_of_an_article(grouped):
    """An article page is keyed by `cache.BRIEF_FIELDS` of the articles it names, home and
    the stories index by those of every article and the entries of the latest: blanking
    every other field leaves the page's coverage block, home and the stories index as they were."""
    from dataclasses import replace

    from generator.cache import BRIEF_FIELDS
    from generator.model import Article, with_origin

    _, after = grouped
    by_id = {a.id: a for a in after}

    def other(value: object) -> object:  # a value of the same kind that differs
        return "changed" if isinstance(value, str) or value is None else ()

    def stripped(article: Article) -> Article:
        blanked = {f: other(getattr(article, f)) for f in Article.__dataclass_fields__ if f not in (*BRIEF_FIELDS, "provenance")}
        return replace(article, **blanked, provenance=with_origin((), story=article.origin("story")))

    stripped_by_id = {a.id: stripped(a) for a in after}
    assert all(stripped_by_id[a.id].summary != a.summary and stripped_by_id[a.id].blocks != a.blocks for a in after if a.summary)
    shown = [a for a in after if a.related]
    assert shown and any(by_id[i].story for a in shown for i in a.related)
    assert all(story_pages.coverage_view(a, by_id) == story_pages.coverage_view(a, {**stripped_by_id, a.id: a}) for a in shown)
    from generator.render import LATEST, render_entries, render_home_pages

    curated = load_curated(ROOT / "content")[0]
    env = make_environment(ROOT / "templates")
    briefly = [stripped_by_id[a.id] for a in after]
    entries = {a.id: render_entries(a, env, curated) for a in after[:LATEST]}
    assert render_home_pages(after, env, curated) == render_home_pages(briefly, env, curated, entries)
    assert story_pages.render_stories_index(after, env) == story_pages.render_stories_index(briefly, env)


def test_the_timeline_and_story_pages_do_not_show_related_coverage(grouped):
    """The timeline's sections, the stories index and story pages are keyed by every
    field but `related` (`cache.PLACED`)."""
    from dataclasses import replace

    from generator.render import entry_views
    from generator.stories import story_list

    _, after = grouped
    bare = [replace(a, related=()) for a in after]
    env = make_environment(ROOT / "templates")
    curated = load_curated(ROOT / "content")[0]

    def made(articles):
        by_id = {a.id: a for a in articles}
        views = entry_views(articles, env, curated, None)
        sections = [story_pages.render_timeline_section(s, by_id, views, env) for s in story_pages.timeline_sections(articles)]
        stories = [story_pages.render_story_page(s, [by_id[i] for i in s.members], env) for s in story_list(articles)]
        return sections, stories, story_pages.render_stories_index(articles, env)

    assert made(after) == made(bare)


def test_an_edit_of_an_article_s_text_does_not_render_the_pages_that_cite_it(tmp_path: Path, monkeypatch):
    """The plain-text article most often shown as related coverage gets a new sentence: its own page
    is rendered again, and the pages whose related coverage moved, not every page citing it."""
    import generator.cache as cache_module
    from benchmarks.synth import write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(120, seeds)
    settings = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "docs")
    first = generate(settings)
    cited = [i for a in first.articles for i in a.related]
    plain = {a.id: Path(a.seed) for a in first.articles if a.format == "text" and Path(a.seed).name.startswith(a.id)}
    target = max(set(cited) & plain.keys(), key=lambda i: (cited.count(i), i))
    with open(plain[target], "a", encoding="utf-8") as handle:
        handle.write("\nThe ministry published the full figures on Friday.\n")
    rendered: list[str] = []
    real = cache_module.render_article
    monkeypatch.setattr(cache_module, "render_article", lambda article, *rest: rendered.append(article.id) or real(article, *rest))
    again = generate(settings)
    moved = {a.id for a, b in zip(first.articles, again.articles) if a.related != b.related or a.story != b.story}
    assert cited.count(target) >= 4
    assert target in rendered and set(rendered) <= moved | {target}
    assert len(rendered) < 1 + cited.count(target)


def test_unused_entries_are_dropped_once_enough_was_written_since_the_last_prune(project: Path, monkeypatch):
    """A build drops the entries it did not use only once the cache grew by a share
    (`PRUNE_GROWTH`), not on every edit: reading every key costs more than an edit."""
    import generator.cache as cache_module

    settings = Settings(root=project)
    generate(settings)
    cold = _cache_keys(settings)
    seeds = sorted((project / "content" / "seeds").glob("*.txt"))
    removed = next(path for path in seeds if path.stem != EDITED)
    removed.unlink()
    monkeypatch.setattr(cache_module, "PRUNE_GROWTH", 0)  # never grown enough
    generate(settings)
    assert _cache_keys(settings)["seed"] == cold["seed"]  # the removed seed's entry is still there
    monkeypatch.setattr(cache_module, "PRUNE_GROWTH", 1_000)
    generate(settings)  # nothing written: nothing read to prune either
    assert _cache_keys(settings)["seed"] == cold["seed"]
    _edit(project)
    generate(settings)
    after = _cache_keys(settings)
    assert (after["seed"], after["page"]) == (cold["seed"] - 1, cold["page"] - 1)  # the removed and the edited seed's old entries


def test_what_one_entry_holds_for_the_whole_build_is_replaced_not_added_to(project: Path, monkeypatch):
    """The stories stage's pairs and changes (a file of their own) and the export's layout
    are replaced by an edit: between prunes, edits do not pile up a megabyte each of them."""
    import generator.cache as cache_module

    monkeypatch.setattr(cache_module, "PRUNE_GROWTH", 0)  # never pruned
    settings = Settings(root=project)
    generate(settings)
    for sentence in ("The plan was reviewed again in June.", "A further review followed in July."):
        seed = project / "content" / "seeds" / f"{EDITED}.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        generate(settings)
    kept = _cache_keys(settings)
    assert kept["seed"] == 5 + 2  # the edited seed's old results stay until a prune...
    build = settings.docs_dir.parent
    joined = ["briefings.json", "timeline.md", *(f"topics/{p.name}" for p in (settings.docs_dir / "topics").glob("*.md") if p.name != "index.md")]
    assert (kept["stories"], kept["layout"]) == (1, len(joined))  # ...but the stage's index; one layout a joined file
    assert sorted(p.name for p in build.glob("stories.pickle*")) == ["stories.pickle"]  # and its file, no leftover


def test_a_build_s_articles_are_freed_when_the_next_build_in_the_same_process_is_done(project: Path):
    """`serve` builds again in one process: what a build kept out of the collector's sight
    while it ran must be freed afterwards, or every edit keeps a whole build's articles."""
    import gc
    import weakref

    settings = Settings(root=project)
    generate(settings)  # the cache, so that the next builds load their articles from it
    first = weakref.ref(generate(settings).articles[0])
    _edit(project)
    generate(settings)
    gc.collect()
    assert first() is None


@pytest.mark.parametrize("edited", [True, False])
def test_names_taken_from_the_last_build_are_the_names_worked_out_afresh(tmp_path: Path, monkeypatch, edited: bool):
    """A build takes most articles' names from the last build's (`cache.Named`) instead of
    hashing what each view shows of them again: after an edit (the stage runs again) and
    in a warm build (its changes come from the cache), each must be the name worked out
    afresh, in every view, or a page would be kept that shows another article's state."""
    import generator.cache as cache_module
    from benchmarks.synth import add_seed, edit_seed, write_seeds
    from generator.stories import CHANGED_FIELDS

    seeds = tmp_path / "seeds"
    write_seeds(120, seeds)
    settings = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "docs")
    generate(settings)
    edit_seed(seeds, 1)
    add_seed(seeds, 1)
    last = generate(settings).articles  # the names the next build takes: of an edited build's stage
    if edited:  # and the most cited article gone: the related coverage of those citing it moves
        cited = [i for a in last for i in a.related]
        gone = max((a for a in last if a.format == "text"), key=lambda a: (cited.count(a.id), a.id))
        Path(gone.seed).unlink()
    changed = {edit_seed(seeds, 2)} if edited else set()  # the seeds whose articles are new
    curated = load_curated(ROOT / "content")[0]
    real_entry = Cache._stage_entry

    def names(remembered: bool) -> tuple[int, dict[int, dict[str, str | None]]]:
        def stage_entry(cache: Cache, name: str):
            found = real_entry(cache, name)
            return found if remembered or name != cache_module.STORIES or found is None else (*found[:2], {})

        monkeypatch.setattr(Cache, "_stage_entry", stage_entry)
        with open_cache(settings) as cache:  # not saved: both builds start from the same cache
            articles[:] = collect(settings, curated, cache=cache).articles
            taken = sum(1 for naming in cache._named.values() if naming.names[cache_module.BRIEF] is not cache_module._UNNAMED)
            return taken, {view: cache.names(articles, view) for view in (*cache_module.VIEWS, cache_module.BRIEF)}

    articles: list = []
    taken, remembered = names(True)
    none, afresh = names(False)
    # Taken for each article of an unchanged seed that the stage changed as it did then.
    then = {a.id: a for a in last}
    alike = [a for a in articles if a.id in then and Path(a.seed) not in changed
             and all(getattr(a, field) == getattr(then[a.id], field) for field in CHANGED_FIELDS)]
    assert none == 0 and taken == len(alike) > 10
    if edited:
        assert cited.count(gone.id) >= 3  # articles whose names the last build's must not give
    assert all(name is not None for view in afresh.values() for name in view.values())
    assert remembered == afresh


def test_a_cut_short_stage_file_is_worked_out_again(tmp_path: Path, monkeypatch):
    """The stories stage's file is written whole or not at all, but a copy cut short (a
    disk filled up, a cache restored in part) must only cost working the stage out again:
    every pair scored, the pages a cold build makes."""
    import generator.cache as cache_module
    from benchmarks.synth import edit_seed, write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(60, seeds)
    warm = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "warm" / "docs")
    generate(warm)
    stage = warm.docs_dir.parent / cache_module.STAGE_FILE
    stage.write_bytes(stage.read_bytes()[:1000])
    edit_seed(seeds, 1)
    scored: list[int] = []
    real = cache_module.scored_pairs_of
    monkeypatch.setattr(cache_module, "scored_pairs_of", lambda articles, *rest, rows, index: scored.append(len(rows)) or real(articles, *rest, rows=rows, index=index))
    again = generate(warm)
    assert scored == [len(again.articles)]
    cold = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "cold" / "docs")
    generate(cold)
    assert {k: v[2] for k, v in _snapshot(warm.docs_dir).items()} == {k: v[2] for k, v in _snapshot(cold.docs_dir).items()}
    assert pickle.loads(stage.read_bytes())["made by"][0] == cache_module.FORMAT  # written whole again


def test_an_edit_takes_the_timeline_s_other_sections_from_the_last_timeline(tmp_path: Path, monkeypatch):
    """The timeline and topic pages are joined again from their parts when an article in
    them changes: the parts that did not change come from the file the last build wrote,
    not from the cache's rows, and the page is the one a cold build makes."""
    from benchmarks.synth import write_seeds

    seeds = tmp_path / "seeds"
    write_seeds(120, seeds)
    warm = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "warm" / "docs")
    first = generate(warm)
    newest = next(a for a in first.articles if a.format == "text" and a.date)
    with open(newest.seed, "a", encoding="utf-8") as handle:
        handle.write("\nThe ministry published the full figures on Friday.\n")
    asked: list[str] = []
    real_pages = Cache.pages

    def pages(cache: Cache, keys):
        keys = list(keys)
        asked.extend(keys)
        return real_pages(cache, keys)

    monkeypatch.setattr(Cache, "pages", pages)
    generate(warm)
    sections = [key for key in asked if key.startswith("timeline:")]
    every_section = story_pages.timeline_sections(list(first.articles))
    assert 0 < len(sections) <= 3 < len(every_section)  # the edited month's, not every month's
    cold = Settings(root=ROOT, seeds_dir=seeds, docs_dir=tmp_path / "cold" / "docs")
    generate(cold)
    for name in ("timeline.md", *(f"topics/{topic}.md" for topic in newest.topics)):
        assert (warm.docs_dir / name).read_bytes() == (cold.docs_dir / name).read_bytes(), name
