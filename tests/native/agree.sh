#!/usr/bin/env bash
# The installed tool's two builds must agree: its entry point (the native, ahead-of-time compiled build from
# src/ReleaseLint.Native) and the managed build beside it (`dotnet releaselint.dll`, what the test suite runs).
# Runs both on every fixture under tests/fixtures, on the samples in every output format (with and without git
# history), on hostile inputs, with a staged change, a baseline, `init`, `rules` and `--help`, and compares
# standard output, standard error and the exit code (the run's time is left out). Prints one line per difference
# and a summary; exits 1 on any difference.
# Usage: tests/native/agree.sh TOOL_PATH   (the --tool-path of `dotnet tool install`)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
tool=$(cd "${1:?usage: agree.sh TOOL_PATH}" && pwd)
native="$tool/releaselint"
dll=$(find "$tool/.store" -name releaselint.dll -path '*/tools/*' | head -1)
[ -n "$dll" ] || { echo "agree.sh: no releaselint.dll under $tool/.store"; exit 2; }
[ -x "$(dirname "$dll")/releaselint-native" ] || { echo "agree.sh: the installed tool has no native build (releaselint-native)"; exit 1; }
work=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "work: $work"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
export RELEASELINT_CACHE_DIR="$work/cache" NO_COLOR=1

# Inputs beyond the checked-in fixtures and samples.
for sample in live-branch drifted; do
  cp -r "samples/$sample" "$work/history-$sample"
  (cd "$work/history-$sample" && bash "$root/samples/build-history.sh" "$sample" >/dev/null)
done
mkdir -p "$work/hostile/.github/workflows" "$work/hostile/docs"
python3 - "$work/hostile" <<'PY'
import sys
d = sys.argv[1]
lines = ['on: push', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 10):
    lines.append(f'{chr(97 + i)}: &{chr(97 + i)} [' + ','.join(['*' + chr(96 + i)] * 9) + ']')
open(f'{d}/.github/workflows/bomb.yml', 'w').write('\n'.join(lines) + '\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n')
open(f'{d}/.github/workflows/deep.yml', 'w').write('on: push\njobs: ' + '[' * 50000 + '\n')
open(f'{d}/.github/workflows/invalid.yml', 'w').write('on: push\njobs:\n  a:\n    steps:\n  - bad: [\n')
open(f'{d}/README.md', 'w').write('# Project\n\nA [broken link](docs/missing.md).\n')
open(f'{d}/docs/binary.md', 'wb').write(b'\x89PNG\r\n\x1a\n\x00\x00' + bytes(range(256)) * 100)
open(f'{d}/docs/nested.md', 'w').write(''.join(' ' * (2 * i) + '- a\n' for i in range(2000)))
open(f'{d}/docs/unclosed.md', 'w').write('# T\n\n' + '[a](' * 50000 + '\n')
open(f'{d}/.releaselint.yml', 'w').write('branches:\n  release: 42\nrules:\n  RL9999: off\n')
PY
cp -r samples/live-branch "$work/staged"
(
  cd "$work/staged" && git init -q -b main && git add -A && git -c user.name=t -c user.email=t@e commit -qm base &&
  sed -i 's#uses: actions/checkout@v4#uses: acme/checkout@main#' .github/workflows/ci.yml && git add -A &&
  echo "unstaged edit" >> README.md
)
cp -r samples/drifted "$work/baseline"
cp -r samples/live-branch "$work/init-native" && cp -r samples/live-branch "$work/init-managed"
rm -f "$work/init-native/.releaselint.yml" "$work/init-managed/.releaselint.yml"

