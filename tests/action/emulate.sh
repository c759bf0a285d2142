#!/usr/bin/env bash
# Runs action.yml and the reusable workflow through the local runner emulation (runner.py) on repositories built
# from the samples: clean, with findings, a broken config (exit 2), path: set, custom rules per event, and second
# runs that restore the tool from the cache. Needs python3 with PyYAML (installed with apt-get when missing), git,
# and the .NET 10 SDK (the first run of each file builds the tool as the runner would).
#   tests/action/emulate.sh [--keep DIR] [CASE...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
  apt-get install -y python3-yaml >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y python3-yaml >/dev/null 2>&1; } ||
    { echo "python3 with PyYAML is needed (apt-get install python3-yaml)"; exit 1; }
fi
exec python3 "$here/emulate.py" "$@"
