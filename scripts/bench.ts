// `npm run bench`: starts the production server (needs `npm run build`) on 127.0.0.1 and measures the
// hot endpoints with a bounded keep-alive load from this process. Loopback only; stops by itself.
//   BENCH_SECONDS (default 5) per scenario, BENCH_CONCURRENCY (default 16), DATABASE_URL as for the app
//   (default: a throwaway embedded database in a temp directory).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const port = 3399;
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-bench-"));

function post(pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers } },
      (res) => {
        let data = "";
        res.on("data", (chunk: Buffer) => (data += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function scenario(name: string, makeRequest: (i: number) => Promise<{ status: number }>, expected: number): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const res = await makeRequest(counter++);
        latencies.push(performance.now() - started);
        if (res.status !== expected) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const rps = latencies.length / seconds;
  console.log(
    `${name.padEnd(34)} ${rps.toFixed(0).padStart(6)} req/s   p50 ${percentile(latencies, 50).toFixed(1).padStart(6)} ms   ` +
      `p95 ${percentile(latencies, 95).toFixed(1).padStart(6)} ms   p99 ${percentile(latencies, 99).toFixed(1).padStart(6)} ms   errors ${errors}`,
  );
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await post("/api/login/", {})).status === 400) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

const server = spawn(process.execPath, ["scripts/server.mjs"], {
  env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", RATE_LIMIT: "off", DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});

try {
  await waitForServer();
  const db = process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "embedded PGlite";
  console.log(`Benchmark: ${db}, ${concurrency} connections, ${seconds} s per scenario, ${os.cpus().length} cores (client and server share them)\n`);
  const password = "Bench-Pa55word!x";
  const users: { email: string; refresh: string; access: string }[] = [];
  for (let i = 0; i < concurrency * 4; i++) {
    const email = `bench-${Date.now()}-${i}@example.test`;
    const res = await post("/api/register/", { email, user_name: `bench${Date.now()}${i}`, password, password2: password });
    const body = JSON.parse(res.body);
    users.push({ email, refresh: body.refresh, access: body.access });
  }

  await scenario("POST /api/experiment/ (403, DB check)", (i) => post("/api/experiment/", {}, { authorization: `Bearer ${users[i % users.length]!.access}` }), 403);
  await scenario("POST /api/refresh/ (rotation)", async (i) => {
    const user = users[i % users.length]!;
    const res = await post("/api/refresh/", { refresh: user.refresh });
    if (res.status === 200) user.refresh = JSON.parse(res.body).refresh;
    return res;
  }, 200);
  await scenario("POST /api/login/ (argon2id)", (i) => post("/api/login/", { email: users[i % users.length]!.email, password }), 200);
  await scenario("POST /api/login/ wrong password", (i) => post("/api/login/", { email: users[i % users.length]!.email, password: "wrong-password" }), 401);
  await scenario("POST /api/register/ (argon2id + email)", (i) => post("/api/register/", { email: `r${i}-${Date.now()}@example.test`, user_name: `r${i}x${Date.now()}`, password, password2: password }), 201);
  await scenario("POST /api/login/ invalid JSON (400)", () => post("/api/login/", { email: 1 }), 400);
} finally {
  server.kill("SIGTERM");
  agent.destroy();
  setTimeout(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }, 500);
}
