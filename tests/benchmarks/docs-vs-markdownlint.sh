#!/usr/bin/env bash
# Whole-process time of `releaselint check` over the corpus markdown versus markdownlint-cli2 over the same
# files, median of 5 runs each (hyperfine), printed as a ratio.
#
# Two measurements:
#   markdown-only  every *.md of the corpus copied (paths kept) into one folder, so both tools read exactly the
#                  same files and nothing else; releaselint runs all its rules on it (docs rules do the work)
#   full-corpus    releaselint over the corpus folder as it is (workflows, actions and config too) against
#                  markdownlint-cli2 over the corpus markdown: what each tool costs on the same repositories
#
# Needs: hyperfine (apt-get install -y hyperfine), node, and the anchors (../shared/tools/install-anchors.sh DIR).
# Usage: tests/benchmarks/docs-vs-markdownlint.sh [CORPUS_DIR] [ANCHORS_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=$(realpath "${1:-../shared/corpus}")
anchors=$(realpath "${2:-.anchors}")
mdl="$anchors/node_modules/.bin/markdownlint-cli2"
[[ -x "$mdl" ]] || { echo "markdownlint-cli2 not found in $anchors (run ../shared/tools/install-anchors.sh $anchors)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install -y hyperfine)" >&2; exit 2; }

dotnet build src/ReleaseLint.Cli -c Release -nologo -v quiet >/dev/null
dll=$(realpath src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
md="$work/markdown"
mkdir -p "$md"
(cd "$corpus" && find . -name '*.md' -type f -print0 | xargs -0 cp --parents -t "$md")
files=$(find "$md" -name '*.md' | wc -l)
bytes=$(find "$md" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
# markdownlint-cli2 reads configuration from the folder it runs in: give it an empty one (its defaults).
echo '{}' > "$work/.markdownlint-cli2.jsonc"

echo "corpus: $corpus ($files markdown files, $bytes bytes)"
echo "releaselint: dotnet $dll ($(dotnet --version)); markdownlint-cli2: $("$mdl" --help 2>/dev/null | head -1)"
echo "machine: $(nproc) cores, $(uname -sr)"
echo

run() {
  local name=$1 rl=$2 ml=$3
  hyperfine --runs 5 --warmup 1 --ignore-failure --style basic --export-json "$work/$name.json" \
    --command-name "releaselint ($name)" "$rl" \
    --command-name "markdownlint-cli2 ($name)" "$ml" >&2
  python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rl, ml = results[0], results[1]
print(f"{sys.argv[2]:14} releaselint median {rl['median']:.3f} s (min {rl['min']:.3f}, max {rl['max']:.3f}) | "
      f"markdownlint-cli2 median {ml['median']:.3f} s (min {ml['min']:.3f}, max {ml['max']:.3f}) | "
      f"ratio releaselint/markdownlint-cli2 = {rl['median'] / ml['median']:.2f}")
PY
}

run markdown-only \
  "dotnet $dll check $md --fail-on never --format json --output $work/rl-md.json" \
  "cd $work && $mdl 'markdown/**/*.md' > /dev/null 2>&1"
run full-corpus \
  "dotnet $dll check $corpus --fail-on never --format json --output $work/rl-full.json" \
  "cd $work && $mdl 'markdown/**/*.md' > /dev/null 2>&1"

echo
echo "findings in the markdown-only run: releaselint $(grep -o '"ruleId": "RL[0-9]*"' "$work/rl-md.json" | wc -l), markdownlint-cli2 $(cd "$work" && "$mdl" 'markdown/**/*.md' 2>&1 | grep -c ' MD[0-9]' || true)"
