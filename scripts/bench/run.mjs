// `npm run bench`: drives the production server (scripts/server.mjs on a `next build`) with wrk on
// 127.0.0.1, scenario by scenario, beside two floors (a bare node:http + jose server, and a trivial Next
// route doing the same verification) and argon2id alone; writes a markdown table and JSON to bench/results/.
//   BENCH_SECONDS (10) per scenario, BENCH_WARMUP (2) s before each, BENCH_CONNECTIONS (4),
//   BENCH_DATABASE_URL=postgres://... (or DATABASE_URL=postgres://...): a throwaway database on that server
//   instead of a throwaway embedded PGlite directory. WEB_CONCURRENCY is passed through to the server.
//   BENCH_NODE_ARGS: node flags for the app server (e.g. --cpu-prof --cpu-prof-dir=DIR).
//   --only refresh,login  runs only those scenarios;  --build  rebuilds even when the build looks current.
import "../require-runtime.mjs";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { openBenchDatabase, seedRefreshTokens } from "./db.mjs";
import { countProcesses, killAll, launch, run, sampleRss, stop } from "./procs.mjs";
import { ratio, writeResults } from "./report.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "../..");
process.chdir(root);

const SCENARIOS = ["refresh", "experiment", "login", "register", "page", "page-rotated", "refresh-1e6", "floor-node", "floor-next", "floor-next-refresh", "argon2"];
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(`npm run bench [-- --only ${SCENARIOS.slice(0, 3).join(",")}] [-- --build]\nscenarios: ${SCENARIOS.join(", ")}`);
  process.exit(0);
}
const onlyIndex = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
const only = onlyIndex < 0 ? SCENARIOS : (argv[onlyIndex].split("=")[1] ?? argv[onlyIndex + 1] ?? "").split(",").filter(Boolean);
const unknown = only.filter((id) => !SCENARIOS.includes(id));
if (unknown.length || only.length === 0) {
  console.error(`unknown scenario ${unknown.join(", ") || "(none given)"}; choose from ${SCENARIOS.join(", ")}`);
  process.exit(2);
}
const forceBuild = argv.includes("--build");

const number = (value, fallback) => (value && Number(value) > 0 ? Number(value) : fallback);
const SECONDS = number(process.env.BENCH_SECONDS, 10);
const WARMUP = process.env.BENCH_WARMUP === "0" ? 0 : number(process.env.BENCH_WARMUP, 2);
const CONNECTIONS = number(process.env.BENCH_CONNECTIONS, 4);
const THREADS = Math.min(2, CONNECTIONS);
const APP_PORT = number(process.env.BENCH_PORT, 3399);
const FLOOR_PORT = APP_PORT - 1;
const PASSWORD = "Bench-Pa55word!x";
const NEXT_BIN = path.join(root, "node_modules/.bin/next");
const WRK = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => fs.existsSync(p));
const LUA = path.join(benchDir, "wrk.lua");
const JSON_HEADERS = { "content-type": "application/json" };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "auth-bench-wrk-"));
const log = (line) => console.log(line);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!WRK) {
  console.error("wrk is not installed: apt-get install -y wrk");
  process.exit(2);
}
if (!fs.existsSync(NEXT_BIN)) {
  console.error("node_modules is missing: run npm ci first");
  process.exit(2);
}

// ---- builds ---------------------------------------------------------------------------------------

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

