#!/usr/bin/env bash
# Tries `releaselint check --fix` on a real repository without the network and prints the figures:
#   tests/fix/try-fix.sh MIRROR_GIT_DIR [WORK_DIR]
# Clones MIRROR_GIT_DIR (e.g. /work/.mirror/OWNER+NAME/repo) to WORK_DIR (default /tmp/try-fix/NAME), starts
# tests/fix/pin-api-standin.py (fake SHAs: read the diff, never push it), then runs
#   check --diff --fix=unsafe   -> WORK_DIR.diff (what a reviewer reads)
#   check --fix                 (safe fixes only), then check: fixable findings left
#   check --fix=unsafe          then check: fixable findings left (must be 0), and a second --fix=unsafe (must change nothing)
#   tests/fix/yaml-tree-diff.py  the paths where the parsed workflows differ (only the edited nodes)
# RELEASELINT: the command to run (default: the Release build of this worktree).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
mirror="${1:?usage: try-fix.sh MIRROR_GIT_DIR [WORK_DIR]}"
name="$(basename "$(dirname "$mirror")")"
work="${2:-/tmp/try-fix/$name}"
rl="${RELEASELINT:-dotnet $here/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll}"
port=$((20000 + RANDOM % 20000))
python3 "$here/tests/fix/pin-api-standin.py" "$port" >/dev/null 2>&1 &
standin=$!
trap 'kill $standin 2>/dev/null || true' EXIT
sleep 0.5
rm -rf "$work"; mkdir -p "$(dirname "$work")"
git clone -q "$mirror" "$work"
cd "$work"
export GITHUB_API_URL="http://127.0.0.1:$port" RELEASELINT_CACHE_DIR="$work.cache" NO_COLOR=1
left() { $rl check . --resolve-pins --format json 2>/dev/null | python3 -c '
import json, sys, collections
d = json.load(sys.stdin)
edits = [f for f in d["findings"] if any(x.get("edits") for x in f.get("fixes", []))]
safe = [f for f in edits if any(x.get("edits") and x["safety"] == "safe" for x in f["fixes"])]
n = len(d["findings"])
print(f"{n} findings, {len(edits)} with edit fixes ({len(safe)} safe)", dict(collections.Counter(f["ruleId"] for f in edits)))' ; }
echo "== $name at $(git rev-parse --short HEAD)"
echo "before: $(left)"
$rl check . --diff --fix=unsafe > "$work.diff" 2> "$work.diff.err" || true
echo "diff: $(tail -1 "$work.diff.err") ($(wc -l < "$work.diff") lines in $work.diff)"
$rl check . --fix > /dev/null 2> "$work.fix.err" || true
echo "--fix: $(grep -v '^releaselint:' "$work.fix.err" | tail -1)"
echo "after --fix: $(left)"
$rl check . --fix=unsafe > /dev/null 2> "$work.fix2.err" || true
echo "--fix=unsafe: $(tail -1 "$work.fix2.err")"
echo "after --fix=unsafe: $(left)"
$rl check . --fix=unsafe > /dev/null 2> "$work.fix3.err" || true
echo "again: $(tail -1 "$work.fix3.err")"
# The parsed YAML trees before and after: every path that differs, grouped (only the edited nodes should appear).
echo "changed YAML nodes (tests/fix/yaml-tree-diff.py):"
python3 "$here/tests/fix/yaml-tree-diff.py" . | sed -E 's/^[^:]+: ([^:]+):.*/\1/; s/\[[0-9]+\]/[]/g; s/^jobs\.[^.]+\./jobs.*./; s/\.env\.[A-Za-z0-9_]+$/.env.NAME/; s/secrets\.[A-Za-z0-9_]+$/secrets.NAME/' | sort | uniq -c
