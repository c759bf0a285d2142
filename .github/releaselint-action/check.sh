#!/usr/bin/env bash
# Runs `releaselint check` for action.yml and .github/workflows/releaselint.yml, from the installed tool folder
# (install.sh copies this script there, so a run restored from the cache has it). Writes the SARIF outside the
# workspace (the next run must not lint it), annotates the run, and sets the step outputs:
#   exit-code   the tool's exit code: 0 clean, 1 findings at or above fail-on, 2 (or anything else) could not run
#   sarif-file  the SARIF file, set only when the tool wrote one (never on exit 2)
# Exits 0 for 0 and 1 (the caller uploads the SARIF, then fails the job on 1), else with the tool's code, after an
# error annotation carrying the tool's one-line message: the job fails and nothing is uploaded.
# Environment: LINT_PATH, LINT_CONFIG, FAIL_ON, CATEGORY, CUSTOM_RULES (auto|true|false), and for the custom-rules
# decision EVENT_NAME (github.event_name), PR_HEAD_REPO (github.event.pull_request.head.repo.full_name), REPOSITORY.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
releaselint="$here/releaselint"
out="${RUNNER_TEMP:?RUNNER_TEMP is not set}/releaselint-results"
rm -rf "$out" && mkdir -p "$out"
sarif="$out/releaselint.sarif"

# Workflow-command data: '%', CR and LF escaped, so text from the repository cannot start a command of its own.
escape() { local s=$1; s=${s//'%'/'%25'}; s=${s//$'\r'/'%0D'}; s=${s//$'\n'/'%0A'}; printf '%s' "$s"; }
# Text that is not ours goes to the log with workflow commands switched off around it.
verbatim() {
  local token
  token="releaselint-$RANDOM$RANDOM$RANDOM"
  echo "::stop-commands::$token"
  cat "$1"
  echo "::$token::"
}
summary() { [ -z "${GITHUB_STEP_SUMMARY:-}" ] || printf '%s\n' "$@" >> "$GITHUB_STEP_SUMMARY"; }

args=(check "${LINT_PATH:-.}")
[ -z "${LINT_CONFIG:-}" ] || args+=(--config "$LINT_CONFIG")

# Custom rules are C# code from the repository. 'auto' runs them except where the code comes from someone else:
# pull_request_target and workflow_run (privileged runs about others' changes) and pull requests from forks.
custom=${CUSTOM_RULES:-auto}
case "$custom" in
  true) ;;
  false) args+=(--no-custom-rules) ;;
  auto)
    why=""
    case "${EVENT_NAME:-}" in pull_request_target | workflow_run) why="the event is ${EVENT_NAME}" ;; esac
    if [ -z "$why" ] && [ -n "${PR_HEAD_REPO:-}" ] && [ "${PR_HEAD_REPO}" != "${REPOSITORY:-}" ]; then
      why="the pull request comes from another repository"
    fi
    if [ -n "$why" ]; then
      args+=(--no-custom-rules)
      echo "::notice title=ReleaseLint::custom rules were not run: $(escape "$why") (set custom-rules: true to run them anyway)"
    fi ;;
  *)
    echo "::error title=ReleaseLint::custom-rules must be auto, true or false, not '$(escape "$custom")'"
    echo "exit-code=2" >> "$GITHUB_OUTPUT"
    exit 2 ;;
esac

code=0
"$releaselint" "${args[@]}" --fail-on "${FAIL_ON:-error}" --format sarif --output "$sarif" --sarif-category "${CATEGORY:-releaselint}/" 2> "$out/stderr.txt" || code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"

if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
  # The tool's message, on one line (an option error lists the allowed values on the lines below it).
  message=$(grep -v "see 'releaselint --help'" "$out/stderr.txt" | tr -s '\t\r\n' '   ' | sed 's/^ *//; s/ *$//' | cut -c1-1000)
  [ -n "$message" ] || message="releaselint exited with code $code and printed nothing"
  verbatim "$out/stderr.txt"
  echo "::error title=ReleaseLint could not run::$(escape "$message")"
  summary "### ReleaseLint could not run (exit code $code)" "" '```text' "$message" '```' "" "Nothing was uploaded."
  exit "$code"
fi

# The same findings as pull request annotations (the tool escapes every value it prints as a workflow command).
annotated=0
"$releaselint" "${args[@]}" --format github --fail-on never > "$out/annotations.txt" 2> "$out/annotations-stderr.txt" || annotated=$?
cat "$out/annotations.txt"
if [ "$annotated" -ne 0 ]; then
  verbatim "$out/annotations-stderr.txt"
  echo "::warning title=ReleaseLint::the run that annotates the findings failed (exit code $annotated); the SARIF and the job result stand"
fi
verbatim "$out/stderr.txt"

if [ -s "$sarif" ]; then
  echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
else
  echo "::warning title=ReleaseLint::no SARIF file was written, so nothing is uploaded"
fi
counts=$(grep -E '^[0-9]+ errors?, ' "$out/stderr.txt" | tail -n 1)
if [ "$code" -eq 1 ]; then
  summary "### ReleaseLint: findings at or above '${FAIL_ON:-error}'" "" "${counts:-see the log}" "" "See the annotations, or code scanning when the SARIF is uploaded."
else
  summary "### ReleaseLint: no findings at or above '${FAIL_ON:-error}'" "" "${counts:-}"
fi
exit 0
