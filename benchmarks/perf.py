"""Speed benchmark: N synthetic seeds through the generator, `briefing build` and plain MkDocs.

For each N it writes N seeds (`benchmarks/synth.py`, fixed random seed), then times,
each in a fresh process and as the median of `--runs` runs:

- the generator (seeds to pages) cold (no cache, no pages), warm (nothing changed),
  after one seed changed and after one seed added, with the pages it rewrote;
- `briefing build` with a cold and a warm cache, and a plain MkDocs build of the same
  pages (with the same `mkdocs.yml` and theme overrides, over a previous site as a warm
  `briefing build` is); `mkdocs build --dirty` after one seed changed (what a live
  preview needs);
- peak memory (the processes' summed proportional set size, sampled), output size and
  search index size;
- where a cold generate spends its time, stage by stage (one serial run);

and, apart, the saved-HTML reader in milliseconds per page on the article-extraction
benchmark's real pages. Wall times on a shared machine wander, so CPU times (user +
system, workers included) are printed beside them; compare ratios within one run.

    python -m benchmarks [--seeds 1000,10000] [--runs 3[,1]] [--work DIR] [--html-limit K] [--json FILE]
                         [--without stories,summary,findings,topics]

`--without` switches analysis stages off in every measured process (the report says
so): what the rest of the pipeline costs, against the same run's plain MkDocs build.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .child import WITHOUT, stage_names
from .synth import DEFAULT_SEED, add_seed, edit_seed, load_corpus, missing_text, write_seeds

ROOT = Path(__file__).resolve().parents[1]
HTML_PAGES = ROOT.parent / "shared" / "benchmarks" / "article-extraction" / "html"
SCENARIOS = (
    ("gen_cold", "generator, cold (no cache, no pages)"),
    ("gen_warm", "generator, warm (nothing changed)"),
    ("gen_changed", "generator, one seed changed"),
    ("gen_added", "generator, one seed added"),
    ("build_cold", "briefing build, cold cache"),
    ("build_warm", "briefing build, warm cache"),
    ("mkdocs", "plain mkdocs build of the same pages"),
    ("mkdocs_dirty", "mkdocs build --dirty, one seed changed"),
    ("serve", "briefing serve: seed saved -> page served updated"),
    ("serve_site", "briefing serve: page written -> page served updated (MkDocs's part)"),
)
# Flags every measured process gets (`--without`).
CHILD_FLAGS: list[str] = []
# How long to wait for `briefing serve` to show an edit before writing it down as too slow.
SERVE_WAIT = 3600
STAGE_ORDER = (
    "read", "extract+clean", "summarize", "figures+entities", "classify", "stories", "render articles", "render index pages", "write", "cache", "other",
)


@dataclass(frozen=True)
class Run:
    """One measured process."""

    wall: float
    """Seconds from start to exit, interpreter start-up and imports included."""
    cpu: float
    """User + system seconds of the process and its workers."""
    peak_mb: float
    """The most memory the process and its workers held at once: their summed proportional
    set size (a page shared by n processes counts 1/n in each), sampled (`PeakMemory`).
    At least the main process's own peak resident memory, which a sample may miss. Where
    no sample could be read, that plus each worker's: an upper bound that counts the pages
    forked workers share with the main process again for each (at 10,000 seeds, 3.5 GB
    for a build whose samples peaked at 1.7)."""
    changed: int
    """Files under the docs dir written, added or removed by this run."""
    report: dict


@dataclass(frozen=True)
class Folders:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def cache(self) -> Path:
        return self.root / "build" / "cache.sqlite"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def plain(self) -> Path:
        return self.root / "site-plain"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (inode, mtime) under `folder`: a rewritten file changes one or both."""
    found = {}
    for top, _, names in os.walk(folder):
        for name in names:
            stat = os.stat(os.path.join(top, name))
            found[os.path.join(top, name)[len(str(folder)):]] = (stat.st_ino, stat.st_mtime_ns)
    return found


