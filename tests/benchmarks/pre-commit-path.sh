#!/usr/bin/env bash
# The pre-commit path, whole process, median of runs (hyperfine): `releaselint check --staged` with one
# staged workflow file in the largest corpus repository made a git repository, against
#   - markdownlint-cli2 on one markdown file (the most used peer in pre-commit hooks), and
#   - a .NET hello-world's start-up (the floor any .NET tool pays).
# releaselint runs from the package installed as a .NET tool, as the pre-commit framework installs it (on
# linux-x64 its entry point is the native build, src/ReleaseLint.Native).
# Usage: tests/benchmarks/pre-commit-path.sh [CORPUS_REPO]   (RUNS=N, ANCHORS=DIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
corpus_repo=${1:-../shared/corpus/goreleaser__goreleaser}
runs=${RUNS:-5}
anchors=${ANCHORS:-${TMPDIR:-/tmp}/releaselint-anchors}
../shared/tools/install-anchors.sh "$anchors" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "packing and installing releaselint as a .NET tool…"
dotnet pack src/ReleaseLint.Cli -c Release -o "$work/nupkg" -nologo -v quiet >/dev/null
dotnet tool install ReleaseLint --tool-path "$work/tool" --add-source "$work/nupkg" >/dev/null

echo "the floor: a .NET hello world…"
mkdir -p "$work/hello"
cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
<ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>
XML
echo 'System.Console.WriteLine("hello");' > "$work/hello/Program.cs"
dotnet build "$work/hello" -c Release -o "$work/hello/out" -nologo -v quiet >/dev/null

echo "the repository: $(basename "$corpus_repo") as a git repository, one workflow staged…"
repo="$work/repo"
cp -r "$corpus_repo" "$repo"
(
  cd "$repo"
  git init -q -b main
  git add -A
  git -c user.name=bench -c user.email=bench@example.com commit -qm corpus
  workflow=$(git ls-files '.github/workflows/*.yml' | head -1)
  printf '\n# staged change\n' >> "$workflow"
  git add "$workflow"
  echo "  staged: $workflow ($(git ls-files | wc -l) files in the index)"
)
md=$(cd "$repo" && git ls-files '*.md' | head -1)

hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/times.json" \
  -n hello-world "$work/hello/out/hello" \
  -n "releaselint check --staged" "$work/tool/releaselint check $repo --staged --fail-on never" \
  -n "markdownlint-cli2 one file" "node $anchors/node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs $repo/$md" \
  || true
python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
floor = r["hello-world"]["median"]
for name, x in r.items():
    print(f"{name:32s} median {x['median']*1000:7.1f} ms   user {x['user']*1000:6.1f} ms   {x['median']/floor:5.2f}x the floor")
rl, mdl = r["releaselint check --staged"]["median"], r["markdownlint-cli2 one file"]["median"]
print(f"releaselint / markdownlint-cli2: {rl/mdl:.2f}x;  releaselint / hello world: {rl/floor:.2f}x (goal: at most 2x)")
PY