/** Builds with the repo's next binary when there is no build, the sources are newer, or --build. */
async function ensureBuilt(label, projectDir, distDir, sources, extraArgs = []) {
  const buildId = path.join(projectDir, distDir, "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changed = builtAt > 0 && Math.max(...sources.map(newestMtime)) > builtAt;
  const reason = forceBuild ? "--build" : builtAt === 0 ? "no build yet" : changed ? "sources changed since the last build" : null;
  if (!reason) return;
  log(`building ${label} (${reason}) ...`);
  const started = Date.now();
  // A build into another dist dir rewrites the root next-env.d.ts to point at it: put it back afterwards.
  const envFile = path.join(projectDir, "next-env.d.ts");
  const before = fs.existsSync(envFile) ? fs.readFileSync(envFile, "utf8") : null;
  await run(NEXT_BIN, ["build", projectDir, ...extraArgs], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (before !== null && distDir !== ".next") fs.writeFileSync(envFile, before);
  log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// ---- wrk --------------------------------------------------------------------------------------------

let wrkRuns = 0;

/** One wrk run of a spec ({mode, method, path, body, headers, tokens, port}); chained modes use -t = -c. */
async function wrk(spec, seconds) {
  const threads = spec.mode.endsWith("-chain") ? CONNECTIONS : THREADS;
  const env = {
    ...process.env,
    BENCH_MODE: spec.mode,
    BENCH_METHOD: spec.method ?? "GET",
    BENCH_PATH: spec.path,
    BENCH_HEADERS: Object.entries(spec.headers ?? {}).map(([name, value]) => `${name}: ${value}`).join("\n"),
    BENCH_NONCE: `${Date.now().toString(36)}${wrkRuns++}`,
  };
  if (spec.body !== undefined) env.BENCH_BODY = spec.body;
  if (spec.tokens) {
    env.BENCH_TOKENS = path.join(tmp, `tokens-${wrkRuns}`);
    fs.writeFileSync(env.BENCH_TOKENS, `${spec.tokens.join("\n")}\n`);
  }
  const args = ["-t", String(threads), "-c", String(CONNECTIONS), "-d", `${seconds}s`, "--timeout", "10s", "-s", LUA, `http://127.0.0.1:${spec.port}`];
  const output = await run(WRK, args, { env });
  const line = output.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  const r = JSON.parse(line.slice("BENCH_RESULT ".length));
  const socketErrors = Object.values(r.socket_errors).reduce((a, b) => a + b, 0);
  return {
    requests: r.requests,
    rps: r.requests / (r.duration_us / 1e6),
    p50_ms: r.p50_us / 1000,
    p90_ms: r.p90_us / 1000,
    p99_ms: r.p99_us / 1000,
    max_ms: r.max_us / 1000,
    errors: r.non2xx + socketErrors,
    non2xx: r.non2xx,
    socket_errors: r.socket_errors,
    socket_errors_total: socketErrors,
    chain_breaks: spec.mode.endsWith("-chain") ? r.chain_breaks : undefined,
    statuses: r.statuses,
  };
}

// ---- scenarios ---------------------------------------------------------------------------------------

const results = [];

function progress(result) {
  const rss = result.peak_rss ? `  peak RSS ${result.peak_rss.max_process_mb} MB` : "";
  log(
    `  ${result.label.padEnd(52)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50_ms.toFixed(2).padStart(7)} ms  ` +
      `p99 ${result.p99_ms.toFixed(2).padStart(7)} ms  errors ${result.errors}${rss}`,
  );
}

/** Warm-up, then the measured run, each with a freshly prepared spec; RSS of `pid`'s tree throughout. */
async function measure(id, label, pid, prepare, extra = {}) {
  const position = `[${results.length + 1}]`;
  log(`${position} ${label}: ${WARMUP ? `${WARMUP} s warm-up + ` : ""}${SECONDS} s`);
  const stopRss = sampleRss(pid);
  if (WARMUP) await wrk(await prepare(), WARMUP);
  const measured = await wrk(await prepare(), SECONDS);
  const result = { id, label, ...extra, ...measured, peak_rss: stopRss() };
  results.push(result);
  progress(result);
  return result;
}

async function waitForHttp(server, url, init, ok) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const exited = await Promise.race([server.exited, sleep(0).then(() => null)]);
    if (exited) throw new Error(`${server.name} exited (${JSON.stringify(exited)}):\n${server.output.slice(-4_000)}`);
    try {
      if (ok((await fetch(url, init)).status)) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${server.name} did not answer within 180 s:\n${server.output.slice(-4_000)}`);
}

// ---- the app -----------------------------------------------------------------------------------------

const APP_IDS = ["refresh", "experiment", "login", "register", "page", "page-rotated", "refresh-1e6"];
let db;
let app;
let appProcesses = 0;
const storedTokens = {};

async function startApp() {
  const env = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(APP_PORT),
    HOST: "127.0.0.1",
    HOSTNAME_BIND: "127.0.0.1",
    RATE_LIMIT: "off",
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Started the way `npm start` starts it (package.json's "start": its environment settings and node flags).
  // BENCH_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (workers inherit them).
  const words = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.start.split(/\s+/);
  const node = words.indexOf("node");
  for (const setting of words.slice(0, node)) env[setting.slice(0, setting.indexOf("="))] = setting.slice(setting.indexOf("=") + 1);
  const extraNodeArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  app = launch("the app server", process.execPath, [...extraNodeArgs, ...words.slice(node + 1)], env);
  // An invalid login body is answered 400 once the app runs, before any database work.
  const init = { method: "POST", headers: JSON_HEADERS, body: "{}" };
  await waitForHttp(app, `http://127.0.0.1:${APP_PORT}/api/login/`, init, (status) => status < 500);
  return app;
}

async function api(pathname, body, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${APP_PORT}${pathname}`, { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

const user = { email: `bench-${Date.now().toString(36)}@bench.test`, user_name: `bench-${Date.now().toString(36)}` };

/** A verified account, through the public API: register, read the code off the console email, verify. */
async function createVerifiedUser() {
  const registered = expect(await api("/api/register/", { ...user, password: PASSWORD, password2: PASSWORD }), 201, "register the bench user");
  const pattern = new RegExp(`To: ${user.email.replace(/[.+]/g, "\\$&")}[\\s\\S]*?verification code is (\\d{6})`);
  let code;
  for (let i = 0; i < 100 && !code; i++, await sleep(100)) code = pattern.exec(app.output)?.[1];
  if (!code) throw new Error(`no verification code on the server console for ${user.email} (is RESEND_API_KEY set?)`);
  expect(await api("/api/verify/", { email: user.email, otp: code }, { authorization: `Bearer ${registered.access}` }), 200, "verify");
}

const login = async () => expect(await api("/api/login/", { email: user.email, password: PASSWORD }), 200, "log in");
/** One fresh session per connection, so every connection follows a rotation chain of its own. */
const chains = async () => {
  const pairs = [];
  for (let i = 0; i < CONNECTIONS; i++) pairs.push(await login());
  return pairs.map((pair) => pair.refresh);
};

const appSpecs = {
  refresh: async () => ({ mode: "refresh-chain", method: "POST", path: "/api/refresh/", headers: JSON_HEADERS, tokens: await chains() }),
  experiment: async () => ({ mode: "static", method: "POST", path: "/api/experiment/", headers: { authorization: `Bearer ${(await login()).access}` } }),
  login: async () => ({ mode: "static", method: "POST", path: "/api/login/", headers: JSON_HEADERS, body: JSON.stringify({ email: user.email, password: PASSWORD }) }),
  register: async () => ({ mode: "register", method: "POST", path: "/api/register/", headers: JSON_HEADERS }),
  page: async () => ({ mode: "static", path: "/dashboard", headers: { cookie: `access=${(await login()).access}` } }),
  "page-rotated": async () => ({ mode: "cookie-chain", path: "/dashboard", tokens: await chains() }),
};
appSpecs["refresh-1e6"] = appSpecs.refresh;

const STORED = { refresh: 1_000, "refresh-1e6": 1_000_000 };
const LABELS = {
  refresh: "refresh, rotation chain per connection, 10^3 tokens",
  experiment: "protected POST /api/experiment/",
  login: "login (argon2id verify)",
  register: "register (argon2id hash, console email)",
  page: "GET /dashboard, valid access cookie",
  "page-rotated": "GET /dashboard, silent rotation (refresh cookie)",
  "refresh-1e6": "refresh, rotation chain per connection, 10^6 tokens",
};

/** Tops the stored refresh tokens up to `target` (PGlite: with the server stopped, it owns the directory). */
async function ensureStoredTokens(target) {
  const started = Date.now();
  if (db.sqlNeedsStoppedServer) await stop(app);
  const stored = await seedRefreshTokens(db, target);
  log(`  ${stored.toLocaleString("en")} stored refresh tokens (seeded in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (db.sqlNeedsStoppedServer) await startApp();
  return stored;
}

async function benchApp() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const sources = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.js", "package-lock.json", "tsconfig.json"];
  await ensureBuilt("the app", root, distDir, sources);
  db = await openBenchDatabase(log);
  if (db.kind === "postgres") {
    // The server migrates only an embedded database itself; PostgreSQL is migrated as a deploy step.
    const tsx = path.join(root, "node_modules/.bin/tsx");
    log((await run(tsx, ["--conditions=react-server", "scripts/db-migrate.ts"], { env: { ...process.env, DATABASE_URL: db.url } })).trim());
  }
  log(`starting the app on ${db.label} ...`);
  const startedAt = Date.now();
  const ready = startApp(); // launches synchronously, so app.child is there now
  const stopRss = sampleRss(app.child.pid);
  await ready;
  await createVerifiedUser();
  const startup = { id: "startup", label: "first start (creates the database) + setup", rps: null, errors: null, peak_rss: stopRss() };
  log(`  ready and set up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s, peak RSS ${startup.peak_rss.max_process_mb} MB`);
  const rows = [startup];
  for (const id of APP_IDS.filter((x) => only.includes(x))) {
    const extra = {};
    if (STORED[id]) extra.stored_refresh_tokens = storedTokens[id] = await ensureStoredTokens(STORED[id]);
    const prepare = async () => ({ ...(await appSpecs[id]()), port: APP_PORT });
    rows.push(await measure(id, LABELS[id], app.child.pid, prepare, extra));
    appProcesses = Math.max(appProcesses, countProcesses(app.child.pid));
  }
  await stop(app);
  return rows;
}

// ---- floors and argon2 -------------------------------------------------------------------------------

async function benchFloors() {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  const jwk = JSON.stringify(await exportJWK(publicKey));
  const privateJwk = JSON.stringify(await exportJWK(privateKey));
  const token = await new SignJWT({ token_type: "access", user_id: "00000000-0000-4000-8000-000000000001", verified: true })
    .setProtectedHeader({ alg: "EdDSA", kid: "bench" })
    .setIssuer("next-jwt-auth")
    .setAudience("next-jwt-auth")
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime("1h")
    .sign(privateKey);
  const appWorkers = appProcesses > 1 ? appProcesses - 1 : 1;
  const counts = [...new Set([1, 2, appWorkers, number(process.env.WEB_CONCURRENCY, 1)])].sort((a, b) => a - b);
  const floorDir = path.join(benchDir, "floor-next");
  const protectedSpec = { mode: "static", method: "POST", path: "/api/floor", headers: { authorization: `Bearer ${token}` }, port: FLOOR_PORT };
  const refreshSpec = { mode: "static", method: "POST", path: "/api/floor-refresh", headers: JSON_HEADERS, body: JSON.stringify({ refresh: token }), port: FLOOR_PORT };
  const floors = [
    { id: "floor-node", label: "floor: node:http + jose", entry: path.join(benchDir, "floor-node.mjs"), spec: protectedSpec },
    { id: "floor-next", label: "floor: trivial Next route + jose", entry: path.join(floorDir, "server.mjs"), spec: protectedSpec },
    // What a refresh costs in Next without the database: body, one verify, two signs, the JSON answer.
    { id: "floor-next-refresh", label: "floor: Next route, refresh without database", entry: path.join(floorDir, "server.mjs"), spec: refreshSpec },
  ].filter((floor) => only.includes(floor.id));
  if (floors.some((floor) => floor.entry.startsWith(floorDir))) {
    // webpack: Turbopack takes its root from the repository's lockfile and then bundles the app's own
    // proxy.ts and instrumentation.ts (PGlite and all) into the floor.
    const sources = [path.join(floorDir, "app"), path.join(floorDir, "next.config.mjs"), path.join(benchDir, "claims.mjs")];
    await ensureBuilt("the Next floor", floorDir, ".next", sources, ["--webpack"]);
  }
  const rows = [];
  for (const floor of floors) {
    for (const workers of counts) {
      const env = { ...process.env, NODE_ENV: "production", PORT: String(FLOOR_PORT), WORKERS: String(workers), FLOOR_PUBLIC_JWK: jwk, FLOOR_PRIVATE_JWK: privateJwk, NEXT_TELEMETRY_DISABLED: "1" };
      const server = launch(floor.id, process.execPath, [floor.entry], env);
      try {
        const { spec } = floor;
        const init = { method: "POST", headers: spec.headers, body: spec.body };
        await waitForHttp(server, `http://127.0.0.1:${FLOOR_PORT}${spec.path}`, init, (status) => status === 200);
        const label = `${floor.label}, ${workers} process${workers > 1 ? "es (cluster)" : ""}`;
        rows.push(await measure(floor.id, label, server.child.pid, async () => spec, { workers }));
      } finally {
        await stop(server);
      }
    }
  }
  return rows;
}

/** The app's argon2 parameters, read from lib/auth/password.ts so the two never drift apart. */
function argon2Params() {
  const source = fs.readFileSync(path.join(root, "lib/auth/password.ts"), "utf8");
  const read = (name, fallback) => Number(new RegExp(`${name}:\\s*([\\d_]+)`).exec(source)?.[1].replaceAll("_", "") ?? fallback);
  return { memoryCost: read("memoryCost", 19_456), timeCost: read("timeCost", 2), parallelism: read("parallelism", 1) };
}

async function benchArgon2() {
  const params = argon2Params();
  const label = `argon2id hash alone (m=${params.memoryCost} t=${params.timeCost} p=${params.parallelism}), hashes/s`;
  log(`[${results.length + 1}] ${label}: ${SECONDS} s`);
  const env = { ...process.env, ARGON2_PARAMS: JSON.stringify(params), CONCURRENCY: String(CONNECTIONS), SECONDS: String(SECONDS) };
  const worker = launch("argon2", process.execPath, [path.join(benchDir, "argon2.mjs")], env);
  const stopRss = sampleRss(worker.child.pid);
  const { code } = await worker.exited;
  if (code !== 0) throw new Error(`argon2 bench failed:\n${worker.output}`);
  const measured = JSON.parse(worker.output.trim().split("\n").pop());
  const result = { id: "argon2", label, params, ...measured, peak_rss: stopRss() };
  results.push(result);
  progress(result);
  return [result];
}

// ---- main -----------------------------------------------------------------------------------------------

let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  killAll();
  fs.rmSync(tmp, { recursive: true, force: true });
  await Promise.race([Promise.resolve(db?.close()).catch(() => {}), sleep(5_000)]);
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

const find = (id, predicate = () => true) => results.find((r) => r.id === id && predicate(r));

function ratios() {
  const appWorkers = appProcesses > 1 ? appProcesses - 1 : 1;
  const sameWorkers = (r) => r.workers === appWorkers;
  const experiment = find("experiment");
  const refresh = find("refresh");
  const page = find("page");
  const rotated = find("page-rotated");
  return [
    ratio(`experiment / Next floor (${appWorkers} process${appWorkers > 1 ? "es" : ""}), req/s`, experiment?.rps, find("floor-next", sameWorkers)?.rps, "≥ 0.7 on PGlite (1 process), ≥ 0.8 on PostgreSQL with 2 workers"),
    ratio(`experiment / node:http floor (${appWorkers} process${appWorkers > 1 ? "es" : ""}), req/s`, experiment?.rps, find("floor-node", sameWorkers)?.rps, "(context)"),
    ratio("refresh / Django original (248 req/s)", refresh?.rps, 248, "≥ 2 on PGlite, ≥ 3 on PostgreSQL"),
    ratio("login / argon2id hash alone, per second", find("login")?.rps, find("argon2")?.rps, "≥ 0.85"),
    ratio("refresh p50, 10^6 / 10^3 stored tokens", find("refresh-1e6")?.p50_ms, refresh?.p50_ms, "≤ 1.3"),
    ratio("page p50, silent rotation / valid cookie", rotated?.p50_ms, page?.p50_ms, "≤ 1.3"),
    ratio("page req/s, valid cookie / silent rotation", page?.rps, rotated?.rps, "(context)"),
  ];
}

let exitCode = 0;
try {
  const rows = [];
  if (APP_IDS.some((id) => only.includes(id))) rows.push(...(await benchApp()));
  if (only.some((id) => id.startsWith("floor-"))) rows.push(...(await benchFloors()));
  if (only.includes("argon2")) rows.push(...(await benchArgon2()));
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
    app_processes: appProcesses || null,
    stored_refresh_tokens: storedTokens,
    only,
  };
  const { markdown, files } = writeResults(path.join(root, "bench/results"), meta, rows, ratios());
  log(`\n${markdown}`);
  log(`written: ${files.map((f) => path.relative(root, f)).join(", ")}`);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.stack : error}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
