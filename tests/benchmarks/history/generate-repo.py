#!/usr/bin/env python3
"""Writes a `git fast-import` stream for the synthetic history benchmark repository to stdout.

Shape (defaults): 100,000 commits on `main`; a release branch `live` that receives 1,000
release-candidate merges (`release/YYYY-MM-DD`, four fix commits each); 5,000 annotated release
tags (`vYYYY.MM.DD` and `.1`-`.4` on the candidate commits and the merge); 200 extra tags that
break the policy (100 lightweight, 100 malformed names); 5 direct commits on `live`; the last three
release-candidate branches kept. Every date is fixed, so the repository is the same on every run.

Usage: generate-repo.py [MAIN_COMMITS] [RELEASES] | git fast-import --quiet
"""
import datetime
import sys

MAIN = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
RELEASES = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
PER_DAY = MAIN // RELEASES
START = datetime.datetime(2022, 1, 1, tzinfo=datetime.timezone.utc)
out = sys.stdout.buffer


def w(text):
    out.write(text.encode())


def data(text):
    b = text.encode()
    out.write(b"data %d\n" % len(b))
    out.write(b)
    out.write(b"\n")


def stamp(t):
    return "%d +0000" % int(t.timestamp())


def commit(ref, mark, when, message, parents=(), files=()):
    w("commit %s\nmark :%d\n" % (ref, mark))
    w("author Dev <dev@example.com> %s\ncommitter Dev <dev@example.com> %s\n" % (stamp(when), stamp(when)))
    data(message)
    if parents:
        w("from :%d\n" % parents[0])
        for p in parents[1:]:
            w("merge :%d\n" % p)
    for path, content in files:
        w("M 100644 inline %s\n" % path)
        data(content)
    w("\n")


def tag(name, mark, when, message):
    w("tag %s\nfrom :%d\ntagger Releaser <rel@example.com> %s\n" % (name, mark, stamp(when)))
    data(message)


WORKFLOW = """name: Release
on:
  push:
    tags: ["v[0-9]+.[0-9]+.[0-9]+*"]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo building
"""

# main: one commit every PER_DAY-th of a day, one release a day
main_mark = lambda i: i + 1
for i in range(MAIN):
    when = START + datetime.timedelta(days=i // PER_DAY, minutes=10 * (i % PER_DAY))
    files = [("src/file%d.txt" % (i % 50), "change %d\n" % i)]
    if i == 0:
        files += [("README.md", "# bench\n\nSynthetic history.\n"), (".github/workflows/release.yml", WORKFLOW)]
    commit("refs/heads/main", main_mark(i), when, "feature change %d\n" % i, (main_mark(i - 1),) if i else (), files)

# live starts at the first commit of main
live_tip = main_mark(0)
rc_mark = 200_000
merge_mark = 400_000
direct = {RELEASES // 6 * k for k in range(1, 6)}
for r in range(RELEASES):
    day = START + datetime.timedelta(days=r)
    date = day.strftime("%Y-%m-%d")
    dotted = day.strftime("%Y.%m.%d")
    branch = "refs/heads/release/" + date
    base = main_mark(min(MAIN - 1, (r + 1) * PER_DAY - 1))
    prev = base
    rcs = []
    for k in range(4):
        rc_mark += 1
        when = day + datetime.timedelta(hours=18, minutes=10 * k)
        commit(branch, rc_mark, when, "release %s: fix %d\n" % (date, k + 1), (prev,), [("release/notes.txt", "%s %d\n" % (date, k))])
        rcs.append(rc_mark)
        prev = rc_mark
    if r in direct:
        merge_mark += 1
        commit("refs/heads/live", merge_mark, day + datetime.timedelta(hours=19), "hotfix straight on live %d\n" % r, (live_tip,), [("hotfix.txt", "%d\n" % r)])
        live_tip = merge_mark
    merge_mark += 1
    when = day + datetime.timedelta(hours=20)
    commit("refs/heads/live", merge_mark, when, "Merge branch 'release/%s' into live\n" % date, (live_tip, prev))
    live_tip = merge_mark
    names = ["v" + dotted] + ["v%s.%d" % (dotted, n) for n in range(1, 4)]
    for k, name in enumerate(names):
        tag(name, rcs[k], day + datetime.timedelta(hours=18, minutes=10 * k + 5), "Release %s\n" % name)
    tag("v%s.4" % dotted, merge_mark, when + datetime.timedelta(minutes=5), "Release v%s.4\n" % dotted)
    if r < 100:   # lightweight release tags
        w("reset refs/tags/v%s.9\nfrom :%d\n\n" % (dotted, rcs[-1]))
    elif r < 200:  # malformed release tags
        tag("v%d.%d.%d-rc" % (day.year, day.month, day.day), rcs[0], day + datetime.timedelta(hours=18), "candidate\n")
    if r < RELEASES - 3:
        w("reset %s\nfrom 0000000000000000000000000000000000000000\n\n" % branch)  # delete merged candidates
out.flush()
