"""The GitHub Actions workflows stay safe for pull requests from forks.

zizmor audits the workflows offline; the structural checks below state the
rules we rely on directly, so a change that breaks one fails here by name even
where zizmor is not installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from generator.cache import STAGE_FILE

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
DEPLOY_WORKFLOW, DEPLOY_JOB = "deploy.yml", "deploy"

SHA_PIN = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}\Z")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>\s+#.*)?$")
VERSION_COMMENT = re.compile(r"\s+#\s*v\d+(\.\d+)*\b")
# Values an outsider controls (titles, bodies, branch names) must reach a
# script through `env:`, never be pasted into its text.
UNTRUSTED_IN_RUN = re.compile(r"\$\{\{[^}]*\bgithub\s*(?:\.\s*(?:event|head_ref)\b|\[\s*['\"](?:event|head_ref)['\"])")


def load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict), f"{path.name}: not a mapping"
    return doc


def triggers(doc: dict[str, Any]) -> set[str]:
    """Event names under `on:` (which PyYAML reads as the boolean key True)."""
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    return set(on or {})


def steps(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(job id, step) for every step of every job."""
    for job_id, job in doc.get("jobs", {}).items():
        for step in job.get("steps", []):
            yield job_id, step


def uses_values(doc: dict[str, Any]) -> list[str]:
    """Every `uses:`: steps' actions and jobs' reusable workflows."""
    found = [job["uses"] for job in doc.get("jobs", {}).values() if "uses" in job]
    found += [step["uses"] for _, step in steps(doc) if "uses" in step]
    return found


def write_scopes(permissions: Any) -> set[str]:
    """The scopes a `permissions:` value grants write on ("*" for write-all)."""
    if permissions == "write-all":
        return {"*"}
    if isinstance(permissions, dict):
        return {scope for scope, access in permissions.items() if access == "write"}
    return set()


def only_step(doc: dict[str, Any], action: str = "", run: str = "") -> tuple[int, dict[str, Any]]:
    """(position among all steps, step) of the one step that uses `action` or runs `run`."""
    found = [
        (n, step) for n, (_, step) in enumerate(steps(doc))
        if (action and step.get("uses", "").split("@")[0] == action) or (run and run in step.get("run", ""))
    ]
    assert len(found) == 1, f"expected one step with {action or run!r}, found {len(found)}"
    return found[0]


def find_zizmor() -> str | None:
    """zizmor from the running Python's environment, else from PATH."""
    name = "zizmor.exe" if os.name == "nt" else "zizmor"
    beside = Path(sysconfig.get_path("scripts")) / name
    return str(beside) if beside.is_file() else shutil.which("zizmor")


def test_there_are_workflows():
    names = {path.name for path in WORKFLOWS}
    assert {"pr.yml", DEPLOY_WORKFLOW} <= names, f"workflows found: {sorted(names)}"


