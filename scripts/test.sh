#!/usr/bin/env bash
# The whole test suite: unit, integration on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set),
# then the browser tests against a production build. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
rm -rf reports && mkdir -p reports
status=0

run() {
  echo; echo "==> $1"; shift
  "$@" || status=1
}

run "unit tests" npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json
run "integration tests on embedded PGlite" env -u TEST_DATABASE_URL npx vitest run --project integration \
  --reporter=default --reporter=json --outputFile.json=reports/integration-pglite.json
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  # One file at a time: the files share this database, and some assert that nothing at all was written.
  run "integration tests on PostgreSQL" npx vitest run --project integration --no-file-parallelism \
    --reporter=default --reporter=json --outputFile.json=reports/integration-postgres.json
fi
if [[ "${SKIP_E2E:-}" != "1" ]]; then
  run "browser tests (Playwright, Chromium)" npx playwright test
fi

node scripts/test-summary.mjs || status=1
exit $status
