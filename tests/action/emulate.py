"""Runs action.yml and the reusable workflow (.github/workflows/releaselint.yml) through the runner emulation
(tests/action/runner.py) on real repositories built from the samples, and checks what a user would see on GitHub:
the job's result, the exit-code output, which steps ran, the annotations (on files that exist), the SARIF that
would be uploaded (URIs relative to the repository root), the cache (a second run restores the tool), the job
summary, and that the tool never lands in the linted workspace.

  python3 tests/action/emulate.py [--keep DIR] [CASE...]

Prints one line per case with its time; exits 1 when an expectation fails. Expectations that wait for a change
elsewhere are listed in KNOWN_FAILING with the reason: they are checked and reported, and one that starts to
pass fails the run until it is taken off the list.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import Runner  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL_REPOSITORY = "releaselint/releaselint"
CHECK_STEP = "releaselint check"

# case -> expectation -> why it fails today (and who changes it).
KNOWN_FAILING: dict[tuple[str, str], str] = {}


def git(cwd: str, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="ci", GIT_AUTHOR_EMAIL="ci@example.com", GIT_COMMITTER_NAME="ci",
               GIT_COMMITTER_EMAIL="ci@example.com")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout


def export_source(dest: str) -> str:
    """The tool's source as a checkout of it would hold it: tracked and new files, no build output."""
    files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for rel in filter(None, files):
        src = os.path.join(ROOT, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(src, os.path.join(dest, rel))
    return dest


def sample_repo(dest: str, sample: str, history: bool, pin_old_sdk: bool = False) -> str:
    shutil.copytree(os.path.join(ROOT, "samples", sample), dest)
    if pin_old_sdk:
        # A repository whose global.json pins an SDK the runner lacks: the tool must still build and run.
        with open(os.path.join(dest, "global.json"), "w") as f:
            f.write('{ "sdk": { "version": "8.0.100", "rollForward": "disable" } }\n')
    if history:
        subprocess.run(["bash", os.path.join(ROOT, "samples", "build-history.sh"), sample], cwd=dest, check=True,
                       stdout=subprocess.DEVNULL)
    else:
        git(dest, "init", "-q", "-b", "main")
        git(dest, "add", "-A")
        git(dest, "commit", "-qm", "import")
    return dest


def nested_repo(dest: str) -> str:
    """A repository whose linted project lives in services/api (the action's path: input)."""
    os.makedirs(dest)
    with open(os.path.join(dest, "README.md"), "w") as f:
        f.write("# Monorepo\n")
    shutil.copytree(os.path.join(ROOT, "samples", "drifted"), os.path.join(dest, "services", "api"))
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "import")
    return dest


class Case:
    def __init__(self, name: str, record: dict, seconds: float):
        self.name, self.record, self.seconds = name, record, seconds
        self.failures: list[str] = []
        self.known: list[str] = []
        self.fixed: list[str] = []

    def expect(self, what: str, ok: bool, detail: str = ""):
        known = KNOWN_FAILING.get((self.name, what))
        if ok and known:
            self.fixed.append(f"{what} now holds: take it off KNOWN_FAILING in tests/action/emulate.py")
        elif not ok and known:
            self.known.append(f"{what} ({known})")
        elif not ok:
            self.failures.append(f"{what}{': ' + detail if detail else ''}")

    def step(self, name: str) -> dict | None:
        return next((s for s in self.record["steps"] if s["name"] == name), None)

    def ran(self, name: str) -> bool:
        s = self.step(name)
        return s is not None and s["outcome"] != "skipped"

    def tool_seconds(self) -> float:
        """Wall time of everything but the check itself: what the action adds to a job."""
        return sum(s.get("seconds", 0) for s in self.record["steps"] if s["name"] != CHECK_STEP)

    def tool_cpu(self) -> float:
        """CPU time of the same: what it adds on a runner of its own, whatever else loads this machine."""
        return sum(s.get("cpu", 0) for s in self.record["steps"] if s["name"] != CHECK_STEP)