class PeakMemory(threading.Thread):
    """Samples the summed proportional set size (Linux's `Pss`) of a process and its
    descendants until it exits; `peak_kb` is None where /proc cannot tell it."""

    INTERVAL = 2.0
    """Seconds between samples. Reading a process's memory map walks all of it, CPU the
    build wants on a busy machine: sampled every 0.25 s, and again every second, a cold
    10,000-seed build took 6 to 8 s longer than unsampled (126 against 120 s, three pairs
    run in turn). So samples are rare and the sampler runs at the lowest priority; a
    build's memory climbs and falls over many seconds."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb: int | None = None
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only, on Linux
        except (AttributeError, OSError):
            pass
        while not self.finished.wait(self.INTERVAL):
            sizes = [_pss_kb(pid) for pid in _tree(self.pid)]
            if sizes and None not in sizes:
                self.peak_kb = max(self.peak_kb or 0, sum(size for size in sizes if size is not None))

    def stop(self) -> int | None:
        self.finished.set()
        self.join()
        return self.peak_kb


def _tree(pid: int) -> list[int]:
    """The process and its living descendants."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                waiting += [int(child) for child in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int | None:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except FileNotFoundError:  # exited since it was listed
        return 0
    except OSError:
        return None
    return next((int(line.split()[1]) for line in lines if line.startswith("Pss:")), None)


