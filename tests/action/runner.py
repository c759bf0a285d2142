"""A local stand-in for a GitHub Actions runner: runs the `run:` steps of a composite action (action.yml) or of a
job of a workflow (the reusable .github/workflows/releaselint.yml) as a hosted runner would, so that
tests/action/emulate.py can try them on real repositories without GitHub.

What it gives the steps, as a runner does: GITHUB_WORKSPACE (the working directory), RUNNER_TEMP, a fresh
GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH file per step (read back after it: outputs, env and PATH for the steps
after), GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH for composite steps, GITHUB_EVENT_NAME / GITHUB_EVENT_PATH and
the other GITHUB_* / RUNNER_* variables; `${{ }}` expressions over inputs, steps, github, runner, env and
job_workflow_sha; `if:` with success() (implied), always(), failure(), cancelled(), !, &&, ||, ==, != and
parentheses; `bash --noprofile --norc -eo pipefail` for shell: bash. Workflow commands that steps print
(::error file=…::, ::stop-commands::) are parsed into annotations as GitHub would show them.

`uses:` steps run stand-ins that record what the real action would have done instead: actions/setup-dotnet (the
machine's dotnet), actions/cache/restore and /save (a folder per key), actions/checkout (a copy of a given
folder), github/codeql-action/upload-sarif (the file is copied into the record; a missing file fails the step,
as it does on GitHub). Any other action is an error, so that a new one cannot go untested.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import yaml


# ---------------------------------------------------------------------------------------------- expressions

class ExpressionError(Exception):
    pass


_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\],.*])"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))")


def _tokens(text: str) -> list[tuple[str, Any]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"cannot read expression at {text[pos:]!r}")
        pos = m.end()
        if m.group("str") is not None:
            out.append(("lit", m.group("str")[1:-1].replace("''", "'")))
        elif m.group("num") is not None:
            out.append(("lit", float(m.group("num"))))
        elif m.group("op") is not None:
            out.append(("op", m.group("op")))
        else:
            name = m.group("name")
            lit = {"true": True, "false": False, "null": None}
            out.append(("lit", lit[name]) if name in lit else ("name", name))
    return out


def _truthy(v: Any) -> bool:
    return not (v is None or v is False or v == "" or (isinstance(v, float) and v == 0))


def _to_number(v: Any) -> float:
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        s = v.strip()
        if s == "":
            return 0.0
        try:
            return float(int(s, 16)) if s.lower().startswith("0x") else float(s)
        except ValueError:
            return float("nan")
    return float("nan")


def _equal(a: Any, b: Any) -> bool:
    """GitHub's loose equality: same kinds compare directly (strings ignoring case), others as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if type(a) is type(b) and not isinstance(a, (str, float, int, bool)) and a is not None:
        return a is b
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return _to_number(a) == _to_number(b)