cases="$work/cases"
: > "$cases"
add() { printf '%s\n' "$*" >> "$cases"; }
for dir in tests/fixtures/*/*/; do add check "${dir%/}" --fail-on never --rule-timeout 2; done
for s in live-branch drifted custom-rule "$work/history-live-branch" "$work/history-drifted"; do
  case "$s" in /*) p="$s" ;; *) p="samples/$s" ;; esac
  for f in text sarif json github; do add check "$p" --format "$f"; done
done
add check "$work/hostile"
add check "$work/hostile" --format sarif
add check "$work/staged" --staged
add check "$work/staged" --staged --format json
add check samples/drifted --fail-on warning --no-custom-rules
add check samples/drifted --github acme/service
add check samples/does-not-exist
add check samples/live-branch --format yaml
add rules
add rules RL3008
add rules no-such-rule
add --help
add check --help
add --version

norm() { sed -E 's/\(([0-9]+\.)?[0-9]+ s\)/(T s)/g; s/"seconds": [0-9.]+/"seconds": T/; s/\(compiled in [0-9.]+ s\)|\(from the cache\)/(custom rules ready)/'; }
run_case() {
  local i="$1"; shift
  local t0=$EPOCHREALTIME
  "$native" "$@" > "$work/$i.n.out" 2> "$work/$i.n.err"; echo $? > "$work/$i.n.rc"
  local t1=$EPOCHREALTIME
  dotnet "$dll" "$@" > "$work/$i.m.out" 2> "$work/$i.m.err"; echo $? > "$work/$i.m.rc"
  echo "$t0 $t1 $EPOCHREALTIME $*" >> "$work/times"
}
i=0; total=0
while IFS= read -r line; do
  i=$((i + 1)); total=$i
  # shellcheck disable=SC2086
  run_case "$i" $line
done < "$cases"

# Stateful commands, in order: baseline then check against it; init writes a file.
total=$((total + 1)); b=$total
"$native" baseline "$work/baseline" --output "$work/baseline/n.json" > "$work/$b.n.out" 2> "$work/$b.n.err"; echo $? > "$work/$b.n.rc"
dotnet "$dll" baseline "$work/baseline" --output "$work/baseline/m.json" > "$work/$b.m.out" 2> "$work/$b.m.err"; echo $? > "$work/$b.m.rc"
sed -i 's#n\.json#X.json#g' "$work/$b.n.out" "$work/$b.n.err"; sed -i 's#m\.json#X.json#g' "$work/$b.m.out" "$work/$b.m.err"
echo "baseline (writes n.json / m.json)" >> "$cases"
total=$((total + 1)); c=$total
: > "$work/$c.n.out"; : > "$work/$c.m.out"
cmp -s "$work/baseline/n.json" "$work/baseline/m.json" || echo "the baseline files differ" > "$work/$c.n.out"
 : > "$work/$c.n.err"; : > "$work/$c.m.err"; echo 0 > "$work/$c.n.rc"; echo 0 > "$work/$c.m.rc"
echo "baseline files identical" >> "$cases"
total=$((total + 1)); d=$total
echo "# staged edit above a finding" | cat - "$work/baseline/README.md" > "$work/readme" && cp "$work/readme" "$work/baseline/README.md"
"$native" check "$work/baseline" --baseline "$work/baseline/m.json" --format sarif > "$work/$d.n.out" 2> "$work/$d.n.err"; echo $? > "$work/$d.n.rc"
dotnet "$dll" check "$work/baseline" --baseline "$work/baseline/n.json" --format sarif > "$work/$d.m.out" 2> "$work/$d.m.err"; echo $? > "$work/$d.m.rc"
sed -i 's#/[mn]\.json#/X.json#g' "$work/$d.n.out" "$work/$d.m.out" "$work/$d.n.err" "$work/$d.m.err"
echo "check --baseline (after an edit)" >> "$cases"
total=$((total + 1)); e=$total
"$native" init "$work/init-native" > "$work/$e.n.out" 2> "$work/$e.n.err"; echo $? > "$work/$e.n.rc"
dotnet "$dll" init "$work/init-managed" > "$work/$e.m.out" 2> "$work/$e.m.err"; echo $? > "$work/$e.m.rc"
sed -i 's#init-native#init-X#g' "$work/$e.n.out" "$work/$e.n.err"; sed -i 's#init-managed#init-X#g' "$work/$e.m.out" "$work/$e.m.err"
cmp -s "$work/init-native/.releaselint.yml" "$work/init-managed/.releaselint.yml" || echo "init wrote different files" >> "$work/$e.n.out"
echo "init" >> "$cases"

# History without git on PATH: both builds fall back to LibGit2Sharp (the native build loads libgit2 from its own folder).
total=$((total + 1)); g=$total
dotnet_host=$(command -v dotnet)
env PATH=/nonexistent "$(dirname "$dll")/releaselint-native" check "$work/history-drifted" > "$work/$g.n.out" 2> "$work/$g.n.err"; echo $? > "$work/$g.n.rc"
env PATH=/nonexistent "$dotnet_host" "$dll" check "$work/history-drifted" > "$work/$g.m.out" 2> "$work/$g.m.err"; echo $? > "$work/$g.m.rc"
grep -q " RL3001 " "$work/$g.m.out" || echo "no RL3001 without git on PATH" >> "$work/$g.n.out"
echo "check history-drifted without git on PATH (LibGit2Sharp)" >> "$cases"

# Live mode: each <case>.case.yml with api: answers served as tests/ReleaseLint.Tests/GitHub/FakeGitHubServer serves
# them (an answer is a body, or a mapping with status and body; any other path 404), both builds against the same server.
cat > "$work/serve.py" <<'PY'
import http.server, json, sys, urllib.parse, yaml
manifest = yaml.safe_load(open(sys.argv[1], encoding='utf-8')) or {}
routes = {}
for path, answer in ((manifest.get('api') or {}).get('answers') or {}).items():
    if isinstance(answer, dict): routes[path.rstrip('/')] = (int(answer['status']), str(answer['body']).encode())
    else: routes[path.rstrip('/')] = (200, str(answer).encode())
class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self):
        if self.command == 'POST': self.rfile.read(int(self.headers.get('content-length') or 0))
        path = '/' + urllib.parse.unquote(self.path.split('?', 1)[0]).strip('/')
        status, body = routes.get(path, (404, json.dumps({'message': 'Not Found'}).encode()))
        auth = self.headers.get('authorization')
        if auth is not None and auth != 'Bearer ghp_fixture': status, body = 401, json.dumps({'message': 'Bad credentials'}).encode()
        self.send_response(status); self.send_header('content-type', 'application/json; charset=utf-8')
        self.send_header('x-github-media-type', 'github.v3; format=json'); self.send_header('content-length', str(len(body)))
        self.end_headers(); self.wfile.write(body)
    do_GET = do_POST = answer
    def log_message(self, *a): pass
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
# One line per live case: the case folder, its owner/repo and whether it has a token.
python3 - > "$work/live-cases" <<'PY'
import glob, yaml
for manifest in sorted(glob.glob('tests/fixtures/*/*.case.yml')):
    m = yaml.safe_load(open(manifest, encoding='utf-8')) or {}
    if m.get('api') is None or not m.get('github'): continue
    token = (m['api'] or {}).get('token', True)
    print(manifest[:-len('.case.yml')], m['github'], 'yes' if token in (True, 'true') else 'no')
