#!/usr/bin/env python3
"""Compares the YAML documents of the files a fix changed (git work tree against HEAD) and prints each path where
the parsed trees differ, with the old and new value, so that a reviewer sees the changes are only the edited nodes:
  yaml-tree-diff.py REPO_DIR        (needs python3-yaml; exits 1 when a changed YAML file no longer parses)."""
import subprocess, sys, yaml

def load(text):
    return yaml.safe_load(text) if text is not None else None

def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a.keys()) + [k for k in b.keys() if k not in a]:
            walk(a.get(k), b.get(k), f"{path}.{k}" if path else str(k), out)
    elif isinstance(a, list) and isinstance(b, list):
        for i in range(max(len(a), len(b))):
            walk(a[i] if i < len(a) else None, b[i] if i < len(b) else None, f"{path}[{i}]", out)
    elif a != b:
        out.append((path, a, b))

repo = sys.argv[1]
changed = subprocess.run(["git", "-C", repo, "diff", "--name-only"], capture_output=True, text=True, check=True).stdout.split()
status = 0
for path in changed:
    if not path.endswith((".yml", ".yaml")):
        continue
    before = subprocess.run(["git", "-C", repo, "show", f"HEAD:{path}"], capture_output=True, text=True).stdout
    with open(f"{repo}/{path}", encoding="utf-8") as f:
        after = f.read()
    try:
        a, b = load(before), load(after)
    except yaml.YAMLError as e:
        print(f"{path}: does not parse: {e}")
        status = 1
        continue
    out = []
    walk(a, b, "", out)
    for p, old, new in out:
        short = lambda v: (repr(v)[:100] + "…") if len(repr(v)) > 100 else repr(v)
        print(f"{path}: {p}: {short(old)} -> {short(new)}")
sys.exit(status)
