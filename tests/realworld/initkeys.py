#!/usr/bin/env python3
"""Compares the .releaselint.yml that `init` wrote for each history repository (run.sh's OUT/history/OWNER__NAME.init.yml)
with the judged right one (labels/history/OWNER__NAME.expected.yml), key by key, by what each key does on the
repository rather than by its spelling:

  tests/realworld/initkeys.py [--out DIR] [--work DIR] [--verbose]

Keys (the nine of labels/history/INIT.md): branches.integration, branches.release, branches.release-candidate,
branches.maintenance, tags.format, tags.since, tags.annotated, tags.ignore, docs.guide.
- integration, release, annotated, guide: equal values (a key left out = its default; `null` = none);
- release-candidate: both none, or both accept the same names among the repository's branches and the branches
  named in merge messages of its history (the candidates are often deleted);
- maintenance, ignore: the globs select the same branches / tags of the repository;
- tags.format: the formats accept the same tags, less at most 1 in 100 (the expected format in today's language is
  taken from OWNER__NAME.today.yml, which writes the NEEDS syntax as regular expressions); compared on the tags that
  the expected configuration judges (from its tags.since on);
- tags.since: the same tags are judged: both unset, or the tags before them that either format would judge agree.
Needs the work trees run.sh made (--work, default $TMPDIR/releaselint-realworld) for branch and tag names.
"""
import argparse, os, re, subprocess, sys

VERBOSE = False
HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["branches.integration", "branches.release", "branches.release-candidate", "branches.maintenance",
        "tags.format", "tags.since", "tags.annotated", "tags.ignore", "docs.guide"]
DEFAULTS = {"branches.integration": "main", "branches.release": "live", "branches.release-candidate": "release/{date}[-{n}]",
            "branches.maintenance": [], "tags.format": "v{yyyy}.{MM}.{dd}[.{n}]", "tags.since": None,
            "tags.annotated": True, "tags.ignore": [], "docs.guide": "docs/communications/live-branch.md"}
SEMVER = r"(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"


def parse_yaml(path):
    """The few keys needed, from a flat two-level YAML (no library: the configs are simple)."""
    result, section = {}, None
    for line in open(path, encoding="utf-8"):
        line = re.sub(r"\s+#.*$", "", line.rstrip("\n")) if not line.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        m = re.match(r"^([a-z-]+):\s*$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^\s+([a-z-]+):\s*(.*)$", line)
        if m and section:
            result[f"{section}.{m.group(1)}"] = value(m.group(2).strip())
    return result


