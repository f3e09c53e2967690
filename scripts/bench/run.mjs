// `npm run bench`: drives the production server (scripts/server.mjs on a `next build`) with wrk on
// 127.0.0.1, scenario by scenario, beside two floors (a bare node:http + jose server, and a trivial Next
// route doing the same verification) and argon2id alone; writes a markdown table and JSON to bench/results/.
//   BENCH_SECONDS (10) per scenario, BENCH_WARMUP (2) s before each, BENCH_CONNECTIONS (4),
//   BENCH_DATABASE_URL=postgres://... (or DATABASE_URL=postgres://...): a throwaway database on that server
//   instead of a throwaway embedded PGlite directory. WEB_CONCURRENCY is passed through to the server.
//   BENCH_NODE_ARGS: node flags for the app server (e.g. --cpu-prof --cpu-prof-dir=DIR).
//   --only refresh,login  runs only those scenarios;  --build  rebuilds even when the build looks current.
// The parts: settings.mjs (arguments, environment), measure.mjs (builds, wrk, one measured scenario),
// scenarios.mjs (the app), floors.mjs (floors and argon2id), report.mjs (ratios, markdown, JSON).
import "../require-runtime.mjs";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchArgon2, benchFloors } from "./floors.mjs";
import { results } from "./measure.mjs";
import { killAll } from "./procs.mjs";
import { ratios, writeResults } from "./report.mjs";
import { APP_IDS, appRun, benchApp } from "./scenarios.mjs";
import { CONNECTIONS, log, only, root, SECONDS, sleep, THREADS, tmp, WARMUP } from "./settings.mjs";

let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  killAll();
  fs.rmSync(tmp, { recursive: true, force: true });
  await Promise.race([Promise.resolve(appRun.db?.close()).catch(() => {}), sleep(5_000)]);
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    log(`\n${signal}: stopping the servers`);
    cleanup().finally(() => process.exit(130));
  });
}

function git(...args) {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

let exitCode = 0;
try {
  const rows = [];
  if (APP_IDS.some((id) => only.includes(id))) rows.push(...(await benchApp()));
  if (only.some((id) => id.startsWith("floor-"))) rows.push(...(await benchFloors(appRun.processes)));
  if (only.includes("argon2")) rows.push(...(await benchArgon2()));
  const { db } = appRun;
  const meta = {
    date: new Date().toISOString(),
    commit: `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " (with uncommitted changes)" : ""}`,
    database: db?.label ?? (process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "embedded PGlite"),
    database_kind: db?.kind ?? "nodb",
    node: process.version,
    cores: os.cpus().length,
    seconds: SECONDS,
    warmup: WARMUP,
    connections: CONNECTIONS,
    threads: THREADS,
    web_concurrency: process.env.WEB_CONCURRENCY ?? null,
    app_processes: appRun.processes || null,
    stored_refresh_tokens: appRun.storedTokens,
    only,
  };
  const { markdown, files } = writeResults(path.join(root, "bench/results"), meta, rows, ratios(results, appRun.processes));
  log(`\n${markdown}`);
  log(`written: ${files.map((f) => path.relative(root, f)).join(", ")}`);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.stack : error}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