PY
live=0; live_findings=0
while read -r case_dir repo has_token; do
  [ -d "$case_dir" ] || continue
  : > "$work/port"
  python3 "$work/serve.py" "$case_dir.case.yml" > "$work/port" 2>"$work/serve.err" &
  server=$!
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
  port=$(head -1 "$work/port")
  [ -n "$port" ] || { echo "the local server did not start for $case_dir: $(head -3 "$work/serve.err")"; exit 1; }
  token=ghp_fixture; [ "$has_token" = yes ] || token=
  total=$((total + 1)); live=$((live + 1))
  export GITHUB_API_URL="http://127.0.0.1:$port" GITHUB_GRAPHQL_URL="http://127.0.0.1:$port/graphql" GITHUB_TOKEN="$token"
  run_case "$total" check "$case_dir" --github "$repo" --fail-on never
  unset GITHUB_API_URL GITHUB_GRAPHQL_URL GITHUB_TOKEN
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
  echo "check $case_dir --github (live, against a local server)" >> "$cases"
  grep -q " RL20[0-9][0-9] " "$work/$total.m.out" && live_findings=$((live_findings + 1))
  sed -i "s#127\.0\.0\.1:$port#127.0.0.1:PORT#g" "$work/$total".*.out "$work/$total".*.err
  grep -q "ghp_fixture" "$work/$total".*.out "$work/$total".*.err && echo "the token was printed: $case_dir" >> "$work/$total.n.out"
done < "$work/live-cases"

differ=0
for n in $(seq 1 "$total"); do
  same=1
  for part in out err; do
    cmp -s <(norm < "$work/$n.n.$part") <(norm < "$work/$n.m.$part") || same=0
  done
  cmp -s "$work/$n.n.rc" "$work/$n.m.rc" || same=0
  if [ "$same" -eq 0 ]; then
    differ=$((differ + 1))
    echo "DIFFERENT: releaselint $(sed -n "${n}p" "$cases")"
    diff <(norm < "$work/$n.n.out"; norm < "$work/$n.n.err"; echo "exit $(cat "$work/$n.n.rc")") \
         <(norm < "$work/$n.m.out"; norm < "$work/$n.m.err"; echo "exit $(cat "$work/$n.m.rc")") | head -8
  fi
done
awk '{ n += $2 - $1; m += $3 - $2 } END { printf "time over the %d single command lines: native %.1f s, managed %.1f s\n", NR, n, m }' "$work/times"
echo "native and managed builds: $((total - differ)) of $total command lines agree ($live in live mode against a local server, $live_findings of them with RL20xx findings)"
[ "$live_findings" -gt 0 ] || { echo "no live-mode run reported an RL20xx finding: the local server was not used"; differ=$((differ + 1)); }
[ "$differ" -eq 0 ]
