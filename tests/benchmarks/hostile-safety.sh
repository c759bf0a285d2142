#!/usr/bin/env bash
# Wall time and peak memory (/usr/bin/time -v) of `releaselint check` on each hostile case of issue 12, with the
# finding or error line it gives. Builds the cases in a temporary folder (links, FIFOs, raw names, big files) and,
# for live mode, a fake API on 127.0.0.1 that answers retry-after: 59 to everything (that case takes a minute).
# Usage: tests/benchmarks/hostile-safety.sh [--no-live]
set -uo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/ReleaseLint.Cli -c Release -nologo -v quiet > /dev/null || exit 1
dll=$(pwd)/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll
dir=$(mktemp -d)
trap 'rm -rf "$dir"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null' EXIT
case_() { # NAME EXPECTED-GREP ARGS...
  local name=$1 grep=$2; shift 2
  /usr/bin/time -v -o "$dir/time" dotnet "$dll" "$@" > "$dir/out" 2> "$dir/err"
  local code=$?
  local wall rss line
  wall=$(grep "Elapsed (wall clock)" "$dir/time" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$dir/time" | awk '{print $NF}')
  line=$(cat "$dir/out" "$dir/err" | grep -m1 -E "$grep" | cut -c1-150)
  printf '%-34s exit %s  %8s  %6d MB  %s\n' "$name" "$code" "$wall" $((rss / 1024)) "${line:-(no line matching $grep)}"
}
mk() { rm -rf "$dir/$1" && mkdir -p "$dir/$1" && printf '# Readme\n\n[bad](missing.md)\n' > "$dir/$1/README.md"; echo "$dir/$1"; }

r=$(mk links); python3 -c "print('# Title\n'); [print('[a](#missing)') for _ in range(100000)]" > "$r/README.md"
case_ "100,000 links, one missing anchor" "more RL4004" check "$r"
r=$(mk findings); mkdir -p "$r/docs"; python3 -c "
import sys
for i in range(600): open(f'{sys.argv[1]}/docs/f{i}.md', 'w').write('# T\n\n' + f'[a](#m{i})\n' * 100)" "$r"
case_ "60,000 findings in 600 files" "errors" check "$r"
r=$(mk zero-md); ln -s /dev/zero "$r/notes.md"
case_ "/dev/zero link as a .md" "RL0004" check "$r"
r=$(mk zero-config); ln -s /dev/zero "$r/.releaselint.yml"
case_ "/dev/zero link as .releaselint.yml" "RL0001" check "$r"
r=$(mk fifo-md); mkfifo "$r/notes.md"
case_ "FIFO as a .md" "RL0004" check "$r"
r=$(mk fifo-config); mkfifo "$r/.releaselint.yml"
case_ "FIFO as .releaselint.yml" "RL0001" check "$r"
r=$(mk named); mkfifo "$r/fifo.yml"
case_ "--config /dev/zero" "releaselint:" check "$r" --config /dev/zero
case_ "--baseline /dev/zero" "releaselint:" check "$r" --baseline /dev/zero
case_ "--discussions /dev/zero" "releaselint:" check "$r" --discussions /dev/zero
case_ "--config FIFO" "releaselint:" check "$r" --config "$r/fifo.yml"
case_ "--output a directory" "releaselint:" check "$r" --output "$r"
case_ "--output /dev/full" "releaselint:" check "$r" --output /dev/full
case_ "--rule-timeout abc" "releaselint:" check "$r" --rule-timeout abc
r=$(mk outside); mkdir -p "$dir/secret"; echo "# SECRET" > "$dir/secret/s.md"; ln -s "$dir/secret/s.md" "$r/notes.md"
case_ "link to a file outside" "RL0004" check "$r"
r=$(mk globs); printf '[\na[\n[z-a]\n[^]\n' > "$r/.gitignore"; printf 'ignore: ["["]\ndocs:\n  ignore: ["[^]"]\ndiscussions:\n  paths: ["a["]\n' > "$r/.releaselint.yml"
case_ ".gitignore [ a[ [z-a] [^]" "RL4003" check "$r"
r=$(mk rawname); printf '# X\n\n[x](gone.md)\n' > "$r/$(printf 'caf\351.md')"
case_ "file name not UTF-8" 'caf\\xE9' check "$r"
r=$(mk inject); printf '# X\n\n[x](gone.md)\n' > "$r/$(printf 'x\n::error title=pwn::y.md')"
case_ "file name with newline + ::error" 'x\\n::error' check "$r"
r=$(mk rules); printf 'rules:\n  RL1040: off\n  unpined-action: off\n' > "$r/.releaselint.yml"
case_ "rules: RL1040, unpined-action" "RL0001" check "$r"
r=$(mk tags); printf 'tags:\n  format: "re:(a+)+$"\n' > "$r/.releaselint.yml"
(cd "$r" && export GIT_CONFIG_GLOBAL=/dev/null && git init -q -b main && git -c user.name=t -c user.email=t@e commit -q --allow-empty -m x && git branch live &&
  for i in $(seq 100); do git tag "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa$i!"; done)
case_ "tags.format re:(a+)+\$, 100 tags" "RL0001" check "$r"

[ "${1:-}" = "--no-live" ] && exit 0
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" <<'PY' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def answer(self):
        body = b'{"message": "You have exceeded a secondary rate limit."}'
        self.send_response(403); self.send_header("retry-after", "59"); self.send_header("content-length", str(len(body))); self.end_headers(); self.wfile.write(body)
    do_GET = do_POST = answer
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
server=$!
sleep 1
r=$(mk live)
GITHUB_API_URL="http://127.0.0.1:$port" GITHUB_TOKEN=x case_ "retry-after: 59 on every answer" "RL2001" check "$r" --github octo/app
