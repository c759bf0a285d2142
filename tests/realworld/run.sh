#!/usr/bin/env bash
# Runs ReleaseLint over the labelled real repositories at their pinned commits and writes the results that
# score.py compares with the labels. The repositories are not committed: give the folder that holds their git
# directories (the fetch tool's layout, OWNER+NAME/repo; default /work/.mirror).
#
#   tests/realworld/run.sh [--mirrors DIR] [--tool "CMD"] [--set docs|history|deploy|all] [--only OWNER/NAME] [--work DIR] [--out DIR]
#
# --tool is the command that runs releaselint (default: the Release build of this checkout through dotnet).
# Per set, for each repository of repos.tsv in that set:
#   docs, deploy: `check --format json` with configs/OWNER__NAME.yml when it exists (the repository's real process,
#                 written by hand from its docs), else the defaults; result in OUT/SET/OWNER__NAME.json
#   history:      `init` in a fresh work tree (its config kept as OUT/history/OWNER__NAME.init.yml), then
#                 `check --format json` with that config: OUT/history/OWNER__NAME.json
# A repository missing from the mirrors folder is skipped with a line saying so.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mirrors=/work/.mirror; set=all; only=""; work=${TMPDIR:-/tmp}/releaselint-realworld; out="$here/out"
tool="dotnet $root/src/ReleaseLint.Cli/bin/Release/net10.0/releaselint.dll"
while [ $# -gt 0 ]; do
  case "$1" in
    --mirrors) mirrors=$2; shift 2 ;;
    --tool) tool=$2; shift 2 ;;
    --set) set=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
mkdir -p "$work" "$out"
status=0
checkout() { # repo commit -> prints the work tree path, fresh at the commit, with every remote branch and tag
  local repo=$1 commit=$2 dir="$work/${1/\//__}"
  local git="$mirrors/${repo/\//+}/repo"
  [ -d "$git" ] || { echo "skip $repo: no git directory at $git (bring it with the fetch tool)" >&2; return 1; }
  if [ ! -d "$dir/.git" ]; then git clone -q --no-checkout "$git" "$dir" || return 1; fi
  git -C "$dir" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "skip $repo: commit $commit not in the mirror" >&2; return 1; }
  if ! git -C "$dir" checkout -q --force --detach "$commit" 2>/dev/null; then
    # Mirrors may leave out their largest blobs (images, fonts): check out every blob that is there and leave the
    # others out, which linting workflows and docs does not need.
    git -C "$dir" update-ref --no-deref HEAD "$commit" && git -C "$dir" read-tree "$commit" || return 1
    python3 - "$dir" "$commit" <<'PY' || return 1
import os, subprocess, sys
root, commit = sys.argv[1], sys.argv[2]
entries = subprocess.run(["git", "-C", root, "ls-tree", "-r", "-z", commit], capture_output=True, check=True).stdout.split(b"\0")
cat = subprocess.Popen(["git", "-C", root, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for entry in filter(None, entries):
    meta, path = entry.split(b"\t", 1)
    mode, kind, sha = meta.split()
    if kind != b"blob": continue
    cat.stdin.write(sha + b"\n"); cat.stdin.flush()
    header = cat.stdout.readline().split()
    if header[1] == b"missing": continue
    data = cat.stdout.read(int(header[2])); cat.stdout.read(1)
    target = os.path.join(root.encode(), path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target): os.remove(target)
    if mode == b"120000": os.symlink(data, target)
    else:
        with open(target, "wb") as fh: fh.write(data)
        if mode == b"100755": os.chmod(target, 0o755)
PY
  fi
  git -C "$dir" clean -qfdx
  echo "$dir"
}
while IFS=$'\t' read -r repo commit licence sets kinds notes; do
  [[ -z "$repo" || "$repo" == \#* ]] && continue
  [ -n "$only" ] && [ "$only" != "$repo" ] && continue
  name=${repo/\//__}
  for s in docs history deploy; do
    [[ "$set" == all || "$set" == "$s" ]] || continue
    [[ ",$sets," == *",$s,"* ]] || continue
    dir=$(checkout "$repo" "$commit") || { status=1; continue; }
    mkdir -p "$out/$s"
    config=()
    if [ "$s" = history ]; then
      (cd "$dir" && $tool init > "$out/$s/$name.init.log" 2>&1) || echo "$repo: init exited $?" >&2
      cp "$dir/.releaselint.yml" "$out/$s/$name.init.yml" 2>/dev/null || echo "$repo: init wrote no .releaselint.yml" >&2
    elif [ -f "$here/configs/$name.yml" ]; then
      config=(--config "$here/configs/$name.yml")
    fi
    $tool check "$dir" --format json --fail-on never --no-custom-rules "${config[@]}" > "$out/$s/$name.json" 2> "$out/$s/$name.stderr"
    code=$?
    [ "$code" -le 1 ] || { echo "$repo ($s): releaselint exited $code: $(head -c 300 "$out/$s/$name.stderr")" >&2; status=1; }
    echo "$s $repo: $(grep -c '"ruleId"' "$out/$s/$name.json") findings"
  done
done < "$here/repos.tsv"
exit $status
