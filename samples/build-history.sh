#!/usr/bin/env bash
# Builds the git history of a sample in the current directory (a copy of samples/<name>/), so that no
# nested .git is ever committed. The tests run it as: bash samples/build-history.sh live-branch|drifted
# Dates are fixed (author, committer and tagger), so commit and tag ids are the same on every run.
#   live-branch: the seed's process followed to the letter: main -> release/<date> -> tag -> live,
#                a rollback by git revert on live, and the next candidate waiting.
#   drifted:     the same start, then the drift that RL3001-RL3007 report.
set -euo pipefail
sample="${1:?usage: build-history.sh live-branch|drifted}"
case "$sample" in live-branch|drifted) ;; *) echo "build-history.sh: unknown sample '$sample' (live-branch or drifted)" >&2; exit 2 ;; esac
# It writes commits, branches and tags: only into a fresh copy of a sample, never into an existing repository.
if [ -e .git ]; then
  echo "build-history.sh: $(pwd) is already a git repository; run it in a fresh copy of samples/$sample" >&2; exit 2
fi

export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Dev}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-dev@example.com}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-Releaser}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-releaser@example.com}"
at() { export GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1"; }
change() { mkdir -p "$(dirname "$2")"; echo "$1" >> "$2"; git add "$2"; git commit -q -m "$1"; }
# release DATE: release/DATE from main with a release commit, annotated tag vYYYY.MM.DD, --no-ff merge into live.
release() {
  local date="$1" tag="v${1//-/.}"
  at "${date}T10:00:00+00:00"
  git checkout -q -b "release/$date" main
  change "Release notes for $tag" "releases/$date.md.txt"
  git tag -a "$tag" -m "Release $tag"
  at "${date}T11:00:00+00:00"
  git checkout -q live
  git merge -q --no-ff -m "Merge branch 'release/$date' into live" "release/$date"
  git branch -q -D "release/$date"
  git checkout -q main
}

at 2025-02-24T09:00:00+00:00
git init -q -b main .
# The sample's own files stay untracked (they are linted from the work tree all the same): commit ids, which the
# approved output names, then depend on this script only, not on every edit to a sample file.
git commit -q --allow-empty -m "Initial import"
git branch live
at 2025-02-26T09:00:00+00:00
change "feature: status page" app/status.txt
release 2025-03-03
at 2025-03-05T09:00:00+00:00
change "feature: operator dashboard" app/dashboard.txt
release 2025-03-10
git tag -a docs-2025 -m "Documentation snapshot (not a release tag)" main

case "$sample" in
  live-branch)
    # rollback: revert the 2025-03-10 release on live, fix forward on main, release again
    at 2025-03-11T08:00:00+00:00
    git checkout -q live
    git revert --no-edit -m 1 HEAD >/dev/null
    git checkout -q main
    at 2025-03-11T15:00:00+00:00
    change "fix: dashboard query timeout" app/dashboard-fix.txt
    release 2025-03-12
    # the next candidate, validated on staging, not merged yet
    at 2025-03-17T09:00:00+00:00
    change "feature: audit log" app/audit.txt
    git branch release/2025-03-17
    ;;
  drifted)
    # a feature branch tagged as a release, never merged (RL3003; tagged three days early: RL3006)
    at 2025-03-11T09:00:00+00:00
    git checkout -q -b feature/search main
    change "feature: search" app/search.txt
    git tag -a v2025.03.14 -m "Release v2025.03.14"
    git checkout -q main
    # a hotfix pushed straight to live (RL3005), tagged with a malformed name (RL3001): the tip has no release tag (RL3007)
    at 2025-03-12T22:00:00+00:00
    git checkout -q live
    change "hotfix: raise the Fly.io health-check timeout" fly.toml.txt
    git tag -a v2025.3.12 -m "hotfix"
    git checkout -q main
    # a lightweight tag (RL3002) and a tag whose date is a week off (RL3006) on the 2025-03-10 release
    git tag v2025.03.10.2 v2025.03.10^{}
    git tag -a v2025.03.05 -m "Release v2025.03.05" v2025.03.10^{}
    # release candidates with broken names (RL3004)
    git branch release/2025-13-40
    git branch release/friday
    ;;
  *) echo "unknown sample '$sample'" >&2; exit 2 ;;
esac
git checkout -q main
