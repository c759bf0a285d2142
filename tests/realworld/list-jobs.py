#!/usr/bin/env python3
"""Lists every job of every workflow of a repository (and its local composite actions) with what a labeller needs
to judge it: the triggers, job and step `if:`, environment, concurrency, permissions, `uses:`, and the lines of
steps that look like deploys. An aid for writing labels/deploy/OWNER__NAME.jobs.tsv by hand; it judges nothing.

  tests/realworld/list-jobs.py DIR            # a work tree
  tests/realworld/list-jobs.py --tsv DIR      # only 'workflow<TAB>job<TAB>line', to start a jobs.tsv from

Reads with PyYAML's composer (node line numbers, 1-based); a file that does not parse is printed as such.
"""
import os, re, sys
import yaml

HINTS = re.compile(
    r"flyctl|fly deploy|superfly/|vercel|netlify|kubectl|helm (upgrade|install)|gcloud|aws |aws-actions|"
    r"azure/|pypi-publish|twine upload|npm publish|pnpm publish|yarn publish|npm run release|changeset|"
    r"docker push|build-push-action|push: *true|--push|deploy-pages|upload-pages-artifact|actions-gh-pages|"
    r"mike deploy|ghp-import|gh-deploy|gh release|action-gh-release|release-action|goreleaser|git push|"
    r"publish|deploy|release|cargo publish|uv publish|poetry publish|hatch publish|flit publish|gh-pages",
    re.I)


def m(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
    return None, None


def flat(node, limit=160):
    if node is None:
        return ""
    if isinstance(node, yaml.ScalarNode):
        s = node.value
    elif isinstance(node, yaml.SequenceNode):
        s = "[" + ", ".join(flat(x, 60) for x in node.value) + "]"
    else:
        s = "{" + ", ".join(f"{k.value}: {flat(v, 60)}" for k, v in node.value) + "}"
    s = s.replace("\n", " \\n ")
    return s if len(s) <= limit else s[:limit] + "..."


def steps_of(steps, out, indent="      "):
    if not isinstance(steps, yaml.SequenceNode):
        return
    for st in steps.value:
        line = st.start_mark.line + 1
        _, name = m(st, "name")
        _, uses = m(st, "uses")
        _, run = m(st, "run")
        _, cond = m(st, "if")
        _, with_ = m(st, "with")
        head = f"{indent}step L{line}"
        if name is not None:
            head += f" name={flat(name, 60)!r}"
        if uses is not None:
            head += f" uses={uses.value}"
        if cond is not None:
            head += f" if={flat(cond)!r}"
        out.append(head)
        if with_ is not None:
            out.append(f"{indent}  with: {flat(with_, 300)}")
        if run is not None and isinstance(run, yaml.ScalarNode):
            base = run.start_mark.line + 1 + (1 if run.style in ("|", ">") else 0)
            for i, l in enumerate(run.value.splitlines()):
                if HINTS.search(l):
                    out.append(f"{indent}  run L{base + i}: {l.strip()[:200]}")


def describe(path, text):
    out = []
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        return [f"{path}: does not parse: {str(e).splitlines()[0]}"], []
    rows = []
    if not isinstance(root, yaml.MappingNode):
        return [f"{path}: not a mapping"], []
    onk, on = m(root, "on")
    if onk is None:
        onk, on = m(root, "true")
    out.append(f"== {path}")
    if on is not None:
        if isinstance(on, yaml.MappingNode):
            for k, v in on.value:
                out.append(f"  on L{k.start_mark.line + 1}: {k.value}: {flat(v, 200)}")
        else:
            out.append(f"  on L{on.start_mark.line + 1}: {flat(on)}")
    for key in ("permissions", "concurrency", "env"):
        k, v = m(root, key)
        if v is not None:
            out.append(f"  {key} L{k.start_mark.line + 1}: {flat(v, 200)}")
    _, jobs = m(root, "jobs")
    if isinstance(jobs, yaml.MappingNode):
        for k, job in jobs.value:
            line = k.start_mark.line + 1
            rows.append((path, k.value, line))
            out.append(f"  job {k.value} L{line}")
            for key in ("if", "needs", "environment", "concurrency", "permissions", "uses", "with", "secrets", "strategy"):
                kk, v = m(job, key)
                if v is not None:
                    out.append(f"    {key} L{kk.start_mark.line + 1}: {flat(v, 240)}")
            _, steps = m(job, "steps")
            steps_of(steps, out)
    else:
        # composite action
        _, runs = m(root, "runs")
        _, steps = m(runs, "steps")
        if steps is not None:
            out.append("  composite action")
            steps_of(steps, out, "    ")
    return out, rows


def main():
    args = sys.argv[1:]
    tsv = False
    if args and args[0] == "--tsv":
        tsv, args = True, args[1:]
    root = args[0] if args else "."
    files = []
    wf = os.path.join(root, ".github", "workflows")
    if os.path.isdir(wf):
        files += [os.path.join(".github/workflows", f) for f in sorted(os.listdir(wf)) if f.endswith((".yml", ".yaml"))]
    if not tsv:
        for dirpath, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in (".git", "node_modules")]
            for n in names:
                if n in ("action.yml", "action.yaml"):
                    files.append(os.path.relpath(os.path.join(dirpath, n), root))
    for f in files:
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        lines, rows = describe(f, text)
        if tsv:
            for p, j, l in rows:
                print(f"{p}\t{j}\t{l}")
        else:
            print("\n".join(lines))


if __name__ == "__main__":
    main()
