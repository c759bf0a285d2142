#!/usr/bin/env bash
# History benchmark: whole-process `releaselint check` on a synthetic repository against the git floor
# for the same facts (`git rev-list --count main live` + `git for-each-ref refs/tags`), median of 5 runs
# with hyperfine, and peak memory with /usr/bin/time -v.
#
#   tests/benchmarks/history/run.sh [--commit-graph] [--ready-to-run | --native] [--runs N]
#
# The repository (100,000 commits on main, 1,000 release-candidate merges into live, 5,000 annotated
# release tags, 200 lightweight or malformed ones) is generated once with git fast-import into
# $BENCH_DIR (default /tmp/releaselint-bench-history) and reused while generate-repo.py is unchanged.
# --commit-graph also writes the commit-graph file, as `git gc` leaves a real clone; both commands
# then use it. --ready-to-run benchmarks a ReadyToRun publish of the CLI (less JIT at start-up) instead
# of the plain Release build; --native the native build (src/ReleaseLint.Native, Native AOT), the
# installed tool's entry point on linux-x64. Needs: git, python3, hyperfine (apt-get install -y hyperfine), the .NET SDK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
runs=5
commit_graph=no
r2r=no
while [ $# -gt 0 ]; do
  case "$1" in
    --commit-graph) commit_graph=yes ;;
    --ready-to-run) r2r=yes ;;
    --native) r2r=native ;;
    --runs) runs="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }

bench="${BENCH_DIR:-/tmp/releaselint-bench-history}"
repo="$bench/repo-$commit_graph-graph"
stamp="$(sha256sum "$here/generate-repo.py" | cut -c1-16)"
if [ ! -f "$repo/.bench-$stamp" ]; then
  echo "generating $repo ..." >&2
  rm -rf "$repo"
  mkdir -p "$repo"
  git -C "$repo" init -q -b main
  python3 "$here/generate-repo.py" | git -C "$repo" fast-import --quiet
  git -C "$repo" checkout -q -f main
  if [ "$commit_graph" = yes ]; then git -C "$repo" commit-graph write --reachable; fi
  touch "$repo/.bench-$stamp"
  echo ".bench-*" > "$repo/.git/info/exclude"
fi
echo "repository: $(git -C "$repo" rev-list --count main) commits on main, $(git -C "$repo" rev-list --count live ^main) only on live, $(git -C "$repo" tag | wc -l) tags, commit-graph: $commit_graph" >&2

if [ "$r2r" = native ]; then
  dotnet publish "$root/src/ReleaseLint.Native" -c Release -o "$bench/native" -v quiet -nologo >/dev/null
  run="$bench/native/releaselint"
elif [ "$r2r" = yes ]; then
  dotnet publish "$root/src/ReleaseLint.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$bench/r2r" -v quiet -nologo >/dev/null
  run="dotnet $bench/r2r/releaselint.dll"
else
  dotnet build "$root/src/ReleaseLint.Cli" -c Release -v quiet -nologo >/dev/null
  run="dotnet $root/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll"
fi
tool="$run check $repo --fail-on never"
floor="git -C $repo rev-list --count main live >/dev/null && git -C $repo for-each-ref refs/tags >/dev/null"

out="$bench/hyperfine-$commit_graph-graph-$r2r-r2r.json"
hyperfine --warmup 1 --runs "$runs" --export-json "$out" -n releaselint "$tool >/dev/null" -n git-floor "$floor" >&2
peak_kb=$(/usr/bin/time -v $tool 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
findings=$($tool | tail -1)
python3 - "$out" "$peak_kb" "$findings" "$commit_graph" "$(case "$r2r" in yes) echo ReadyToRun ;; native) echo "native (AOT)" ;; *) echo Release ;; esac)" <<'PY'
import json, sys
data = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
tool, floor = data["releaselint"], data["git-floor"]
ratio = tool["median"] / floor["median"]
print(f"commit-graph: {sys.argv[4]}, build: {sys.argv[5]}")
print(f"releaselint check: median {tool['median']:.3f} s (user {tool['user']:.3f} s, system {tool['system']:.3f} s), runs {len(tool['times'])}")
print(f"git floor:         median {floor['median']:.3f} s (user {floor['user']:.3f} s, system {floor['system']:.3f} s)")
print(f"ratio:             {ratio:.2f}x wall-clock median (goal: at most 3x)")
cpu = (tool["user"] + tool["system"]) / (floor["user"] + floor["system"])
print(f"cpu ratio:         {cpu:.2f}x (user+system, mean)")
print(f"load average:      {open('/proc/loadavg').read().split()[0]} (1 min) on {__import__('os').cpu_count()} cores")
print(f"peak memory:       {int(sys.argv[2]) / 1024:.0f} MiB (maximum resident set size of releaselint check)")
print(f"result:            {sys.argv[3]}")
PY
