// The app's scenarios: the production server started as `npm start` starts it, on the bench's database, a
// verified bench user made through the public API, then each scenario's wrk spec, measured in turn.
import fs from "node:fs";
import path from "node:path";
import { openBenchDatabase, seedRefreshTokens } from "./db.mjs";
import { ensureBuilt, measure, waitForHttp } from "./measure.mjs";
import { countProcesses, launch, run, sampleRss, stop } from "./procs.mjs";
import { APP_PORT, CONNECTIONS, JSON_HEADERS, log, only, root, sleep } from "./settings.mjs";

export const APP_IDS = ["refresh", "experiment", "login", "register", "page", "page-rotated", "refresh-1e6"];
const PASSWORD = "Bench-Pa55word!x";

/** What the app's run leaves for the report: its database, the most processes seen, stored tokens. */
export const appRun = { db: undefined, processes: 0, storedTokens: {} };
let app;

async function startApp() {
  const env = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(APP_PORT),
    HOST: "127.0.0.1",
    HOSTNAME_BIND: "127.0.0.1",
    RATE_LIMIT: "off",
    DATABASE_URL: appRun.db.url,
    DATA_DIR: appRun.db.dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // Started the way `npm start` starts it (package.json's "start": its environment settings and node flags).
  // BENCH_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (workers inherit them).
  const words = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.start.split(/\s+/);
  const node = words.indexOf("node");
  // Its words before `node` are settings (NAME=value) and the shell's `exec`.
  for (const setting of words.slice(0, node).filter((word) => word.includes("="))) env[setting.slice(0, setting.indexOf("="))] = setting.slice(setting.indexOf("=") + 1);
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
  const { db } = appRun;
  const started = Date.now();
  if (db.sqlNeedsStoppedServer) await stop(app);
  const stored = await seedRefreshTokens(db, target);
  log(`  ${stored.toLocaleString("en")} stored refresh tokens (seeded in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (db.sqlNeedsStoppedServer) await startApp();
  return stored;
}

export async function benchApp() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const sources = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.js", "package-lock.json", "tsconfig.json"];
  await ensureBuilt("the app", root, distDir, sources);
  const db = (appRun.db = await openBenchDatabase(log));
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
    if (STORED[id]) extra.stored_refresh_tokens = appRun.storedTokens[id] = await ensureStoredTokens(STORED[id]);
    const prepare = async () => ({ ...(await appSpecs[id]()), port: APP_PORT });
    rows.push(await measure(id, LABELS[id], app.child.pid, prepare, extra));
    appRun.processes = Math.max(appRun.processes, countProcesses(app.child.pid));
  }
  await stop(app);
  return rows;
}
