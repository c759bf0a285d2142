#!/usr/bin/env bash
# Whole-process cost of custom rules on samples/custom-rule, measured with hyperfine (median of RUNS runs):
#   first  - custom rules compiled (the cache is emptied before every run: Roslyn loads and compiles)
#   second - the same rule set again (cache hit: the compiled assembly is loaded, Roslyn is never loaded)
#   off    - the same repository with --no-custom-rules (built-in rules only)
# Prints the medians (and mean CPU time, steadier on a shared machine) and the ratios; exits 1 when second/off exceeds MAX_RATIO (default 1.2).
# Usage: tests/benchmarks/custom-rules-cache.sh   (RUNS=5 MAX_RATIO=1.2 OUT=DIR; needs hyperfine and python3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
max_ratio=${MAX_RATIO:-1.2}
out=${OUT:-$(mktemp -d)}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install -y hyperfine)" >&2; exit 2; }

# A Release build of the command line, as users run it.
dotnet publish "$repo/src/ReleaseLint.Cli" -c Release -o "$out/app" --nologo -v quiet >/dev/null
sample="$repo/samples/custom-rule"
export RELEASELINT_CACHE_DIR="$out/cache"
unset RELEASELINT_NO_CUSTOM_RULES
check="dotnet $out/app/releaselint.dll check $sample --fail-on never"

hyperfine --runs "$runs" --style basic --export-json "$out/first.json" \
  --prepare "rm -rf '$RELEASELINT_CACHE_DIR'" -n first "$check"
hyperfine --runs "$runs" --style basic --export-json "$out/second.json" \
  --warmup 1 -n second "$check"
hyperfine --runs "$runs" --style basic --export-json "$out/off.json" \
  --warmup 1 -n off "$check --no-custom-rules"

python3 - "$out" "$max_ratio" <<'PY'
import json, statistics, sys
out, max_ratio = sys.argv[1], float(sys.argv[2])
results = {n: json.load(open(f"{out}/{n}.json"))["results"][0] for n in ("first", "second", "off")}
median = {n: statistics.median(r["times"]) for n, r in results.items()}
cpu = {n: r["user"] + r["system"] for n, r in results.items()}
for n in results:
    print(f"{n:>6}: median wall {median[n] * 1000:7.1f} ms   mean CPU (user+sys) {cpu[n] * 1000:7.1f} ms")
ratio = median["second"] / median["off"]
print(f"second/off = {ratio:.3f} wall (limit {max_ratio}), {cpu['second'] / cpu['off']:.3f} CPU; first/second = {median['first'] / median['second']:.2f} wall")
sys.exit(0 if ratio <= max_ratio else 1)
PY
