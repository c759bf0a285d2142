#!/usr/bin/env bash
# Whole-process cost of custom rules on samples/custom-rule, measured with hyperfine (median of RUNS runs):
#   first  - custom rules compiled (the cache is emptied before every run: Roslyn loads and compiles)
#   second - the same rule set again (cache hit: the compiled assembly is loaded, Roslyn is never loaded)
#   off    - the same repository with --no-custom-rules (built-in rules only)
# "second" and "off" are measured in alternating single runs (the order flips every round), so that a load
# change on a shared machine falls on both alike instead of on whichever block ran later.
# Prints the medians of wall and CPU (user+sys) time and the ratios; exits 1 when the median wall time of
# second/off exceeds MAX_RATIO (default 1.2).
# Usage: tests/benchmarks/custom-rules-cache.sh   (RUNS=5 MAX_RATIO=1.2 OUT=DIR; needs hyperfine and python3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
max_ratio=${MAX_RATIO:-1.2}
out=${OUT:-$(mktemp -d)}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install -y hyperfine)" >&2; exit 2; }
mkdir -p "$out/runs"

# A Release build of the command line, as users run it.
dotnet publish "$repo/src/ReleaseLint.Cli" -c Release -o "$out/app" --nologo -v quiet >/dev/null
sample="$repo/samples/custom-rule"
export RELEASELINT_CACHE_DIR="$out/cache"
unset RELEASELINT_NO_CUSTOM_RULES
check="dotnet $out/app/releaselint.dll check $sample --fail-on never"

hyperfine --runs "$runs" --style basic --export-json "$out/runs/first.json" \
  --prepare "rm -rf '$RELEASELINT_CACHE_DIR'" -n first "$check"

$check >/dev/null # fill the cache (and the file system cache) once
for round in $(seq 1 "$runs"); do
  if [ $((round % 2)) -eq 1 ]; then order="second off"; else order="off second"; fi
  for name in $order; do
    if [ "$name" = second ]; then cmd="$check"; else cmd="$check --no-custom-rules"; fi
    hyperfine --runs 1 --style none --export-json "$out/runs/$name-$round.json" -n "$name" "$cmd" >/dev/null
  done
done

python3 - "$out/runs" "$max_ratio" <<'PY'
import glob, json, statistics, sys
runs, max_ratio = sys.argv[1], float(sys.argv[2])
def load(pattern):
    wall, cpu = [], []
    for f in sorted(glob.glob(f"{runs}/{pattern}")):
        r = json.load(open(f))["results"][0]
        wall += r["times"]
        cpu.append(r["user"] + r["system"])
    return wall, cpu
data = {n: load(p) for n, p in (("first", "first.json"), ("second", "second-*.json"), ("off", "off-*.json"))}
wall = {n: statistics.median(w) for n, (w, _) in data.items()}
cpu = {n: statistics.median(c) for n, (_, c) in data.items()}
for n in data:
    print(f"{n:>6}: median wall {wall[n] * 1000:7.1f} ms   median CPU (user+sys) {cpu[n] * 1000:7.1f} ms   ({len(data[n][0])} runs)")
ratio = wall["second"] / wall["off"]
print(f"second/off = {ratio:.3f} wall (limit {max_ratio}), {cpu['second'] / cpu['off']:.3f} CPU; first/second = {wall['first'] / wall['second']:.2f} wall")
sys.exit(0 if ratio <= max_ratio else 1)
PY
