import { execFileSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, pgTarget } from "../../lib/db/migrate";
import { newCredentials, postJson, runToExit, startServer, type RunningServer } from "./server";
import { skipUnless } from "../support/skip";

const databaseUrl = process.env.TEST_DATABASE_URL;

/** The server processes a primary has forked (its child processes). */
function workersOf(primary: number): number[] {
  try {
    return execFileSync("ps", ["--ppid", String(primary), "-o", "pid="], { encoding: "utf8" })
      .split("\n")
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

function environmentOf(pid: number): Record<string, string> {
  const pairs = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
}

async function waitFor<T>(what: string, probe: () => T | undefined, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GET on a new connection each time, so the request goes wherever the primary sends a new client. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, timeout: 10_000 }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("timeout", function (this: http.ClientRequest) {
        this.destroy(new Error(`no answer from ${url}`));
      })
      .on("error", reject);
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** How one request under load ended: an answer, or a failure (reset, refused), or nothing at all. */
type Outcome = { status: number } | { error: string } | { hung: true };

/**
 * GET on a new connection with no timeout of Node's: a request the server leaves unanswered stays
 * pending until `giveUpMs`, far longer than any answer or failure takes here, and is reported as hung.
 */
function outcomeOf(url: string, giveUpMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => (clearTimeout(timer), resolve({ status: res.statusCode ?? 0 })));
      // A reset after the headers: Node's "aborted" carries the code ECONNRESET, as a reset before them does.
      res.on("error", (error: NodeJS.ErrnoException) => (clearTimeout(timer), resolve({ error: error.code ?? error.message })));
    });
    req.on("error", (error: NodeJS.ErrnoException) => (clearTimeout(timer), resolve({ error: error.code ?? error.message })));
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ hung: true });
    }, giveUpMs);
  });
}