def compile_bytecode() -> None:
    """Compile the project's modules to bytecode first, as a first import does and as pip
    does for an installed package: where PYTHONDONTWRITEBYTECODE is set (some containers
    set it), every measured process would otherwise compile the generator's source again,
    0.05 s of an edit that is Python's start-up, not the generator's work."""
    for folder in ("generator", "benchmarks"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def run_child(mode: str, folders: Folders, *extra: str, site: Path | None = None) -> Run:
    """Run `benchmarks.child MODE` in a new process and measure it."""
    out = folders.root / f"{mode}.json"
    log = folders.root / f"{mode}.log"
    command = [sys.executable, "-m", "benchmarks.child", mode, "--seeds", str(folders.seeds), "--docs", str(folders.docs),
               "--site", str(site or folders.site), "--out", str(out), *CHILD_FLAGS, *extra]
    before = _snapshot(folders.docs)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    with open(log, "wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=stderr, stderr=stderr, env=env)
        memory = PeakMemory(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    sampled_kb = memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    workers = report["workers"] if report["worker_rss_kb"] else 0
    if sampled_kb is not None:  # the main process's own peak is a floor a sample may miss
        peak_kb = max(sampled_kb, report["main_rss_kb"])
    else:
        peak_kb = report["main_rss_kb"] + workers * report["worker_rss_kb"]
    after = _snapshot(folders.docs)
    changed = sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return Run(wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024, changed, report)


def _clear(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _median(runs: list[Run]) -> dict:
    return {
        "wall": statistics.median(r.wall for r in runs),
        "cpu": statistics.median(r.cpu for r in runs),
        "peak_mb": max(r.peak_mb for r in runs),
        "changed": statistics.median(r.changed for r in runs),
        "inner": statistics.median(r.report.get("seconds", 0.0) for r in runs),
        "runs": len(runs),
        "walls": [r.wall for r in runs],
    }


def bench_size(count: int, runs: int, work: Path, corpus) -> dict:
    """Every scenario for `count` seeds."""
    folders = Folders(work / f"n{count}")
    _clear(folders.root)
    formats = write_seeds(count, folders.seeds, DEFAULT_SEED, corpus)
    results: dict[str, list[Run]] = {name: [] for name, _ in SCENARIOS}

    profile_folders = Folders(folders.root / "profile")
    profile_folders.root.mkdir(parents=True)
    os.symlink(folders.seeds, profile_folders.seeds)
    profile = run_child("profile", profile_folders).report

    for _ in range(runs):
        _clear(folders.cache, folders.docs)
        results["gen_cold"].append(run_child("generate", folders))
    for _ in range(runs):
        # As before a warm build below: the cold run's writes on disk first (at 10,000
        # seeds, flushing them slowed the next run by half a second of kernel time).
        os.sync()
        results["gen_warm"].append(run_child("generate", folders))
    for _ in range(runs):
        _clear(folders.cache, folders.docs, folders.site)
        results["build_cold"].append(run_child("build", folders))
    for _ in range(runs):
        os.sync()  # the previous site on disk, as a while after the last build
        results["build_warm"].append(run_child("build", folders))
    # Like `briefing build` warm, plain MkDocs builds over the previous site of the same
    # pages, so both delete an old site (MkDocs empties its site dir first): 1 to 3 s of
    # the wall time at 1,000 seeds on this kind of disk, left out of MkDocs's figure before.
    for _ in range(runs):
        if not folders.plain.exists():
            shutil.copytree(folders.site, folders.plain, symlinks=True)
        os.sync()
        results["mkdocs"].append(run_child("mkdocs", folders, site=folders.plain))
    sizes = {
        "docs_bytes": _size(folders.docs),
        "site_bytes": _size(folders.site),
        "search_bytes": _size(folders.site / "search"),
        "search_untrimmed_bytes": _size(folders.plain / "search"),
        "cache_bytes": folders.cache.stat().st_size,
    }
    for round_ in range(runs):
        edit_seed(folders.seeds, round_, corpus)
        # As before the warm runs: the site MkDocs just wrote is on disk, as a while after
        # a build. Otherwise the edit pays for writing back its 430 MB at 10,000 seeds:
        # measured, 3.0 to 3.4 s synced, 3.7 to 4.5 s right after writing such a folder.
        os.sync()
        results["gen_changed"].append(run_child("generate", folders))
    edit_seed(folders.seeds, 2 * runs, corpus)
    profile_changed = run_child("profile", folders).report
    for round_ in range(runs):
        add_seed(folders.seeds, round_, corpus)
        os.sync()
        results["gen_added"].append(run_child("generate", folders))
    for round_ in range(runs):
        edit_seed(folders.seeds, 3 * runs + round_, corpus)
        run_child("generate", folders)
        results["mkdocs_dirty"].append(run_child("mkdocs", folders, "--dirty", site=folders.plain))
    results["serve"], results["serve_site"] = bench_serve(folders, runs)
    return {
        "seeds": count,
        "articles": results["gen_cold"][0].report["articles"],
        "errors": results["gen_cold"][0].report["errors"],
        "formats": formats,
        "scenarios": {name: _median(results[name]) for name, _ in SCENARIOS},
        "profile": profile,
        "profile_changed": profile_changed,
        "sizes": sizes,
    }


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def bench_serve(folders: Folders, runs: int) -> tuple[list[Run], list[Run]]:
    """`briefing serve` on the seeds; for each run, the wait from saving an edited seed
    to the server answering with the updated page, and the part of it from the page's
    Markdown being written (the generator done) to the server answering (MkDocs's part)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folders.root / "serve.log"
    command = [sys.executable, "-m", "benchmarks.child", "serve", "--seeds", str(folders.seeds), "--docs", str(folders.docs),
               "--site", str(folders.site), "--out", str(folders.root / "serve.json"), "--dev-addr", f"127.0.0.1:{port}", *CHILD_FLAGS]
    scratch = folders.root / "tmp"  # MkDocs's own temporary site goes here, removed with the work folder
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    texts = [p for p in sorted(folders.seeds.glob("*.txt")) if not p.read_text(encoding="utf-8").startswith(("{", "[", "---", "<"))]
    measured, site_part = [], []
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=output, env=env)
        try:
            page = f"http://127.0.0.1:{port}/articles/{texts[0].stem}/"
            while _get(page) is None:
                if process.poll() is not None:
                    raise RuntimeError(f"briefing serve stopped:\n{log.read_text(errors='replace')[-3000:]}")
                time.sleep(0.5)
            for round_ in range(runs):
                seed = texts[round_ % len(texts)]
                marker = f"Benchmark marker {round_} {time.time_ns()}: the review panel met again."
                page = f"http://127.0.0.1:{port}/articles/{seed.stem}/"
                markdown = folders.docs / "articles" / f"{seed.stem}.md"
                started = time.perf_counter()
                written = math.inf
                with seed.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{marker}\n")
                while time.perf_counter() - started < SERVE_WAIT:
                    if written == math.inf and marker in _read(markdown):
                        written = time.perf_counter()
                    if marker in (_get(page) or ""):
                        written = min(written, time.perf_counter())  # written and served within one poll
                        break
                    time.sleep(0.1)
                served = time.perf_counter()
                waited = served - started
                measured.append(Run(waited if waited < SERVE_WAIT else math.inf, 0.0, 0.0, 0, {}))
                site_part.append(Run(served - written if waited < SERVE_WAIT else math.inf, 0.0, 0.0, 0, {}))
                if waited >= SERVE_WAIT:
                    break
        finally:
            process.send_signal(signal.SIGINT)  # MkDocs removes its temporary site on Ctrl-C
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return measured, site_part


def bench_html(work: Path, limit: int) -> dict | None:
    """The saved-HTML reader on the extraction benchmark's pages, or None without them."""
    if not HTML_PAGES.is_dir():
        return None
    folders = Folders(work / "html")
    _clear(folders.root)
    folders.root.mkdir(parents=True)
    return run_child("html", folders, "--html", str(HTML_PAGES), "--limit", str(limit)).report


# Printing -------------------------------------------------------------------------


def _mb(size: float) -> str:
    return f"{size / 1e6:,.1f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def scenario_table(sizes: list[dict]) -> str:
    header = ["scenario"] + [f"{s['seeds']:,} seeds: wall s (cpu s), peak MB, files written" for s in sizes]
    rows = []
    for name, label in SCENARIOS:
        row = [label]
        for size in sizes:
            m = size["scenarios"][name]
            if name.startswith("serve"):
                row.append(_seconds(m["wall"]))
                continue
            written = "" if name.startswith("mkdocs") else f", {m['changed']:,.0f}"
            row.append(f"{m['wall']:.2f} ({m['cpu']:.2f}), {m['peak_mb']:,.0f}{written}")
        rows.append(row)
    return _table(header, rows)


def _seconds(wall: float) -> str:
    return f"{wall:.2f}" if math.isfinite(wall) else f"over {SERVE_WAIT} s"


def runs_table(sizes: list[dict]) -> str:
    """Each run's wall seconds, in the order they ran: a median hides how far apart they lie."""
    header = ["scenario"] + [f"{s['seeds']:,} seeds: wall s of each run" for s in sizes]
    rows = [[label] + [", ".join(_seconds(wall) for wall in size["scenarios"][name]["walls"]) for size in sizes] for name, label in SCENARIOS]
    return _table(header, rows)


def size_table(sizes: list[dict]) -> str:
    header = ["output"] + [f"{s['seeds']:,} seeds" for s in sizes]
    rows = [
        ["articles (pages)"] + [f"{s['articles']:,}" for s in sizes],
        ["generated pages, MB"] + [_mb(s["sizes"]["docs_bytes"]) for s in sizes],
        ["site, MB (KB per seed)"] + [f"{_mb(s['sizes']['site_bytes'])} ({s['sizes']['site_bytes'] / s['seeds'] / 1e3:.1f})" for s in sizes],
        ["search index, MB (KB per article)"] + [f"{_mb(s['sizes']['search_bytes'])} ({s['sizes']['search_bytes'] / s['articles'] / 1e3:.2f})" for s in sizes],
        ["search index untrimmed (plain MkDocs), MB"] + [_mb(s["sizes"]["search_untrimmed_bytes"]) for s in sizes],
        ["cache, MB"] + [_mb(s["sizes"]["cache_bytes"]) for s in sizes],
        ["ms per seed: generator cold / briefing build cold"]
        + [f"{s['scenarios']['gen_cold']['wall'] / s['seeds'] * 1000:.1f} / {s['scenarios']['build_cold']['wall'] / s['seeds'] * 1000:.1f}" for s in sizes],
    ]
    return _table(header, rows)


def stage_costs(profile: dict) -> dict[str, float]:
    """CPU seconds per stage of the serial cold run, with what no stage accounts for as "other"."""
    stages = dict(profile["stages"])
    stages["other"] = max(profile["cpu_seconds"] - sum(stages.values()), 0.0)
    return stages


def stage_table(sizes: list[dict]) -> str:
    header = ["stage (CPU, one process)"]
    for size in sizes:
        header += [f"{size['seeds']:,} seeds cold: s, ms/seed, share", f"{size['seeds']:,} seeds, one seed changed: s, share"]
    rows = []
    for stage in STAGE_ORDER:
        row = [stage]
        for size in sizes:
            cold, changed = stage_costs(size["profile"])[stage], stage_costs(size["profile_changed"])[stage]
            row.append(f"{cold:.2f}, {cold / size['seeds'] * 1000:.2f}, {cold / size['profile']['cpu_seconds']:.0%}")
            row.append(f"{changed:.3f}, {changed / size['profile_changed']['cpu_seconds']:.0%}")
        rows.append(row)
    total = ["total"]
    for size in sizes:
        cold, changed = size["profile"]["cpu_seconds"], size["profile_changed"]["cpu_seconds"]
        total += [f"{cold:.2f}, {cold / size['seeds'] * 1000:.2f}, 100%", f"{changed:.3f}, 100%"]
    return _table(header, rows + [total])


def html_table(html: dict) -> str:
    rows = []
    for key, label in (("read_ms", "HTML reader (trafilatura + htmldate)"), ("seed_ms", "whole per-seed work (read, clean, summarize, classify)")):
        spread = html[key]
        rows.append([label, f"{spread['median']:.1f}", f"{spread['mean']:.1f}", f"{spread['p90']:.1f}", f"{spread['max']:.1f}"])
    return _table(["saved HTML, ms per page", "median", "mean", "p90", "max"], rows)


def _ratio(over: dict, under: dict) -> str:
    return f"{over['wall'] / under['wall']:.2f}x wall, {over['cpu'] / under['cpu']:.2f}x CPU"


def goals(sizes: list[dict]) -> list[tuple[str, str, bool]]:
    """(goal, measured, met) for the issue's goals: on the largest N, serve at 1,000 seeds."""
    big, small = sizes[-1], sizes[0]
    s = big["scenarios"]
    mkdocs = s["mkdocs"]
    peak = max(m["peak_mb"] for m in s.values())
    serve_size = next((x for x in sizes if x["seeds"] == 1000), big)
    found = [
        (f"{big['seeds']:,} seeds: generator cold under 0.2x plain MkDocs", _ratio(s["gen_cold"], mkdocs), s["gen_cold"]["wall"] < 0.2 * mkdocs["wall"]),
        (f"{big['seeds']:,} seeds: generator warm under 2 s", f"{s['gen_warm']['wall']:.2f} s", s["gen_warm"]["wall"] < 2),
        (f"{big['seeds']:,} seeds: one seed changed under 2 s", f"{s['gen_changed']['wall']:.2f} s", s["gen_changed"]["wall"] < 2),
        (f"{big['seeds']:,} seeds: a warm run rewrites no file", f"{s['gen_warm']['changed']:.0f} files", s["gen_warm"]["changed"] == 0),
        (f"{big['seeds']:,} seeds: briefing build within 1.3x plain MkDocs (cold cache)", _ratio(s["build_cold"], mkdocs), s["build_cold"]["wall"] <= 1.3 * mkdocs["wall"]),
        (f"{big['seeds']:,} seeds: briefing build within 1.3x plain MkDocs (warm cache)", _ratio(s["build_warm"], mkdocs), s["build_warm"]["wall"] <= 1.3 * mkdocs["wall"]),
        (f"{big['seeds']:,} seeds: peak memory under 2 GB", f"{peak:,.0f} MB", peak < 2048),
        (f"{big['seeds']:,} seeds: search index under 30 MB", f"{_mb(big['sizes']['search_bytes'])} MB", big["sizes"]["search_bytes"] < 30e6),
        (
            f"{serve_size['seeds']:,} seeds: serve shows an edited seed in under 5 s",
            f"{serve_size['scenarios']['serve']['wall']:.2f} s",
            serve_size["scenarios"]["serve"]["wall"] < 5,
        ),
    ]
    if big is not small:
        per_seed = [x["scenarios"]["build_cold"]["wall"] / x["seeds"] for x in (small, big)]
        per_kb = [x["sizes"]["site_bytes"] / x["seeds"] for x in (small, big)]
        found.append(
            (
                f"linear: build time and site size per seed flat from {small['seeds']:,} to {big['seeds']:,}",
                f"time per seed x{per_seed[1] / per_seed[0]:.2f}, size per seed x{per_kb[1] / per_kb[0]:.2f}",
                per_seed[1] / per_seed[0] < 1.25 and per_kb[1] / per_kb[0] < 1.1,
            )
        )
    return found


def render_report(result: dict) -> str:
    sizes = result["sizes"]
    env = result["environment"]
    lines = [
        f"# Briefing speed benchmark: {', '.join(f'{s:,}' for s in result['seed_counts'])} synthetic seeds",
        "",
        f"{env['cores']} cores, Python {env['python']}, mkdocs {env['mkdocs']}, mkdocs-material {env['material']}; "
        f"load average {env['load_before']} before, {env['load_after']} after; text from {', '.join(result['corpus'])}; "
        f"random seed {DEFAULT_SEED}; {result['seconds']:.0f} s in all.",
        "",
    ]
    missing = missing_text(result["corpus"])
    if missing:
        lines += [f"**Not comparable**: {missing}.", ""]
    if result.get("without"):
        stages = ", ".join(result["without"])
        lines += [f"**Without {stages}**: each replaced by a stage that changes nothing (`--without {stages}`).", ""]
    for size in sizes:
        formats = ", ".join(f"{n:,} {kind}" for kind, n in sorted(size["formats"].items()))
        runs = size["scenarios"]["gen_cold"]["runs"]
        lines.append(f"- {size['seeds']:,} seeds ({formats}) -> {size['articles']:,} articles, {size['errors']} errors; medians of {runs} run{'s' if runs > 1 else ''}")
    lines += ["", scenario_table(sizes), ""]
    if any(size["scenarios"]["gen_cold"]["runs"] > 1 for size in sizes):
        lines += [
            "Each run, in order. A size's first edit follows its plain MkDocs builds, minutes after the "
            "cache was last read; the next ones follow an edit.",
            "",
            runs_table(sizes),
            "",
        ]
    lines += [size_table(sizes), "", stage_table(sizes), ""]
    if result.get("html"):
        html = result["html"]
        lines += [f"Saved HTML on the extraction benchmark: {html['pages']} pages, {html['refused']} refused by the reader.", "", html_table(html), ""]
    else:
        lines += ["Saved HTML: the extraction benchmark's pages are not here (../shared/benchmarks/article-extraction/html).", ""]
    lines += [_table(["goal", "measured", "met"], [[g, m, "yes" if ok else "NO"] for g, m, ok in goals(sizes)])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1000,10000", help="comma-separated seed counts (default 1000,10000)")
    parser.add_argument("--runs", default="3", help="runs per scenario, one figure for every seed count or one per count (default 3)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="scratch folder (default build/bench)")
    parser.add_argument("--html-limit", type=int, default=0, help="time only the first K saved HTML pages (default all)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--without", type=stage_names, default=[], help=f"time the pipeline with these stages switched off: {', '.join(WITHOUT)}")
    args = parser.parse_args(argv)
    if args.without:
        CHILD_FLAGS.extend(["--without", ",".join(args.without)])
    counts = sorted(int(n.replace("_", "")) for n in args.seeds.split(","))
    runs = [int(n) for n in args.runs.split(",")]
    if len(runs) not in (1, len(counts)) or min(runs) < 1:
        parser.error("--runs: one count of runs, or one per seed count")
    runs = runs * len(counts) if len(runs) == 1 else runs
    started = time.perf_counter()
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    compile_bytecode()
    corpus = load_corpus()
    missing = missing_text(corpus.names)
    if missing:
        print(f"benchmark: warning: {missing}", file=sys.stderr, flush=True)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = []
    for count, repeat in zip(counts, runs):
        print(f"benchmark: {count:,} seeds, {repeat} run(s) per scenario...", file=sys.stderr, flush=True)
        sizes.append(bench_size(count, repeat, args.work, corpus))
    print("benchmark: saved HTML pages...", file=sys.stderr, flush=True)
    html = bench_html(args.work, args.html_limit)
    result = {
        "seed_counts": counts,
        "without": args.without,
        "runs": runs,
        "corpus": list(corpus.names),
        "sizes": sizes,
        "html": html,
        "seconds": time.perf_counter() - started,
        "environment": {
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "python": platform.python_version(),
            "mkdocs": version("mkdocs"),
            "material": version("mkdocs-material"),
            "load_before": load_before,
            "load_after": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        },
    }
    result["goals"] = [{"goal": g, "measured": m, "met": ok} for g, m, ok in goals(sizes)]
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    sys.stdout.write(render_report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
