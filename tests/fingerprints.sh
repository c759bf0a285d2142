#!/usr/bin/env bash
# Prints every finding of every fixture case and sample (all rules: location, message, fingerprint, logical and
# related locations) from the built test assembly, or compares it with an earlier dump:
#   tests/fingerprints.sh > before.txt            # on the commit before a refactoring
#   tests/fingerprints.sh --compare before.txt    # after it: exit 1 and a diff when any finding changed
# Build first: dotnet build ReleaseLint.sln -c Release
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dll="$root/tests/ReleaseLint.Tests/bin/Release/net10.0/ReleaseLint.Tests.dll"
[[ -f "$dll" ]] || { echo "fingerprints.sh: build first ($dll is missing)" >&2; exit 2; }
if [[ "${1:-}" == "--compare" ]]; then
  before="${2:?usage: fingerprints.sh --compare BEFORE}"
  after="$(mktemp)"
  trap 'rm -f "$after"' EXIT
  dotnet "$dll" dump-findings > "$after"
  if diff -u "$before" "$after"; then
    echo "fingerprints.sh: $(grep -c '^RL\|^ACME' "$after" || true) findings in $(grep -c '^== ' "$after") cases, all identical" >&2
  else
    echo "fingerprints.sh: findings differ" >&2
    exit 1
  fi
else
  dotnet "$dll" dump-findings
fi
