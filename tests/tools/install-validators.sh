#!/usr/bin/env bash
# Installs the validators .ci/run uses, pinned, with npm into DIR (default ${TMPDIR:-/tmp}/releaselint-anchors,
# the folder ../shared/tools/install-anchors.sh fills too, so either install serves both):
#   @microsoft/sarif-multitool  Microsoft's SARIF validator, with the GitHub code scanning rule set
#   @action-validator/cli       schema validator for workflow and action files
# Needs node and npm. Idempotent: returns at once when both are there.
set -euo pipefail
dir=${1:-${TMPDIR:-/tmp}/releaselint-anchors}
mkdir -p "$dir"
cd "$dir"
multitool=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [[ -x $multitool && -x node_modules/.bin/action-validator ]]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is needed to install the validators (apt-get install npm)" >&2; exit 1; }
[[ -f package.json ]] || npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5.7.0 @action-validator/cli@0.6.0 >/dev/null
chmod u+x "$multitool"
echo "validators installed in $(pwd)"
