// The closing line of `npm test` (scripts/test-summary.mjs) against real vitest and Playwright runs of small
// fixture suites (tests/summary/fixtures), recorded by the same functions scripts/test.sh uses
// (scripts/test-suites.sh): each way a run can fail must end on "N failed" with N > 0.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const fixtures = "tests/summary/fixtures";
const made: string[] = [];

/** Shell functions for the fixture suites, beside suite_run and suite_due from scripts/test-suites.sh. */
const prelude = `
source scripts/test-suites.sh
vitest_fixture() { FIXTURE=$2 node_modules/.bin/vitest run --root ${fixtures} --config vitest.config.mjs --reporter=default --reporter=json "--outputFile.json=$REPORTS/$1.json"; }
playwright_fixture() { FIXTURE=$2 FIXTURE_REPORT="$REPORTS/$1.json" node_modules/.bin/playwright test -c ${fixtures}/playwright.config.mjs; }
failing_setup() { FIXTURE_GLOBAL_SETUP=fail "$@"; }
`;

interface Run {
  /** The closing line. */
  line: string;
  /** The summary's output. */
  output: string;
  code: number | null;
  dir: string;
  /** Everything the suites and the summary printed, for a failure message. */
  log: string;
}

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  // The fixture runs are vitest's and Playwright's own, not workers of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST|CI$|NODE_OPTIONS|FORCE_COLOR)/.test(key))) as NodeJS.ProcessEnv;
  return Object.assign(env, { PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`, NO_COLOR: "1" }, extra);
}

/** Runs `script` (bash, with the suite functions) in a fresh reports directory, then the summary over it. */
function runSuites(script: string, options: { ci?: boolean; runStatus?: number } = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-summary-"));
  made.push(dir);
  const suites = spawnSync("bash", ["-c", `${prelude}\n${script}`], { cwd: root, env: environment({ REPORTS: dir }), encoding: "utf8", timeout: 90_000 });
  return summarize(dir, `${suites.stdout}${suites.stderr}`, options);
}

/** scripts/test-summary.mjs over the reports in `dir`. */
function summarize(dir: string, suitesLog: string, options: { ci?: boolean; runStatus?: number } = {}): Run {
  const args = [dir, ...(options.runStatus === undefined ? [] : ["--run-status", String(options.runStatus)])];
  const summary = spawnSync(process.execPath, ["scripts/test-summary.mjs", ...args], {
    cwd: root,
    env: environment(options.ci ? { CI: "true" } : {}),
    encoding: "utf8",
  });
  const line = summary.stdout.trimEnd().split("\n").at(-1) ?? "";
  return { line, output: summary.stdout, code: summary.status, dir, log: `${suitesLog}${summary.stdout}${summary.stderr}` };
}

const readReport = (run: Run, name: string): any => JSON.parse(fs.readFileSync(path.join(run.dir, `${name}.json`), "utf8"));

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the closing line of npm test", { timeout: 120_000 }, () => {
  it("sums passing suites and exits 0", () => {
    const run = runSuites(`suite_run a vitest "first" vitest_fixture a passing\nsuite_run b vitest "second" vitest_fixture b passing`);
    expect(run.line, run.log).toBe("4 passed, 0 failed");
    expect(run.code).toBe(0);
  });

  it("counts an afterAll that throws in a file whose tests passed", () => {
    const run = runSuites(`suite_run a vitest "a" vitest_fixture a after-all-throws`);
    expect(readReport(run, "a").numFailedTests).toBe(0);
    expect(run.line, run.log).toBe("1 passed, 1 failed");
    expect(run.output).toContain("failed outside its tests: closing the database failed");
    expect(run.code).toBe(1);
  });

  it("counts an unhandled rejection after a test, though vitest's report says success", () => {
    const run = runSuites(`suite_run a vitest "a" vitest_fixture a unhandled-rejection`);
    expect(readReport(run, "a")).toMatchObject({ success: true, numFailedTests: 0, numPassedTests: 2 });
    expect(run.line, run.log).toBe("2 passed, 1 failed");
    expect(run.output).toContain("exited with status 1 although no test failed");
  });

  it("counts the tests a throwing beforeAll kept from running as failed, not skipped", () => {
    const run = runSuites(`suite_run a vitest "a" vitest_fixture a before-all-throws`);
    expect(readReport(run, "a")).toMatchObject({ numPassedTests: 1, numFailedTests: 0, numPendingTests: 2 });
    expect(run.line, run.log).toBe("1 passed, 2 failed");
  });

  it("counts a suite whose globalSetup failed, though its report has no test", () => {
    const run = runSuites(`suite_run a vitest "a" vitest_fixture a passing\nsuite_run b vitest "b" failing_setup vitest_fixture b passing`);
    expect(readReport(run, "b")).toMatchObject({ numTotalTests: 0, numFailedTests: 0 });
    expect(run.line, run.log).toBe("2 passed, 1 failed");
  });

  it("counts a suite killed before it wrote its report", () => {
    const run = runSuites(`suite_run a vitest "a" vitest_fixture a killed\nsuite_run b vitest "b" vitest_fixture b passing`);
    expect(fs.existsSync(path.join(run.dir, "a.json"))).toBe(false);
    expect(run.line, run.log).toBe("2 passed, 1 failed");
    expect(run.output).toContain("wrote no report (exit status 137)");
  });

  it("counts a suite that was due but never finished: the test script killed, or a suite the failed build stopped", () => {
    const killed = runSuites(`suite_run a vitest "a" vitest_fixture a passing\nsuite_run b vitest "b" bash -c 'kill -9 $PPID'`);
    expect(killed.line, killed.log).toBe("2 passed, 1 failed");
    expect(killed.output).toContain("b: 0 passed, 1 failed");
    const notRun = runSuites(`suite_run build step "build" false || suite_due e2e playwright "browser tests"`);
    expect(notRun.line, notRun.log).toBe("0 passed, 2 failed");
  });

  it("counts a file that fails to load and a Playwright run that failed outside its tests", () => {
    const run = runSuites(
      `suite_run a vitest "a" vitest_fixture a import-error\nsuite_run e2e playwright "e2e" failing_setup playwright_fixture e2e browser`,
    );
    expect(readReport(run, "e2e").errors).toHaveLength(1);
    expect(run.line, run.log).toBe("0 passed, 2 failed");
  });

  it("shows skipped tests with their reasons; in CI a skip without a reason is a failure", () => {
    const local = runSuites(`suite_run a vitest "a" vitest_fixture a skips\nsuite_run e2e playwright "e2e" playwright_fixture e2e browser`);
    // Playwright: a test after the broken beforeAll failed, the next did not run (failed too, not a skip).
    expect(local.line, local.log).toBe("2 passed, 2 failed, 4 skipped");
    expect(local.output).toContain("skipped: tests/summary/fixtures/skips.fixture.mjs > on PostgreSQL > explained (needs PostgreSQL: TEST_DATABASE_URL is unset)");
    expect(local.output).toContain("skipped: tests/summary/fixtures/skips.fixture.mjs > unexplained (no reason given)");
    expect(local.output).toMatch(/skipped: .*explained skip \(needs a second display\)/);
    const ci = summarize(local.dir, local.log, { ci: true });
    expect(ci.line, ci.log).toBe("2 passed, 4 failed, 2 skipped");
    expect(ci.output).toContain("unexplained (skipped in CI without a reason)");
  });

  it("says on each failed test's line why it failed: CI shows only the tail of a run", () => {
    const run = runSuites(`suite_run a vitest "a" vitest_fixture a failing\nsuite_run e2e playwright "e2e" playwright_fixture e2e browser`);
    expect(run.line, run.log).toBe("2 passed, 3 failed, 2 skipped");
    expect(run.output).toContain("failed: tests/summary/fixtures/failing.fixture.mjs > answers 405: AssertionError: the second request: expected 503 to be 405");
    expect(run.output).toContain("failed: browser.spec.mjs > after a broken beforeAll > fails: Error: the server did not answer");
  });

  it("never ends a failed run on 0 failed (.ci/run passes the run's status)", () => {
    const nothing = runSuites(`true`, { runStatus: 1 });
    expect(nothing.line, nothing.log).toBe("0 passed, 1 failed");
    const passing = runSuites(`suite_run a vitest "a" vitest_fixture a passing`, { runStatus: 1 });
    expect(passing.line, passing.log).toBe("2 passed, 1 failed");
  });
});
