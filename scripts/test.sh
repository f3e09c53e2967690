#!/usr/bin/env bash
# The whole test suite: unit, integration on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set),
# then system and browser tests against a production build. Ends with one line "N passed, N failed"
# (", N skipped" when some were): scripts/test-summary.mjs says what it counts as failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Before anything can stop the run: a summary read after it must not find the reports of an earlier one.
rm -rf reports && mkdir -p reports
node scripts/require-runtime.mjs || exit 1
echo "runtime: Node $(node -p process.versions.node) ($(command -v node))"
source scripts/test-suites.sh

# vitest_json NAME ARGS...: a vitest run writing reports/NAME.json; on_pglite runs it without TEST_DATABASE_URL.
vitest_json() {
  local name=$1
  shift
  npx vitest run "$@" --reporter=default --reporter=json "--outputFile.json=reports/$name.json"
}
on_pglite() { (unset TEST_DATABASE_URL; "$@"); }

suite_run unit vitest "unit tests" vitest_json unit --project unit
suite_run integration-pglite vitest "integration tests on embedded PGlite" on_pglite vitest_json integration-pglite --project integration
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  # One file at a time: the files share this database, and some assert that nothing at all was written.
  suite_run integration-postgres vitest "integration tests on PostgreSQL" vitest_json integration-postgres --project integration --no-file-parallelism
fi
if [[ "${SKIP_E2E:-}" != "1" ]]; then
  build() { node_modules/.bin/next build >reports/build.log 2>&1 || { cat reports/build.log; echo "build failed"; return 1; }; }
  if suite_run build step "production build" build; then
    suite_run system vitest "system tests (production servers: two instances, kill -9, data-directory lock)" vitest_json system --project system
    suite_run e2e playwright "browser tests (Playwright, Chromium)" env E2E_SKIP_BUILD=1 npx playwright test
  else
    suite_due system vitest "system tests"
    suite_due e2e playwright "browser tests"
  fi
fi

echo
node scripts/test-summary.mjs || status=1
exit $status
