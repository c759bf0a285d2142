#!/usr/bin/env bash
# Fuzzes the YAML, markdown, JSON and configuration entry points with SharpFuzz and AFL++ (see README.md).
#   tests/fuzz/run.sh                     the short CI run: FUZZ_SECONDS (default 8) per target, all four targets
#   FUZZ_SECONDS=900 tests/fuzz/run.sh    the long run: 15 minutes per target (one hour in all)
#   tests/fuzz/run.sh yaml markdown       only these targets
# Work and findings go to artifacts/fuzz/ (FUZZ_OUT). Exit 1 when a target crashed: the crashing inputs are listed
# and replayed, so that the exception shows. Without AFL++ (and without apt-get to install it) the in-process
# mutating driver runs instead (no coverage guidance), and says so.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${FUZZ_SECONDS:-8}
out=${FUZZ_OUT:-$root/artifacts/fuzz}
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(yaml markdown json config)
mkdir -p "$out"

dotnet build tests/fuzz/ReleaseLint.Fuzz -c Release -warnaserror -nologo -v quiet -o "$out/bin" > "$out/build.log" 2>&1 ||
  { cat "$out/build.log"; echo "fuzz: build failed"; exit 1; }

# Seeds: the repository's own fixtures and samples, small files only (AFL works best from small inputs).
seed() { # NAME FIND-ARGS...
  local dir="$out/seeds/$1"; shift
  rm -rf "$dir" && mkdir -p "$dir"
  find tests/fixtures samples "$@" -size -6k 2>/dev/null | sort | head -24 | while read -r f; do
    cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
}
seed yaml -type f \( -name '*.yml' -o -name '*.yaml' \) -path '*workflows*'
seed markdown -type f -name '*.md'
seed json -type f -name '*.json'
seed config -type f \( -name '.releaselint.yml' -o -name 'settings.yml' \)

if ! command -v afl-fuzz > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y afl++ > "$out/apt.log" 2>&1 || { apt-get update > /dev/null 2>&1 && apt-get install -y afl++ >> "$out/apt.log" 2>&1; }
fi
mode=afl
if command -v afl-fuzz > /dev/null 2>&1; then
  tools="$out/tools"
  [ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" > "$out/tool.log" 2>&1 ||
    { cat "$out/tool.log"; echo "fuzz: cannot install the sharpfuzz instrumentation tool"; mode=mutate; }
else
  mode=mutate
fi

status=0
if [ "$mode" = afl ]; then
  # Instrument a copy: the libraries whose code the inputs reach (ours, and the parsers we guard).
  rm -rf "$out/inst" && cp -r "$out/bin" "$out/inst"
  for dll in ReleaseLint.Core.dll ReleaseLint.Rules.dll YamlDotNet.dll Markdig.dll; do
    "$tools/sharpfuzz" "$out/inst/$dll" > /dev/null || { echo "fuzz: instrumenting $dll failed"; exit 1; }
  done
  export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
    AFL_FAST_CAL=1
  for t in "${targets[@]}"; do
    mkdir -p "$out/$t"
    # From the seeds, in a fresh folder (the last run's is kept as TARGET.previous). FUZZ_RESUME=1 resumes from the
    # last run's queue instead: AFL++ then first re-runs every queued input, which takes minutes for a long queue.
    input="$out/seeds/$t"
    if [ "${FUZZ_RESUME:-0}" = 1 ] && [ -d "$out/$t/default/queue" ]; then input=-
    elif [ -d "$out/$t" ]; then rm -rf "$out/$t.previous" && mv "$out/$t" "$out/$t.previous" && mkdir -p "$out/$t"; fi
    timeout $((seconds + 60)) afl-fuzz -i "$input" -o "$out/$t" -V "$seconds" -t 10000 -m none -- dotnet "$out/inst/ReleaseLint.Fuzz.dll" "$t" \
      > "$out/$t.log" 2>&1
    stats="$out/$t/default/fuzzer_stats"
    execs=$(grep -m1 '^execs_done' "$stats" 2>/dev/null | awk '{print $3}')
    crashes=$(ls "$out/$t/default/crashes" 2>/dev/null | grep -c '^id:')
    hangs=$(ls "$out/$t/default/hangs" 2>/dev/null | grep -c '^id:')
    echo "fuzz $t (AFL++): ${execs:-0} executions in total, $crashes crashing inputs, $hangs hangs kept (${seconds} s this run)"
    [ -n "$execs" ] || { tail -20 "$out/$t.log"; status=1; }
    if [ "$crashes" -gt 0 ]; then
      status=1
      for c in "$out/$t/default/crashes"/id:*; do
        echo "  $c"; dotnet "$out/bin/ReleaseLint.Fuzz.dll" "$t" --run "$c" 2>&1 | grep -m3 -E 'Exception|at ReleaseLint' | sed 's/^/    /'
      done
    fi
  done
else
  echo "fuzz: AFL++ is not available; running the in-process mutating driver (no coverage guidance)"
  for t in "${targets[@]}"; do
    dotnet "$out/bin/ReleaseLint.Fuzz.dll" "$t" --mutate "$seconds" "$out/seeds/$t" || status=1
  done
fi
exit $status