def value(text):
    if text in ("", "null", "~"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if text.startswith("["):
        return [value(v.strip()) for v in split_list(text[1:-1])]
    if text.startswith('"'):
        return bytes(text[1:-1], "utf-8").decode("unicode_escape")
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text


def split_list(text):
    items, cur, quote = [], "", None
    for c in text:
        if quote:
            cur += c
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
            cur += c
        elif c == ",":
            items.append(cur)
            cur = ""
        else:
            cur += c
    if cur.strip():
        items.append(cur)
    return items


def format_regex(fmt):
    """A tags.format / release-candidate value as a Python regular expression."""
    if fmt is None:
        return None
    if isinstance(fmt, list):
        return "(?:" + "|".join(format_regex(f) for f in fmt) + ")"
    if fmt.startswith("re:"):
        return re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", fmt[3:]).replace("(?i:", "(?i:")
    out, i = "^", 0
    while i < len(fmt):
        c = fmt[i]
        if c == "{":
            j = fmt.index("}", i)
            name = fmt[i + 1:j]
            out += {"semver": SEMVER, "yyyy": r"\d{4}", "MM": r"\d{2}", "dd": r"\d{2}", "n": r"[1-9]\d*",
                    "date": r"\d{4}-\d{2}-\d{2}", "yy": r"\d{2}", "M": r"(?:[1-9]|1[0-2])", "patch": r"(?:0|[1-9]\d*)",
                    "minor": r"(?:0|[1-9]\d*)", "name": r"[a-z0-9][a-z0-9._-]*"}.get(name, r"[^/]+")
            i = j + 1
        elif c == "[":
            out += "(?:"
            i += 1
        elif c == "]":
            out += ")?"
            i += 1
        elif c == "\\" and i + 1 < len(fmt):
            out += re.escape(fmt[i + 1])
            i += 2
        else:
            out += re.escape(c)
            i += 1
    return out + "$"


def glob_regex(glob):
    out, i = "^", 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**", i):
            out += ".*"
            i += 2
        elif c == "*":
            out += "[^/]*"
            i += 1
        elif c == "?":
            out += "."
            i += 1
        elif c == "[":
            j = glob.index("]", i)
            out += glob[i:j + 1]
            i = j + 1
        else:
            out += re.escape(c)
            i += 1
    return out + "$"


def matches(regex, name):
    try:
        return re.search(regex if regex.startswith("^") else "^(?:" + regex + ")$", name) is not None
    except re.error:
        return False


def git_lines(work, *args):
    try:
        return subprocess.run(["git", "-C", work, *args], capture_output=True, text=True, check=True).stdout.splitlines()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return []


def get(config, key):
    return config[key] if key in config else DEFAULTS[key]


def compare(key, got, want, work, tags, expected_format, expected_since):
    if key in ("branches.integration", "branches.release", "tags.annotated", "docs.guide"):
        return got == want
    if key == "branches.release-candidate":
        # none (null, or a key left out by the judged config, which says "no candidate branches" in a comment) accepts no
        # name; the guide's default is the same as none where no branch of the repository is named like it
        names = set(b.split("/", 1)[1] if b.startswith("origin/") else b for b in git_lines(work, "branch", "-a", "--format=%(refname:short)"))
        for subject in git_lines(work, "log", "--merges", "--format=%s", "--all", "-n", "20000"):
            m = re.search(r"Merge (?:branch '([^']+)'|pull request #\d+ from [^/\s]+/(\S+))", subject)
            if m:
                names.add(m.group(1) or m.group(2))
        a, b = format_regex(got) if got else "(?!)", format_regex(want) if want else "(?!)"
        return all(matches(a, n) == matches(b, n) for n in names)
    if key in ("branches.maintenance", "tags.ignore"):
        got, want = got or [], want or []
        if key == "branches.maintenance":
            names = set(b.split("/", 1)[1] if b.startswith("origin/") else b for b in git_lines(work, "branch", "-a", "--format=%(refname:short)"))
        else:
            names = set(t for t, _ in tags)
        sel = lambda globs: {n for n in names if any(matches(glob_regex(g), n) for g in globs)}
        if VERBOSE and sel(got) != sel(want):
            print(f"    ({key}: only init {sorted(sel(got) - sel(want))[:5]}, only expected {sorted(sel(want) - sel(got))[:5]})")
        return sel(got) == sel(want)
    if key == "tags.format":
        judged = [t for t, d in tags if expected_since is None or d >= expected_since]
        a, b = format_regex(got), format_regex(expected_format)
        differ = sum(1 for t in judged if matches(a, t) != matches(b, t))
        return differ <= max(1, len(judged) // 100)
    if key == "tags.since":
        return None  # decided by the caller (needs both formats)
    return got == want


def since_date(since, tags):
    if since is None:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", str(since)):
        return str(since)
    for t, d in tags:
        if t == since:
            return d
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "releaselint-realworld"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    label_dir = os.path.join(HERE, "labels", "history")
    total = right = 0
    rows = []
    for name in sorted(f[:-len(".expected.yml")] for f in os.listdir(label_dir) if f.endswith(".expected.yml")):
        init_path = os.path.join(args.out, "history", name + ".init.yml")
        if not os.path.exists(init_path):
            print(f"{name}: no init output at {init_path}", file=sys.stderr)
            continue
        got, want = parse_yaml(init_path), parse_yaml(os.path.join(label_dir, name + ".expected.yml"))
        today = parse_yaml(os.path.join(label_dir, name + ".today.yml"))
        work = os.path.join(args.work, name)
        tags = [tuple(l.split(" ", 1)) for l in git_lines(work, "for-each-ref", "--format=%(refname:short) %(creatordate:short)", "refs/tags")]
        expected_since = since_date(get(want, "tags.since"), tags)
        wrong = []
        for key in KEYS:
            g, w = get(got, key), get(want, key)
            if key == "branches.release-candidate" and key not in want:
                w = None
            if key == "tags.format":
                w = get(today, key)
            if key == "tags.since":
                gd = since_date(g, tags)
                if gd == expected_since:
                    ok = True
                else:
                    # the tags between the two starts: neither configuration may judge one the other does not
                    lo, hi = sorted([gd or "0000", expected_since or "0000"])
                    between = [t for t, d in tags if lo <= d < hi]
                    a, b = format_regex(get(got, "tags.format")), format_regex(get(today, "tags.format"))
                    ok = not any(matches(a, t) or matches(b, t) for t in between)
            else:
                ok = compare(key, g, w, work, tags, get(today, "tags.format"), expected_since)
            total += 1
            right += bool(ok)
            if not ok:
                wrong.append((key, g, w))
        rows.append((name, wrong))
    for name, wrong in rows:
        print(f"{name}: {9 - len(wrong)}/9" + ("" if not wrong else "  wrong: " + ", ".join(k for k, _, _ in wrong)))
        if args.verbose:
            for k, g, w in wrong:
                print(f"    {k}: init {g!r}, expected {w!r}")
    print(f"\n{right} of {total} init keys right ({total - right} wrong)")


if __name__ == "__main__":
    main()
