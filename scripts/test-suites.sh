# Sourced by scripts/test.sh: runs each suite while recording, for scripts/test-summary.mjs, that it was due
# (before it starts) and how it exited (after), so a suite killed before writing its report, or one that
# never ran, is counted as failed instead of being left out of the sum.
REPORTS="${REPORTS:-reports}"
status=0

# suite_run NAME KIND LABEL COMMAND...: KIND is vitest (report NAME.json), playwright (NAME.json) or step (none).
suite_run() {
  local name=$1 kind=$2 label=$3
  shift 3
  suite_due "$name" "$kind" "$label"
  echo; echo "==> $label"
  "$@"
  local code=$?
  echo "$code" >"$REPORTS/$name.exit"
  [[ $code -eq 0 ]] || status=1
  return "$code"
}

# suite_due NAME KIND LABEL: records a suite that was due to run (one that never starts stays without an exit).
suite_due() {
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$REPORTS/suites.tsv"
}
