// The bench's settings, from its arguments and environment (see run.mjs), read once at start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(benchDir, "../..");
process.chdir(root);

export const SCENARIOS = ["refresh", "experiment", "login", "register", "page", "page-rotated", "refresh-1e6", "floor-node", "floor-next", "floor-next-refresh", "argon2"];
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(`npm run bench [-- --only ${SCENARIOS.slice(0, 3).join(",")}] [-- --build]\nscenarios: ${SCENARIOS.join(", ")}`);
  process.exit(0);
}
const onlyIndex = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
export const only = onlyIndex < 0 ? SCENARIOS : (argv[onlyIndex].split("=")[1] ?? argv[onlyIndex + 1] ?? "").split(",").filter(Boolean);
const unknown = only.filter((id) => !SCENARIOS.includes(id));
if (unknown.length || only.length === 0) {
  console.error(`unknown scenario ${unknown.join(", ") || "(none given)"}; choose from ${SCENARIOS.join(", ")}`);
  process.exit(2);
}
export const forceBuild = argv.includes("--build");

export const number = (value, fallback) => (value && Number(value) > 0 ? Number(value) : fallback);
export const SECONDS = number(process.env.BENCH_SECONDS, 10);
export const WARMUP = process.env.BENCH_WARMUP === "0" ? 0 : number(process.env.BENCH_WARMUP, 2);
export const CONNECTIONS = number(process.env.BENCH_CONNECTIONS, 4);
export const THREADS = Math.min(2, CONNECTIONS);
export const APP_PORT = number(process.env.BENCH_PORT, 3399);
export const FLOOR_PORT = APP_PORT - 1;
export const NEXT_BIN = path.join(root, "node_modules/.bin/next");
export const WRK = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => fs.existsSync(p));
export const LUA = path.join(benchDir, "wrk.lua");
export const JSON_HEADERS = { "content-type": "application/json" };
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "auth-bench-wrk-"));
export const log = (line) => console.log(line);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!WRK) {
  console.error("wrk is not installed: apt-get install -y wrk");
  process.exit(2);
}
if (!fs.existsSync(NEXT_BIN)) {
  console.error("node_modules is missing: run npm ci first");
  process.exit(2);
}