def common(case: Case, expect_code: str):
    r = case.record
    ws = r["workspace"]
    check = case.step(CHECK_STEP)
    code = (check or {}).get("outputs", {}).get("exit-code", "")
    case.expect("exit-code", code == expect_code, f"expected {expect_code}, got {code!r}")
    case.expect("job-result", r["failed"] == (expect_code != "0"), f"failed={r['failed']}")
    case.expect("tool-outside-workspace", not any(os.path.exists(os.path.join(ws, d)) for d in
                                                  (".releaselint-source", "releaselint-tool")) and
                not any(n.endswith(".sarif") for n in os.listdir(ws)), "tool or report files in the workspace")
    located = [a for a in r["annotations"] if a.get("file")]
    case.expect("annotations-on-existing-files", all(os.path.isfile(os.path.join(ws, a["file"])) for a in located),
                ", ".join(sorted({a["file"] for a in located if not os.path.isfile(os.path.join(ws, a["file"]))})[:3]))
    for c in r["checkouts"]:
        case.expect("checkout-without-credentials", c["with"].get("persist-credentials") == "false", c["uses"])
    if expect_code in ("0", "1"):
        case.expect("sarif-uploaded", len(r["uploads"]) == 1, f"{len(r['uploads'])} uploads")
        for up in r["uploads"]:
            with open(up["copy"]) as f:
                run = json.load(f)["runs"][0]
            base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            case.expect("sarif-base-is-repository-root", base.rstrip("/") == "file://" + ws.rstrip("/"), base)
            uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for res in run["results"] for loc in res["locations"]]
            bad = [u for u in uris if u.startswith(("/", "..")) or not os.path.isfile(os.path.join(ws, u))]
            case.expect("sarif-uris-on-repository-files", not bad, ", ".join(bad[:3]))
            case.expect("sarif-outside-workspace", not up["sarif_file"].startswith(ws + os.sep), up["sarif_file"])
        case.expect("fail-step", case.ran("Fail on findings") == (expect_code == "1"))
        heading = "findings at or above" if expect_code == "1" else "no findings at or above"
        case.expect("summary", heading in r["summary"], r["summary"][:200])
    else:
        case.expect("nothing-uploaded", not r["uploads"] and not case.ran("Upload SARIF to code scanning"))
        case.expect("no-findings-message", not case.ran("Fail on findings"))
        case.expect("summary", "could not run" in r["summary"], r["summary"][:200])


