#!/usr/bin/env bash
# Whole-process time of `releaselint check` on a repository holding only hostile inputs (an alias
# bomb, 50,000 nested '[', invalid YAML, a binary .md, a 20 MB markdown file, a 2,000-deep list,
# 50,000 unclosed '[a](') next to one good README with a broken link, median of runs with hyperfine.
# Prints the findings once, so that one can see every hostile file is an RL0004 and the README is
# still reported.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/ReleaseLint.Cli -c Release -nologo -v quiet >/dev/null
dll=$(pwd)/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bomb/.github/workflows" "$dir/all/.github/workflows" "$dir/all/docs"
python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
lines = ['on: push', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 10):
    p, c = chr(97 + i - 1), chr(97 + i)
    lines.append(f'{c}: &{c} [' + ','.join(['*' + p] * 9) + ']')
lines.append('jobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]')
bomb = '\n'.join(lines) + '\n'
for root in ('bomb', 'all'):
    open(f'{d}/{root}/.github/workflows/bomb.yml', 'w').write(bomb)
    open(f'{d}/{root}/README.md', 'w').write('# Project\n\nA [broken link](docs/missing.md).\n')
a = f'{d}/all'
open(f'{a}/.github/workflows/deep.yml', 'w').write('on: push\njobs: ' + '[' * 50000 + '\n')
open(f'{a}/.github/workflows/invalid.yml', 'w').write('on: push\njobs:\n  a:\n    steps:\n  - bad: [\n')
open(f'{a}/docs/binary.md', 'wb').write(b'\x89PNG\r\n\x1a\n\x00\x00' + bytes(range(256)) * 100)
open(f'{a}/docs/huge.md', 'w').write('Some text with a [link](x.md).\n\n' * 650000)
open(f'{a}/docs/nested.md', 'w').write(''.join(' ' * (2 * i) + '- a\n' for i in range(2000)))
open(f'{a}/docs/unclosed.md', 'w').write('# T\n\n' + '[a](' * 50000 + '\n')
PY
echo "findings on the hostile repository:"
dotnet "$dll" check "$dir/all" --fail-on never || true
echo
hyperfine --warmup 2 --runs ${RUNS:-10} --export-json "$dir/times.json" \
  -n alias-bomb "dotnet $dll check $dir/bomb --fail-on never" \
  -n all-hostile-inputs "dotnet $dll check $dir/all --fail-on never"
python3 -c "import json,sys; [print(f\"{r['command']}: median {r['median']*1000:.0f} ms\") for r in json.load(open('$dir/times.json'))['results']]"