def to_string(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else str(v)
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return str(v)


class _Parser:
    def __init__(self, text: str, context: dict, status: dict):
        self.tokens = _tokens(text)
        self.i = 0
        self.context = context
        self.status = status

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise ExpressionError(f"expected {value or kind}, found {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self):
        v = self.or_()
        if self.i != len(self.tokens):
            raise ExpressionError(f"unexpected {self.peek()[1]!r}")
        return v

    def or_(self):
        v = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            w = self.and_()
            v = v if _truthy(v) else w
        return v

    def and_(self):
        v = self.cmp()
        while self.peek() == ("op", "&&"):
            self.take()
            w = self.cmp()
            v = w if _truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("==", "!=", "<", ">", "<=", ">="):
            op = self.take()[1]
            w = self.unary()
            if op == "==":
                v = _equal(v, w)
            elif op == "!=":
                v = not _equal(v, w)
            else:
                x, y = _to_number(v), _to_number(w)
                v = {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
        return v

    def unary(self):
        if self.peek() == ("op", "!"):
            self.take()
            return not _truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, value = self.peek()
        if kind == "lit":
            self.take()
            return value
        if (kind, value) == ("op", "("):
            self.take()
            v = self.or_()
            self.take("op", ")")
            return v
        if kind == "name":
            self.take()
            if self.peek() == ("op", "("):
                return self.call(value)
            v = self.context.get(value)
            while True:
                if self.peek() == ("op", "."):
                    self.take()
                    name = self.take("name")[1]
                    v = v.get(name) if isinstance(v, dict) else None
                elif self.peek() == ("op", "["):
                    self.take()
                    key = self.or_()
                    self.take("op", "]")
                    v = v.get(to_string(key)) if isinstance(v, dict) else (v[int(key)] if isinstance(v, list) else None)
                else:
                    return v
        raise ExpressionError(f"unexpected {value!r}")

    def call(self, name: str):
        self.take("op", "(")
        args = []
        while self.peek() != ("op", ")"):
            args.append(self.or_())
            if self.peek() == ("op", ","):
                self.take()
        self.take("op", ")")
        lname = name.lower()
        if lname == "success":
            return not self.status["failed"] and not self.status["cancelled"]
        if lname == "failure":
            return self.status["failed"]
        if lname == "always":
            return True
        if lname == "cancelled":
            return self.status["cancelled"]
        if lname == "contains":
            hay, needle = args
            if isinstance(hay, list):
                return any(_equal(x, needle) for x in hay)
            return to_string(needle).lower() in to_string(hay).lower()
        if lname == "startswith":
            return to_string(args[0]).lower().startswith(to_string(args[1]).lower())
        if lname == "endswith":
            return to_string(args[0]).lower().endswith(to_string(args[1]).lower())
        if lname == "format":
            text = to_string(args[0])
            return re.sub(r"\{(\d+)\}", lambda m: to_string(args[1 + int(m.group(1))]), text)
        raise ExpressionError(f"function {name}() is not emulated")


def evaluate(expression: str, context: dict, status: dict | None = None) -> Any:
    return _Parser(expression, context, status or {"failed": False, "cancelled": False}).parse()


def substitute(text: Any, context: dict, status: dict | None = None) -> str:
    """Replaces every ${{ expr }} in a string with the value as text."""
    if not isinstance(text, str):
        return to_string(text)
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: to_string(evaluate(m.group(1), context, status)), text, flags=re.S)


def condition(text: Any, context: dict, status: dict) -> bool:
    if text is None:
        return not status["failed"] and not status["cancelled"]
    if isinstance(text, bool):
        return text and not status["failed"]
    expr = str(text).strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", expr, flags=re.S)
    if m:
        expr = m.group(1)
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", expr, flags=re.I):
        expr = f"success() && ({expr})"
    return _truthy(evaluate(expr, context, status))


# ---------------------------------------------------------------------------------------------- workflow commands

def _unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def workflow_commands(output: str) -> list[dict]:
    """The annotations (error, warning, notice) in a step's output, honouring ::stop-commands::."""
    found, stopped = [], None
    for line in output.splitlines():
        if stopped is not None:
            if line.strip() == f"::{stopped}::":
                stopped = None
            continue
        m = re.match(r"^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$", line)
        if not m:
            continue
        command, props, data = m.group(1), m.group(2) or "", m.group(3)
        if command == "stop-commands":
            stopped = data
            continue
        if command in ("error", "warning", "notice"):
            properties = {}
            for part in filter(None, props.split(",")):
                k, _, v = part.partition("=")
                properties[k.strip()] = _unescape_property(v)
            found.append({"level": command, "message": _unescape_data(data), **properties})
    return found


# ---------------------------------------------------------------------------------------------- the runner

@dataclass
class Runner:
    """One emulated job: its folders, event and the stand-ins' sources."""
    root: str                       # a fresh folder for this job (workspace, temp, record)
    cache_dir: str                  # actions/cache stand-in: survives between jobs
    repository: str = "acme/service"
    event_name: str = "push"
    event: dict = field(default_factory=dict)
    checkout_source: str | None = None           # what actions/checkout (no repository:) copies into the workspace
    other_checkouts: dict = field(default_factory=dict)  # repository -> folder, for actions/checkout with repository:
    job_workflow_sha: str = ""                   # GitHub leaves it empty in reusable workflows today
    log: list = field(default_factory=list)
    annotations: list = field(default_factory=list)
    uploads: list = field(default_factory=list)
    caches: list = field(default_factory=list)
    steps_record: list = field(default_factory=list)
    checkouts: list = field(default_factory=list)
    failed: bool = False

    def __post_init__(self):
        self.workspace = os.path.join(self.root, "workspace")
        self.temp = os.path.join(self.root, "runner-temp")
        self.files = os.path.join(self.root, "runner-files")
        self.record_dir = os.path.join(self.root, "record")
        for d in (self.workspace, self.temp, self.files, self.record_dir, self.cache_dir):
            os.makedirs(d, exist_ok=True)
        self.summary_path = os.path.join(self.files, "step_summary.md")
        open(self.summary_path, "w").close()
        self.event_path = os.path.join(self.files, "event.json")
        with open(self.event_path, "w") as f:
            json.dump(self.event, f)
        self.env: dict[str, str] = {}
        self.path_prepend: list[str] = []

    # -- contexts
    def github_context(self) -> dict:
        return {
            "event_name": self.event_name, "event": self.event, "repository": self.repository,
            "workspace": self.workspace, "job_workflow_sha": self.job_workflow_sha,
            "sha": "0" * 40, "ref": "refs/heads/main", "server_url": "https://github.com",
            "action_path": "", "token": "emulated-token",
        }

    def runner_context(self) -> dict:
        return {"os": "Linux", "arch": "X64", "temp": self.temp, "name": "emulated"}

    def base_env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items()
                if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") or k.startswith(("DOTNET_", "NUGET_"))}
        keep.update({
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": self.workspace, "RUNNER_TEMP": self.temp,
            "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "GITHUB_REPOSITORY": self.repository,
            "GITHUB_EVENT_NAME": self.event_name, "GITHUB_EVENT_PATH": self.event_path,
            "GITHUB_STEP_SUMMARY": self.summary_path, "GITHUB_SHA": "0" * 40, "GITHUB_REF": "refs/heads/main",
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_API_URL": "https://api.github.com",
        })
        keep.update(self.env)
        if self.path_prepend:
            keep["PATH"] = os.pathsep.join(reversed(self.path_prepend)) + os.pathsep + keep.get("PATH", "")
        return keep

    # -- running
    def status(self) -> dict:
        return {"failed": self.failed, "cancelled": False}

    def run_steps(self, steps: list, context: dict, action_path: str | None, scope: str) -> dict:
        """Runs steps (of a job or a composite action); returns the steps context."""
        steps_ctx: dict = {}
        for index, step in enumerate(steps):
            name = step.get("name") or step.get("uses") or (step.get("run", "").strip().splitlines() or ["run"])[0]
            ctx = dict(context, steps=steps_ctx, env=self.base_env())
            entry = {"scope": scope, "name": name, "id": step.get("id"), "outcome": "skipped"}
            self.steps_record.append(entry)
            if not condition(step.get("if"), ctx, self.status()):
                if step.get("id"):
                    steps_ctx[step["id"]] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            started, cpu_started = time.monotonic(), _cpu_seconds()
            step_env = {k: substitute(v, ctx, self.status()) for k, v in (step.get("env") or {}).items()}
            if "run" in step:
                code, outputs = self.run_script(step, ctx, step_env, action_path)
            elif "uses" in step:
                inputs = {k: substitute(v, ctx, self.status()) for k, v in (step.get("with") or {}).items()}
                code, outputs = self.uses(step["uses"], inputs, ctx, action_path)
            else:
                raise ValueError(f"step {name!r} has neither run nor uses")
            entry.update(outcome="success" if code == 0 else "failure", exit=code, outputs=outputs,
                         seconds=round(time.monotonic() - started, 2), cpu=round(_cpu_seconds() - cpu_started, 2))
            if code != 0 and not step.get("continue-on-error"):
                self.failed = True
            if step.get("id"):
                steps_ctx[step["id"]] = {"outputs": outputs, "outcome": entry["outcome"],
                                         "conclusion": entry["outcome"]}
        return steps_ctx

    def run_script(self, step: dict, ctx: dict, step_env: dict, action_path: str | None) -> tuple[int, dict]:
        shell = step.get("shell", "bash")
        if shell != "bash":
            raise ValueError(f"shell {shell!r} is not emulated")
        script = substitute(step["run"], ctx, self.status())
        path = os.path.join(self.temp, f"{uuid.uuid4()}.sh")
        with open(path, "w") as f:
            f.write(script)
        files = {k: os.path.join(self.files, f"{k.lower()}-{uuid.uuid4().hex[:8]}") for k in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH")}
        for p in files.values():
            open(p, "w").close()
        env = self.base_env()
        env.update(files)
        if action_path:
            env["GITHUB_ACTION_PATH"] = action_path
        env.update(step_env)
        cwd = os.path.join(self.workspace, substitute(step.get("working-directory", "."), ctx, self.status()))
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", path], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        self.log.append(f"--- {step.get('name') or 'run'} (exit {proc.returncode})\n{proc.stdout}")
        self.annotations.extend(workflow_commands(proc.stdout))
        outputs = _read_key_values(files["GITHUB_OUTPUT"])
        self.env.update(_read_key_values(files["GITHUB_ENV"]))
        with open(files["GITHUB_PATH"]) as f:
            self.path_prepend.extend(line.strip() for line in f if line.strip())
        return proc.returncode, outputs

    def uses(self, ref: str, inputs: dict, ctx: dict, action_path: str | None) -> tuple[int, dict]:
        name = ref.split("@")[0]
        record = {"uses": ref, "with": inputs}
        if name == "actions/setup-dotnet":
            record["stand-in"] = "the machine's dotnet"
            self.log.append(f"--- setup-dotnet stand-in: {inputs}")
            return 0, {}
        if name == "actions/cache/restore":
            folder = self._cache_folder(inputs["key"])
            hit = os.path.isdir(folder)
            if hit:
                shutil.rmtree(inputs["path"], ignore_errors=True)
                shutil.copytree(folder, inputs["path"], symlinks=True)
            self.caches.append({"restore": inputs["key"], "hit": hit})
            return 0, {"cache-hit": "true" if hit else "false", "cache-primary-key": inputs["key"],
                       "cache-matched-key": inputs["key"] if hit else ""}
        if name == "actions/cache/save":
            folder = self._cache_folder(inputs["key"])
            if not os.path.isdir(inputs["path"]):
                self.log.append(f"--- cache/save: path {inputs['path']} does not exist")
                self.caches.append({"save": inputs["key"], "saved": False})
                return 0, {}  # the real action warns and goes on
            if not os.path.isdir(folder):
                shutil.copytree(inputs["path"], folder, symlinks=True)
            self.caches.append({"save": inputs["key"], "saved": True})
            return 0, {}
        if name == "actions/checkout":
            repo = inputs.get("repository") or self.repository
            source = self.checkout_source if repo == self.repository else self.other_checkouts.get(repo)
            if source is None:
                raise ValueError(f"no stand-in source for a checkout of {repo}")
            target = os.path.join(self.workspace, inputs.get("path", "") or "")
            os.makedirs(target, exist_ok=True)
            shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
            record.update(repository=repo, into=os.path.relpath(target, self.workspace))
            self.checkouts.append(record)
            return 0, {}
        if name == "github/codeql-action/upload-sarif":
            sarif = inputs.get("sarif_file", "")
            if not sarif or not os.path.isfile(sarif):
                self.log.append(f"--- upload-sarif: {sarif!r} does not exist")
                self.annotations.append({"level": "error", "message": f"Path does not exist: {sarif}"})
                return 1, {}
            kept = os.path.join(self.record_dir, f"uploaded-{len(self.uploads)}.sarif")
            shutil.copyfile(sarif, kept)
            self.uploads.append({"sarif_file": sarif, "category": inputs.get("category", ""), "copy": kept,
                                 "checkout_path": inputs.get("checkout_path", self.workspace)})
            return 0, {"sarif-id": "emulated"}
        raise ValueError(f"no stand-in for the action {ref}: add one to tests/action/runner.py")

    def _cache_folder(self, key: str) -> str:
        return os.path.join(self.cache_dir, re.sub(r"[^A-Za-z0-9._-]", "_", key))

    # -- entry points
    def run_action(self, action_yml: str, inputs: dict[str, str]) -> dict:
        """Runs a composite action as a job step would (the workspace already checked out)."""
        if self.checkout_source:
            shutil.copytree(self.checkout_source, self.workspace, symlinks=True, dirs_exist_ok=True)
        with open(action_yml) as f:
            action = yaml.safe_load(f)
        declared = action.get("inputs") or {}
        unknown = set(inputs) - set(declared)
        if unknown:
            raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
        values = {k: str(inputs.get(k, (spec or {}).get("default", ""))) for k, spec in declared.items()}
        action_path = os.path.dirname(os.path.abspath(action_yml))
        github = dict(self.github_context(), action_path=action_path)
        context = {"inputs": values, "github": github, "runner": self.runner_context()}
        steps_ctx = self.run_steps(action["runs"]["steps"], context, action_path, "action")
        ctx = dict(context, steps=steps_ctx)
        outputs = {k: substitute(v.get("value", ""), ctx) for k, v in (action.get("outputs") or {}).items()}
        return self.result(outputs)

    def run_workflow_job(self, workflow_yml: str, job: str, inputs: dict[str, Any]) -> dict:
        """Runs one job of a reusable workflow (on: workflow_call) with the caller's inputs."""
        with open(workflow_yml) as f:
            workflow = yaml.safe_load(f)
        on = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads `on` as true
        declared = (on.get("workflow_call") or {}).get("inputs") or {}
        unknown = set(inputs) - set(declared)
        if unknown:
            raise ValueError(f"inputs the workflow does not declare: {sorted(unknown)}")
        values = {}
        for k, spec in declared.items():
            v = inputs.get(k, spec.get("default"))
            values[k] = bool(v) if spec.get("type") == "boolean" and not isinstance(v, str) else v
        context = {"inputs": values, "github": self.github_context(), "runner": self.runner_context()}
        self.run_steps(workflow["jobs"][job]["steps"], context, None, "workflow")
        return self.result({})

    def result(self, outputs: dict) -> dict:
        with open(self.summary_path) as f:
            summary = f.read()
        record = {"failed": self.failed, "outputs": outputs, "steps": self.steps_record,
                  "annotations": self.annotations, "uploads": self.uploads, "caches": self.caches,
                  "checkouts": self.checkouts, "summary": summary, "workspace": self.workspace}
        with open(os.path.join(self.record_dir, "record.json"), "w") as f:
            json.dump(record, f, indent=2)
        with open(os.path.join(self.record_dir, "log.txt"), "w") as f:
            f.write("\n".join(self.log))
        return record


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children: a step's cost whatever else loads the machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _read_key_values(path: str) -> dict[str, str]:
    """GITHUB_OUTPUT / GITHUB_ENV: name=value lines and name<<DELIMITER blocks."""
    values: dict[str, str] = {}
    with open(path, errors="replace") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            body = []
            i += 1
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        i += 1
    return values