def main(argv: list[str]) -> int:
    keep = None
    if argv[:1] == ["--keep"]:
        keep, argv = argv[1], argv[2:]
    work = keep or tempfile.mkdtemp(prefix="releaselint-emulate-")
    os.makedirs(work, exist_ok=True)
    only = set(argv)
    cache = os.path.join(work, "actions-cache")  # kept between invocations with --keep: the next one starts cached
    for stale in ("repos", "releaselint-source"):
        shutil.rmtree(os.path.join(work, stale), ignore_errors=True)
    source = export_source(os.path.join(work, "releaselint-source"))
    sha = git(ROOT, "rev-parse", "HEAD").strip()
    repos = {
        "clean": sample_repo(os.path.join(work, "repos", "clean"), "live-branch", history=True, pin_old_sdk=True),
        "findings": sample_repo(os.path.join(work, "repos", "findings"), "drifted", history=True),
        "nested": nested_repo(os.path.join(work, "repos", "nested")),
        "custom": sample_repo(os.path.join(work, "repos", "custom"), "custom-rule", history=False),
    }
    action_yml = os.path.join(source, "action.yml")
    workflow_yml = os.path.join(source, ".github", "workflows", "releaselint.yml")
    cases: list[Case] = []

    def run(name: str, repo: str, *, workflow: bool = False, inputs: dict | None = None, event_name: str = "push",
            event: dict | None = None) -> Case | None:
        if only and name not in only:
            return None
        job = os.path.join(work, "jobs", name)
        shutil.rmtree(job, ignore_errors=True)
        runner = Runner(root=job, cache_dir=cache, checkout_source=repos[repo], event_name=event_name,
                        event=event or {}, other_checkouts={TOOL_REPOSITORY: source})
        started = time.monotonic()
        if workflow:
            record = runner.run_workflow_job(workflow_yml, "releaselint", inputs or {})
        else:
            record = runner.run_action(action_yml, inputs or {})
        case = Case(name, record, time.monotonic() - started)
        cases.append(case)
        return case

    # The composite action. The first run builds the tool (cache miss); the next ones restore it.
    if c := run("action-clean", "clean"):
        common(c, "0")
        c.expect("cache-miss-builds-and-saves", c.ran("Build and install ReleaseLint") and
                 any(x.get("saved") for x in c.record["caches"]))
    if c := run("action-clean-cached", "clean"):
        common(c, "0")
        c.expect("cache-hit", any(x.get("hit") for x in c.record["caches"]) and not c.ran("Build and install ReleaseLint"))
        c.expect("cached-run-adds-under-10s", c.tool_cpu() < 10, f"{c.tool_cpu():.1f} s of CPU")
    if c := run("action-findings", "findings"):
        common(c, "1")
        c.expect("no-warnings-from-the-action", not any(a["level"] == "warning" and "title" in a and a["title"] == "ReleaseLint" for a in c.record["annotations"]))
        c.expect("error-annotations", sum(a["level"] == "error" and "file" in a for a in c.record["annotations"]) > 10)
    if c := run("action-broken-config", "clean", inputs={"config": "no-such-config.yml"}):
        common(c, "2")
        c.expect("tool-message-as-error", any(a["level"] == "error" and "configuration file 'no-such-config.yml' does not exist"
                                              in a["message"] for a in c.record["annotations"]))
    if c := run("action-bad-fail-on", "clean", inputs={"fail-on": "sometimes"}):
        common(c, "2")
        c.expect("tool-message-as-error", any(a["level"] == "error" and "'sometimes' not recognized" in a["message"] and "'never'" in a["message"]
                                              for a in c.record["annotations"]))
    if c := run("action-path", "nested", inputs={"path": "services/api"}):
        common(c, "1")
        uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for up in c.record["uploads"]
                for res in json.load(open(up["copy"]))["runs"][0]["results"] for loc in res["locations"]]
        c.expect("sarif-uris-under-path", bool(uris) and all(u.startswith("services/api/") for u in uris))
    # Custom rules: C# from the repository, off where the code is someone else's unless asked for.
    acme = lambda c: any("ACME00" in (a.get("title", "") + a["message"]) for a in c.record["annotations"])  # noqa: E731
    if c := run("action-custom-rules-push", "custom"):
        c.expect("custom-rules-run", acme(c))
    if c := run("action-custom-rules-pull-request-target", "custom", event_name="pull_request_target",
                event={"pull_request": {"head": {"repo": {"full_name": "acme/service"}}}}):
        c.expect("custom-rules-skipped", not acme(c) and any("custom rules were not run" in a["message"] for a in c.record["annotations"]))
    if c := run("action-custom-rules-fork", "custom", event_name="pull_request",
                event={"pull_request": {"head": {"repo": {"full_name": "someone/fork"}}}}):
        c.expect("custom-rules-skipped", not acme(c))
    if c := run("action-custom-rules-fork-asked", "custom", event_name="pull_request", inputs={"custom-rules": "true"},
                event={"pull_request": {"head": {"repo": {"full_name": "someone/fork"}}}}):
        c.expect("custom-rules-run", acme(c))

    # The reusable workflow: the tool's source checked out, moved out of the workspace, built and cached on its commit.
    if c := run("workflow-clean", "clean", workflow=True, inputs={"releaselint-ref": sha}):
        common(c, "0")
        c.expect("tool-checked-out-at-ref", any(x["with"].get("ref") == sha and x["with"].get("repository") == TOOL_REPOSITORY
                                                for x in c.record["checkouts"]))
    if c := run("workflow-findings-cached", "findings", workflow=True, inputs={"releaselint-ref": sha}):
        common(c, "1")
        c.expect("cache-hit", any(x.get("hit") for x in c.record["caches"]) and not c.ran("Build and install ReleaseLint"))
        c.expect("no-tool-checkout-on-hit", len(c.record["checkouts"]) == 1)
        c.expect("cached-run-adds-under-10s", c.tool_cpu() < 10, f"{c.tool_cpu():.1f} s of CPU")
    if c := run("workflow-broken-config", "clean", workflow=True, inputs={"releaselint-ref": sha, "config": "missing.yml"}):
        common(c, "2")
    if c := run("workflow-without-ref", "clean", workflow=True):
        c.expect("job-result", c.record["failed"])
        c.expect("says-what-to-set", any("releaselint-ref must be the full commit SHA" in a["message"] for a in c.record["annotations"]))
        c.expect("stops-at-once", not c.ran(CHECK_STEP) and not c.record["checkouts"])
    if c := run("workflow-moving-ref", "clean", workflow=True, inputs={"releaselint-ref": "main"}):
        c.expect("job-result", c.record["failed"])
        c.expect("stops-at-once", not c.ran(CHECK_STEP))

    failed = False
    for c in cases:
        state = "FAILED" if c.failures or c.fixed else "ok"
        print(f"{c.name}: {state} ({c.seconds:.1f} s in all; besides the check {c.tool_seconds():.1f} s, {c.tool_cpu():.1f} s of CPU; load {os.getloadavg()[0]:.0f})")
        for f in c.failures + c.fixed:
            print(f"  - {f}")
        for k in c.known:
            print(f"  - known failing: {k}")
        failed |= bool(c.failures or c.fixed)
    print(f"emulation: {len(cases)} cases, {sum(bool(c.failures or c.fixed) for c in cases)} failed; records in {work}/jobs")
    if not keep and not failed:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
