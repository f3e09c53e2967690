#!/usr/bin/env bash
# The whole test suite: unit, integration on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set),
# then system and browser tests against a production build. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
node scripts/require-runtime.mjs || exit 1
echo "runtime: Node $(node -p process.versions.node) ($(command -v node))"
rm -rf reports && mkdir -p reports
status=0

run() {
  echo; echo "==> $1"; shift
  "$@" || status=1
}

run "unit tests" npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json
run "integration tests on embedded PGlite" env -u TEST_DATABASE_URL npx vitest run --project integration \
  --reporter=default --reporter=json --outputFile.json=reports/integration-pglite.json
run "timing tests on embedded PGlite (alone)" env -u TEST_DATABASE_URL npx vitest run --project timing \
  --reporter=default --reporter=json --outputFile.json=reports/timing-pglite.json
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  run "timing tests on PostgreSQL (alone)" npx vitest run --project timing \
    --reporter=default --reporter=json --outputFile.json=reports/timing-postgres.json
  # One file at a time: the files share this database, and some assert that nothing at all was written.
  run "integration tests on PostgreSQL" npx vitest run --project integration --no-file-parallelism \
    --reporter=default --reporter=json --outputFile.json=reports/integration-postgres.json
fi
if [[ "${SKIP_E2E:-}" != "1" ]]; then
  echo; echo "==> production build"
  if node_modules/.bin/next build >reports/build.log 2>&1; then
    run "system tests (production servers: two instances, kill -9, data-directory lock)" npx vitest run --project system \
      --reporter=default --reporter=json --outputFile.json=reports/system.json
    run "browser tests (Playwright, Chromium)" env E2E_SKIP_BUILD=1 npx playwright test
  else
    cat reports/build.log; echo "build failed"; status=1
    echo '{"numPassedTests":0,"numFailedTests":1,"numPendingTests":0,"numTodoTests":0,"testResults":[]}' >reports/build.json
  fi
fi

node scripts/test-summary.mjs || status=1
exit $status