describe("several server processes on PostgreSQL", skipUnless(Boolean(databaseUrl), "needs PostgreSQL: TEST_DATABASE_URL is unset"), () => {
  let cleanup: RunningServer | undefined;

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await applyMigrations(pgTarget(client));
    await client.end();
  });

  afterEach(async () => {
    await cleanup?.stop();
    cleanup = undefined;
  });

  it("runs WEB_CONCURRENCY workers, housekeeping in one of them, and replaces one killed with -9 while the other keeps serving", async () => {
    const server = await startServer(3251, { DATABASE_URL: databaseUrl!, WEB_CONCURRENCY: "2", RATE_LIMIT: "off" });
    cleanup = server;
    const primary = server.process.pid!;
    expect(server.output()).toContain("PostgreSQL: 2 server processes");
    const workers = await waitFor("two workers", () => (workersOf(primary).length === 2 ? workersOf(primary) : undefined));
    expect(workers.map((pid) => environmentOf(pid).HOUSEKEEPING).sort()).toEqual(["off", "on"]);
    await waitFor("Ready", () => (server.output().includes("> Ready on") ? true : undefined));

    const housekeeper = workers.find((pid) => environmentOf(pid).HOUSEKEEPING === "on")!;
    process.kill(housekeeper, "SIGKILL");
    // Connections the primary handed to the killed process before it noticed are lost with it; after that, none.
    await waitFor("the primary to notice", () => (server.output().includes(`server process ${housekeeper} was killed by SIGKILL`) ? true : undefined));
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push(await freshGet(`${server.url}/api/login/`));
    expect(statuses).toEqual(Array(20).fill(405));

    const replaced = await waitFor("a replacement worker", () => {
      const now = workersOf(primary);
      return now.length === 2 && !now.includes(housekeeper) ? now : undefined;
    });
    // The replacement took over the housekeeping: still exactly one worker does it.
    expect(replaced.map((pid) => environmentOf(pid).HOUSEKEEPING).sort()).toEqual(["off", "on"]);
    const replacement = replaced.find((pid) => !workers.includes(pid))!;
    expect(environmentOf(replacement).HOUSEKEEPING).toBe("on");
    // It serves: the old worker is gone too, and requests still succeed.
    await waitFor("the replacement to be ready", () => (server.output().includes(`server process ${replacement} is ready`) ? true : undefined));
    const survivor = replaced.find((pid) => pid !== replacement)!;
    process.kill(survivor, "SIGKILL");
    await waitFor("the primary to notice", () => (server.output().includes(`server process ${survivor} was killed by SIGKILL`) ? true : undefined));
    const after = [];
    for (let i = 0; i < 10; i++) after.push(await freshGet(`${server.url}/api/login/`));
    expect(after).toEqual(Array(10).fill(405));
  });

  it("SIGTERM drains: a login already in flight completes with 200, new connections are refused, the primary exits 0", async () => {
    const port = 3252;
    const server = await startServer(port, { DATABASE_URL: databaseUrl!, WEB_CONCURRENCY: "2", RATE_LIMIT: "off" });
    cleanup = server;
    const creds = newCredentials("drain");
    expect((await postJson(`${server.url}/api/register/`, creds)).status).toBe(201);

    // The request is in flight: headers and half the body are sent, the rest comes after the SIGTERM.
    const body = JSON.stringify({ email: creds.email, password: creds.password });
    const socket = net.connect(port, "127.0.0.1");
    await once(socket, "connect");
    let response = "";
    socket.on("data", (chunk: Buffer) => (response += chunk.toString()));
    socket.write(
      `POST /api/login/ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((r) => setTimeout(r, 500));

    const exited = once(server.process, "exit");
    server.process.kill("SIGTERM");
    await waitFor("the drain to start", () => (server.output().includes("SIGTERM: draining 2 server processes") ? true : undefined));
    // Each worker says when it closed its listening socket (a loaded machine may take a while to deliver the signal).
    await waitFor("both workers to stop accepting", () => (server.output().match(/server process \d+ stopped accepting connections/g)?.length === 2 ? true : undefined));
    expect(server.process.exitCode).toBeNull();
    expect(await connects(port)).toBe(false);

    socket.write(body.slice(10));
    await once(socket, "end");
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('"access":"');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it("gives up with exit 1 when replacements keep dying before they are ready, instead of looping", async () => {
    const server = await startServer(3258, { DATABASE_URL: databaseUrl!, WEB_CONCURRENCY: "2", RATE_LIMIT: "off" });
    cleanup = server;
    const primary = server.process.pid!;
    const exited = once(server.process, "exit");
    // One worker answering is not the cluster being ready: a worker killed before "Ready" stops the whole server.
    await waitFor("Ready", () => (server.output().includes("> Ready on") ? true : undefined));
    const original = await waitFor("two workers", () => (workersOf(primary).length === 2 ? workersOf(primary) : undefined));
    process.kill(original[0]!, "SIGKILL");
    // Every replacement is killed as soon as it appears, long before it could listen.
    const killed = new Set([original[0]]);
    while (server.process.exitCode === null) {
      for (const pid of workersOf(primary)) {
        if (pid !== original[1] && !killed.has(pid)) {
          killed.add(pid);
          process.kill(pid, "SIGKILL");
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
    expect(server.output()).toContain("5 replacement server processes in a row died before they were ready (the last was killed by SIGKILL); giving up.");
  });

  it("under load, kill -9 of a worker leaves no request hanging: each one is answered or fails at once", async () => {
    const server = await startServer(3259, { DATABASE_URL: databaseUrl!, WEB_CONCURRENCY: "2", RATE_LIMIT: "off" });
    cleanup = server;
    const primary = server.process.pid!;
    await waitFor("Ready", () => (server.output().includes("> Ready on") ? true : undefined));
    expect(server.output()).toMatch(/> Ready on \S+ \(Node \d+\.\d+\.\d+, 2 processes, each listening on the port\)/);
    // The primary holds no listening socket of its own: the kernel hands each connection to a worker.
    const listeners = execFileSync("ss", ["-Htlnp", "sport = :3259"], { encoding: "utf8" });
    expect(listeners).not.toContain(`pid=${primary},`);
    expect(listeners.match(/pid=\d+,/g)).toHaveLength(2);

    // Eight clients, each on a new connection every time, until three workers have been killed under them.
    const outcomes: Outcome[] = [];
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) outcomes.push(await outcomeOf(`${server.url}/api/login/`, 30_000));
    });
    const killed: number[] = [];
    let workers = await waitFor("two workers", () => (workersOf(primary).length === 2 ? workersOf(primary) : undefined));
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 1_000)); // load on both
      const [victim, survivor] = workers as [number, number];
      killed.push(victim);
      process.kill(victim, "SIGKILL");
      const replacement = await waitFor("the replacement to be ready", () => {
        const fresh = workersOf(primary).find((pid) => pid !== survivor && !killed.includes(pid));
        return fresh && server.output().includes(`server process ${fresh} is ready`) ? fresh : undefined;
      }, 90);
      workers = [survivor, replacement];
    }
    loading = false;
    await Promise.all(clients);

    expect(outcomes.filter((outcome) => "hung" in outcome)).toEqual([]);
    const answered = outcomes.filter((outcome) => "status" in outcome);
    expect(answered.every((outcome) => outcome.status === 405)).toBe(true);
    // Failures are the connections the killed workers held (reset) and nothing else.
    const failures = outcomes.filter((outcome) => "error" in outcome);
    expect(failures.every((outcome) => ["ECONNRESET", "ECONNREFUSED", "socket hang up"].includes(outcome.error)), JSON.stringify(failures)).toBe(true);
    expect(answered.length).toBeGreaterThan(failures.length);
  });

  it("refuses to start when the port is taken, instead of sharing it with whatever holds it", async () => {
    const blocker = net.createServer();
    // Another server whose sockets share the port: workers binding with reusePort would silently join it.
    await new Promise<void>((resolve) => blocker.listen({ port: 3260, host: "127.0.0.1", reusePort: true }, resolve));
    try {
      const result = await runToExit(3260, { DATABASE_URL: databaseUrl!, WEB_CONCURRENCY: "2", RATE_LIMIT: "off" });
      expect(result.code).toBe(1);
      expect(result.output).toContain("Cannot start: 127.0.0.1:3260 is already in use.");
      expect(result.output).not.toContain("Ready");
    } finally {
      blocker.close();
    }
  });

  it("a bad setting stops every worker before Ready and exits 1, once", async () => {
    const result = await runToExit(3253, { DATABASE_URL: databaseUrl!, WEB_CONCURRENCY: "2", ACCESS_TOKEN_LIFETIME: "abc" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("ACCESS_TOKEN_LIFETIME");
    expect(result.output).toContain("before it was ready; stopping");
    expect(result.output).not.toContain("Ready");
    expect(result.output).not.toContain("replacement");
  });
});

describe("start-up checks and the process count", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-cluster-"));

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("on the embedded database WEB_CONCURRENCY=2 runs one process and says so", async () => {
    const server = await startServer(3254, { DATABASE_URL: `pglite:${path.join(dataDir, "db")}`, WEB_CONCURRENCY: "2", RATE_LIMIT: "off" });
    try {
      expect(server.output()).toContain("embedded database: 1 server process and the database's own process (WEB_CONCURRENCY=2 ignored");
      // No cluster workers: the one process under the server is the database's.
      const children = workersOf(server.process.pid!);
      expect(children).toHaveLength(1);
      expect(fs.readFileSync(`/proc/${children[0]}/cmdline`, "utf8")).toContain("lib/db/pglite-server.mjs");
      expect(await freshGet(`${server.url}/api/login/`)).toBe(405);
    } finally {
      await server.stop();
    }
  });

  it("prints the first administrator's setup link at APP_URL, where the pages are opened, and Ready at the address it listens on", async () => {
    const server = await startServer(3264, { DATABASE_URL: `pglite:${path.join(dataDir, "app-url")}`, APP_URL: "https://auth.example.test/", RATE_LIMIT: "off" });
    try {
      await waitFor("the setup link", () => (server.output().includes("/setup#") ? true : undefined));
      expect(server.output()).toContain("> Ready on http://127.0.0.1:3264 (Node");
      expect(server.output()).toMatch(/>\s+https:\/\/auth\.example\.test\/setup#[\w-]+/);
    } finally {
      await server.stop();
    }
  });

  it("an invalid setting exits 1 with the message and never prints Ready", async () => {
    const result = await runToExit(3255, { DATABASE_URL: "pglite:memory", ACCESS_TOKEN_LIFETIME: "abc" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("Cannot start: Invalid environment");
    expect(result.output).toContain("ACCESS_TOKEN_LIFETIME");
    expect(result.output).not.toContain("Ready");
  });

  it("an unreachable PostgreSQL exits 1 and never prints Ready", async () => {
    const result = await runToExit(3256, { DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:1/none", WEB_CONCURRENCY: "2" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("Cannot start");
    expect(result.output).not.toContain("Ready");
  });

  it("WEB_CONCURRENCY that is not a number of processes is refused", async () => {
    const result = await runToExit(3257, { DATABASE_URL: "pglite:memory", WEB_CONCURRENCY: "many" });
    expect(result.code).toBe(1);
    expect(result.output).toContain('WEB_CONCURRENCY must be a whole number of processes, 1 or more (got "many")');
  });
});
