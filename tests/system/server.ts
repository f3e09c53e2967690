import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import pg from "pg";
import { applyMigrations, pgTarget } from "../../lib/db/migrate";

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function spawnServer(port: number, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["scripts/server.mjs"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Starts the production server (`node scripts/server.mjs`, needs a build) and waits until it answers. */
export async function startServer(port: number, env: Record<string, string>): Promise<RunningServer> {
  const { child, output: readOutput } = spawnServer(port, env);
  const url = `http://127.0.0.1:${port}`;
  // As long as the server gives its database to open: a new data directory runs initdb, slow on a loaded machine.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited: ${readOutput()}`);
    try {
      const res = await fetch(`${url}/api/login/`, { method: "GET" });
      if (res.status === 405) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // Left running, it would keep the port and answer the next run's probe in place of a fresh server.
      child.kill("SIGKILL");
      throw new Error(`server on ${port} did not start: ${readOutput()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    process: child,
    output: readOutput,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
    },
  };
}

/** Waits for a process that is expected to exit on its own; returns its code and output. */
export async function runToExit(port: number, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(port, env);
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output: output() };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export function newCredentials(tag: string): { email: string; user_name: string; password: string; password2: string } {
  const id = `${tag}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const password = `Zq7!${Math.random().toString(36).slice(2, 10)}-Pw`;
  return { email: `${id}@example.test`, user_name: id, password, password2: password };
}

/** Migrates the PostgreSQL test database; `clearRateLimits` drops earlier runs' counters (all from 127.0.0.1). */
export async function migratePostgres(url: string, options: { clearRateLimits?: boolean } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyMigrations(pgTarget(client));
    if (options.clearRateLimits) await client.query("DELETE FROM rate_limits");
  } finally {
    await client.end();
  }
}

/** Whether a process with this pid still exists (signal 0 only asks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
