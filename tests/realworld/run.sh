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
  # The mirror may lack its largest blobs (the fetch tool lists them but leaves them out): check out everything else
  # (sparse checkout) and put an empty file where each missing blob goes, so the tree has the same paths.
  local tree missing info
  tree=$(git -C "$dir" -c core.quotePath=false ls-tree -r "$commit" | awk -F'\t' '{split($1, m, " "); if (m[2] == "blob") print m[3] "\t" $2}')
  missing=$(printf '%s\n' "$tree" | cut -f1 | git -C "$dir" cat-file --batch-check 2>/dev/null | awk '$2 == "missing" {print $1}' |
    awk -F'\t' 'NR == FNR {gone[$1] = 1; next} ($1 in gone) {print $2}' - <(printf '%s\n' "$tree"))
  info="$(git -C "$dir" rev-parse --absolute-git-dir)/info"; mkdir -p "$info"
  if [ -n "$missing" ]; then
    git -C "$dir" config core.sparseCheckout true
    { echo '/*'; printf '%s\n' "$missing" | sed 's/^/!\//'; } > "$info/sparse-checkout"
  else
    git -C "$dir" config core.sparseCheckout false
    rm -f "$info/sparse-checkout"
  fi
  git -C "$dir" checkout -q --force --detach "$commit" 2>/dev/null || { echo "skip $repo: cannot check out $commit" >&2; return 1; }
  git -C "$dir" clean -qfdx
  if [ -n "$missing" ]; then
    printf '%s\n' "$missing" | while IFS= read -r path; do mkdir -p "$dir/$(dirname "$path")" && : > "$dir/$path"; done
    echo "$repo: $(printf '%s\n' "$missing" | grep -c .) blobs missing from the mirror, checked out as empty files" >&2
  fi
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
