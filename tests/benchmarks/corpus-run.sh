#!/usr/bin/env bash
# Runs `releaselint check` on every repository of ../shared/corpus (as a plain directory) and prints,
# per repository, the wall time, the exit code and the finding count per rule; then the totals.
# Fails when a run crashes (exit code other than 0/1) or reports RL0003 (a rule failure).
# Usage: tests/benchmarks/corpus-run.sh [CORPUS_DIR]
set -uo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-../shared/corpus}
dll=src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll
dotnet build src/ReleaseLint.Cli -c Release -nologo -v quiet >/dev/null || exit 2
out=$(mktemp -d)
status=0
printf '%-32s %8s %5s  %s\n' repository seconds exit "findings per rule"
for repo in "$corpus"/*/; do
  name=$(basename "$repo")
  start=$(date +%s.%N)
  dotnet "$dll" check "$repo" --format json --fail-on never > "$out/$name.json" 2> "$out/$name.err"
  code=$?
  end=$(date +%s.%N)
  counts=$(grep -o '"ruleId": "RL[0-9]*"' "$out/$name.json" | grep -o 'RL[0-9]*' | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
  printf '%-32s %8.2f %5s  %s\n' "$name" "$(echo "$end - $start" | bc)" "$code" "${counts:-none}"
  [ "$code" -le 1 ] || status=1
  grep -q '"ruleId": "RL0003"' "$out/$name.json" && { echo "  RL0003 in $name"; status=1; }
done
echo
echo "totals per rule:"
cat "$out"/*.json | grep -o '"ruleId": "RL[0-9]*"' | grep -o 'RL[0-9]*' | sort | uniq -c | awk '{printf "  %s %s\n", $2, $1}'
rm -rf "$out"
exit $status
