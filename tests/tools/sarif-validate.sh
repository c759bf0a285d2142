#!/usr/bin/env bash
# Validates SARIF files as GitHub code scanning and the SARIF 2.1.0 spec expect: Microsoft's SARIF Multitool with
# its SARIF and GitHub (GH) rule sets, installed by install-validators.sh beside this script. Prints every error
# and warning; exits 0 only when no error is reported. Usage: sarif-validate.sh FILE.sarif...
# (ANCHORS=DIR: where the validators are or go, default ${TMPDIR:-/tmp}/releaselint-anchors)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
anchors=${ANCHORS:-${TMPDIR:-/tmp}/releaselint-anchors}
"$here/install-validators.sh" "$anchors" >/dev/null
tool="$anchors/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
status=0
for f in "$@"; do
  log=$(mktemp -d)/validation.sarif
  said=$("$tool" validate --rule-kind "Sarif;Gh" -o "$log" "$f" 2>&1) || true
  if ! grep -q "Analysis completed successfully" <<<"$said"; then
    echo "$f: the validator did not finish:"; echo "$said" | tail -5; status=1; continue
  fi
  grep -E ": (error|warning) [A-Z]+[0-9]+:" <<<"$said" | cut -c1-400 || true
  if grep -qE ": error [A-Z]+[0-9]+:" <<<"$said"; then
    echo "$f: INVALID for GitHub code scanning ($(grep -cE ': error [A-Z]+[0-9]+:' <<<"$said") errors)"; status=1
  else
    echo "$f: valid SARIF for GitHub code scanning ($(grep -cE ': warning [A-Z]+[0-9]+:' <<<"$said") warnings)"
  fi
done
exit $status
