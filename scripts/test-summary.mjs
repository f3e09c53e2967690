// Sums the JSON reports of every suite that ran into the one closing line CI reads.
import fs from "node:fs";
import path from "node:path";

const dir = "reports";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith(".json")) : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  if (report.stats && "expected" in report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    const suiteErrors = report.errors?.length ?? 0;
    failed += suiteErrors;
    console.log(`${file}: ${report.stats.expected + report.stats.flaky} passed, ${report.stats.unexpected + suiteErrors} failed`);
  } else {
    // Vitest (jest-compatible)
    passed += report.numPassedTests;
    const suiteFailures = (report.testResults ?? []).filter((suite) => suite.status === "failed" && suite.assertionResults.length === 0).length;
    failed += report.numFailedTests + suiteFailures;
    skipped += report.numPendingTests + report.numTodoTests;
    console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests + suiteFailures} failed`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
