// Sums the suites that scripts/test.sh ran into the one closing line CI reads: "N passed, N failed, N skipped".
// The line is only as honest as what it counts, so besides failed tests these count as failed:
// - a test that did not run because its file failed outside the tests (a beforeAll that threw);
// - a file that failed outside its tests while they passed (an afterAll that threw, an import error);
// - a suite that exited non-zero with no failure in its report (vitest's JSON says success after an unhandled
//   rejection; a globalSetup that threw leaves a report without a single test);
// - a suite that was due to run but left no report or no exit status (killed, never started);
// - errors a Playwright run reports outside its tests (a web server that did not start).
// Skipped tests are listed with their reason. In CI (CI=true) a skip counts as failed unless the test says why it
// cannot run there: vitest `meta: { skipReason }` (see tests/support/skip.ts), Playwright `test.skip(cond, reason)`.
//
// Usage: node scripts/test-summary.mjs [reports-dir] [--run-status N]
// --run-status is the status of the whole run (.ci/run passes npm test's): a failed run never ends on "0 failed".
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
let dir = "reports";
let runStatus = 0;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--run-status") runStatus = Number(args[++i]);
  else dir = args[i];
}
const isCi = /^(1|true)$/i.test(process.env.CI ?? "");

const firstLine = (text) => String(text ?? "").split("\n").find((line) => line.trim()) ?? "";
// What CI shows of a run is its tail: each failure there carries the first line of why (colours stripped, cut short).
const why = (message) => {
  const line = firstLine(String(message ?? "").replace(/\u001b\[[0-9;]*m/g, "")).trim();
  return line ? `: ${line.length > 300 ? `${line.slice(0, 300)}...` : line}` : "";
};
const where = (file) => path.relative(process.cwd(), file);

/** Vitest's JSON report (jest-compatible). */
function readVitest(report, suite) {
  for (const file of report.testResults ?? []) {
    const fileFailed = file.status === "failed";
    const cause = file.message ? firstLine(file.message) : "its file failed outside its tests";
    let counted = 0;
    for (const test of file.assertionResults ?? []) {
      const title = [where(file.name), ...(test.ancestorTitles ?? []), test.title].join(" > ");
      const reason = test.meta?.skipReason;
      if (test.status === "passed") suite.passed++;
      else if (test.status === "failed") (suite.failed.push(title + why(test.failureMessages?.[0])), counted++);
      else if (test.status === "pending") (suite.failed.push(`${title} (did not finish)`), counted++);
      else if (fileFailed && !reason) (suite.failed.push(`${title} (did not run: ${cause})`), counted++);
      else suite.skipped.push({ title, reason });
    }
    if (fileFailed && counted === 0) suite.failed.push(`${where(file.name)}: failed outside its tests: ${cause}`);
  }
}

/** Playwright's JSON report. */
function readPlaywright(report, suite) {
  const walk = (node, titles) => {
    for (const spec of node.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const title = [...titles, spec.title].filter(Boolean).join(" > ") + (test.projectName ? ` [${test.projectName}]` : "");
        const skip = (test.annotations ?? []).find((note) => note.type === "skip" || note.type === "fixme");
        if (test.status === "expected" || test.status === "flaky") suite.passed++;
        else if (test.status === "unexpected") suite.failed.push(title + why(test.results?.at(-1)?.error?.message));
        // Skipped without a skip annotation: it never ran because something before it failed.
        else if (!skip) suite.failed.push(`${title} (did not run)`);
        else suite.skipped.push({ title, reason: skip.description });
      }
    }
    for (const child of node.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const file of report.suites ?? []) walk(file, [file.title]);
  for (const error of report.errors ?? []) suite.failed.push(`error outside the tests: ${firstLine(error.message)}`);
}

function readSuite({ name, kind, label }) {
  const suite = { name, label, passed: 0, failed: [], skipped: [] };
  const exitFile = path.join(dir, `${name}.exit`);
  const exit = fs.existsSync(exitFile) ? Number(fs.readFileSync(exitFile, "utf8").trim()) : null;
  if (exit === null) suite.failed.push("was due to run but did not finish (never started, or killed with the test script)");
  if (kind !== "step") {
    const reportFile = path.join(dir, `${name}.json`);
    if (!fs.existsSync(reportFile)) {
      if (exit !== null) suite.failed.push(`wrote no report (exit status ${exit}): killed, or it failed before its tests`);
    } else {
      try {
        const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
        (kind === "playwright" ? readPlaywright : readVitest)(report, suite);
      } catch (error) {
        suite.failed.push(`its report ${reportFile} is not readable: ${firstLine(error.message)}`);
      }
    }
  }
  if (exit !== null && exit !== 0 && suite.failed.length === 0) {
    suite.failed.push(`exited with status ${exit} although no test failed: an error outside the tests (see its output above)`);
  }
  if (isCi) {
    for (const skip of suite.skipped.filter((each) => !each.reason)) suite.failed.push(`${skip.title} (skipped in CI without a reason)`);
    suite.skipped = suite.skipped.filter((each) => each.reason);
  }
  return suite;
}

function readPlan() {
  const planFile = path.join(dir, "suites.tsv");
  if (!fs.existsSync(planFile)) return [];
  return fs
    .readFileSync(planFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name, kind, label] = line.split("\t");
      return { name, kind, label: label ?? name };
    });
}

const plan = readPlan();
const suites = plan.map(readSuite);
if (plan.length === 0) suites.push({ name: "tests", passed: 0, failed: [`no suite recorded in ${dir}/suites.tsv: nothing ran`], skipped: [] });
const LISTED = 20;
for (const suite of suites) {
  console.log(`${suite.name}: ${suite.passed} passed, ${suite.failed.length} failed${suite.skipped.length ? `, ${suite.skipped.length} skipped` : ""}`);
  for (const failure of suite.failed.slice(0, LISTED)) console.log(`  failed: ${failure}`);
  if (suite.failed.length > LISTED) console.log(`  ... and ${suite.failed.length - LISTED} more failed`);
  for (const skip of suite.skipped) console.log(`  skipped: ${skip.title} (${skip.reason ?? "no reason given"})`);
}
const passed = suites.reduce((sum, suite) => sum + suite.passed, 0);
let failed = suites.reduce((sum, suite) => sum + suite.failed.length, 0);
const skipped = suites.reduce((sum, suite) => sum + suite.skipped.length, 0);
if (runStatus !== 0 && failed === 0) {
  console.log(`the run exited with status ${runStatus} outside any suite`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