@pytest.mark.parametrize(
    "target, collect",
    [(".github/workflows", "workflows"), (".github", "dependabot")],
    ids=["workflows", "dependabot"],
)
def test_zizmor_finds_nothing(target, collect):
    zizmor = find_zizmor()
    if zizmor is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("zizmor is not installed; CI must run this audit (pip install -e .[test])")
        pytest.skip("zizmor is not installed (pip install -e .[test]); CI runs this audit")
    # --offline: no network at test time; --strict-collection: a file zizmor
    # cannot parse fails instead of being skipped with a warning.
    result = subprocess.run(
        [zizmor, "--offline", "--strict-collection", "--format=json", f"--collect={collect}", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    findings = json.loads(result.stdout) if result.stdout.strip().startswith("[") else None
    summary = [f"{f['ident']}: {f['desc']}" for f in findings or []]
    assert result.returncode == 0 and findings == [], (
        f"zizmor exited {result.returncode} with findings {summary}\n{result.stderr[-3000:]}"
    )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path):
    """Forks' code must never run with the base repository's token and secrets."""
    assert "pull_request_target" not in triggers(load(path))
    # Scanned tokens skip comments but see every key and value, so an `if:` on
    # the event name or a trigger in an odd spelling is caught too.
    text = path.read_text(encoding="utf-8")
    values = [tok.value for tok in yaml.scan(text) if isinstance(tok, yaml.ScalarToken)]
    assert not [v for v in values if "pull_request_target" in v]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_to_commit_with_version_comment(path):
    """A tag can be moved to other code after review; a commit SHA cannot."""
    parsed = uses_values(load(path))
    lines = [m for m in map(USES_LINE.match, path.read_text(encoding="utf-8").splitlines()) if m]
    assert sorted(m["ref"].strip("'\"") for m in lines) == sorted(parsed), (
        "every uses: must be on its own line as `uses: owner/repo@sha # vX.Y.Z`"
    )
    for m in lines:
        ref = m["ref"].strip("'\"")
        if ref.startswith("./"):
            continue  # an action in this repository, reviewed with it
        assert SHA_PIN.match(ref), f"{ref}: pin to a full 40-hex commit SHA"
        assert m["comment"] and VERSION_COMMENT.match(m["comment"]), f"{ref}: add the version, e.g. `# v4.2.2`"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_top_level_permissions_empty(path):
    """Nothing is granted by default; each job asks for what it needs."""
    doc = load(path)
    assert "permissions" in doc and doc["permissions"] == {}, "set `permissions: {}` at the top"


def test_only_the_deploy_job_can_write():
    """pages/id-token write (and any write) live only in the job that deploys."""
    granted = set()
    for path in WORKFLOWS:
        doc = load(path)
        granted |= {(path.name, "(workflow)", s) for s in write_scopes(doc.get("permissions"))}
        for job_id, job in doc.get("jobs", {}).items():
            granted |= {(path.name, job_id, s) for s in write_scopes(job.get("permissions"))}
    assert granted == {(DEPLOY_WORKFLOW, DEPLOY_JOB, "pages"), (DEPLOY_WORKFLOW, DEPLOY_JOB, "id-token")}


def test_deploy_job_runs_only_deploy_pages():
    """The job with write access runs none of our code, only GitHub's deploy action."""
    job = load(GITHUB / "workflows" / DEPLOY_WORKFLOW)["jobs"][DEPLOY_JOB]
    assert [step.get("uses", "run: ...").split("@")[0] for step in job["steps"]] == ["actions/deploy-pages"]
    assert job.get("environment", {}).get("name") == "github-pages"


def test_deploy_runs_one_at_a_time_without_cancelling():
    doc = load(GITHUB / "workflows" / DEPLOY_WORKFLOW)
    assert doc.get("concurrency") == {"group": "pages", "cancel-in-progress": False}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_does_not_persist_credentials(path):
    """The token must not stay in .git/config for later steps (or artifacts) to read."""
    checkouts = [(job, s) for job, s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    for job_id, step in checkouts:
        setting = (step.get("with") or {}).get("persist-credentials")
        assert setting in (False, "false"), f"{path.name} job {job_id}: set `persist-credentials: false`"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_untrusted_expression_in_run(path):
    """`${{ github.event.* }}` in a script is pasted in before the shell parses it."""
    for job_id, step in steps(load(path)):
        script = step.get("run", "")
        assert not UNTRUSTED_IN_RUN.search(script), (
            f"{path.name} job {job_id} step {step.get('name', '?')!r}: pass the value through `env:`"
        )


def test_pull_requests_start_from_the_cache_of_mains_build():
    """deploy.yml saves its cache after a build from a clean install (it restores none);
    pr.yml restores it before the seed check and the build, which both read every seed,
    and runs them before `make test` installs the test tools: the cache's entries count
    only under the same installed libraries (generator/cache.py)."""
    deploy = load(GITHUB / "workflows" / DEPLOY_WORKFLOW)
    assert not [s for _, s in steps(deploy) if s.get("uses", "").split("@")[0] in ("actions/cache", "actions/cache/restore")]
    at, save = only_step(deploy, action="actions/cache/save")
    assert only_step(deploy, run="briefing build --strict")[0] < at
    kept = {"build/cache.sqlite", f"build/{STAGE_FILE}"}  # the cache and the stories stage's file beside it
    assert save["if"] == "github.ref == 'refs/heads/main'" and set(save["with"]["path"].split()) == kept

    pr = load(GITHUB / "workflows" / "pr.yml")
    assert not [s for _, s in steps(pr) if s.get("uses", "").startswith("actions/cache/save@")]
    at, restore = only_step(pr, action="actions/cache/restore")
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"]) and set(restore["with"]["path"].split()) == kept
    order = [at] + [only_step(pr, run=text)[0] for text in ("briefing check", "briefing build --strict", "make test")]
    assert order == sorted(order), "restore the cache, check the seeds, build, then install the test tools and test"
