import { execFileSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive, newCredentials, postJson, runToExit, startServer, type RunningServer } from "./server";

/** The processes `parent` has started, with their command lines. */
function childrenOf(parent: number): { pid: number; command: string }[] {
  try {
    return execFileSync("ps", ["--ppid", String(parent), "-o", "pid=,args="], { encoding: "utf8" })
      .split("\n")
      .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ pid: Number(match[1]), command: match[2]! }));
  } catch {
    return []; // ps exits 1 when there are none
  }
}

async function waitUntil(what: string, probe: () => boolean, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const databaseProcessOf = (server: RunningServer) => childrenOf(server.process.pid!).find((child) => child.command.includes("lib/db/pglite-server.mjs"));

describe("embedded database", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "auth-embedded-"));
  const servers: RunningServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses a second server on the same data directory with a clear error, and keeps serving the first", async () => {
    const dataDir = path.join(root, "lock");
    const first = await startServer(3221, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    servers.push(first);
    const second = await runToExit(3222, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`is in use by process ${first.process.pid}`);
    const res = await fetch(`${first.url}/api/login/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.test", password: "whatever-1" }),
    });
    expect(res.status).toBe(401);
  });

  it("runs the database in a process of its own, which closes with the server and keeps what was written", async () => {
    const dataDir = path.join(root, "own-process");
    const server = await startServer(3223, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    servers.push(server);
    expect(server.output()).toContain("embedded database: 1 server process and the database's own process");
    const database = databaseProcessOf(server);
    expect(database).toBeDefined();
    const creds = newCredentials("own");
    expect((await postJson(`${server.url}/api/register/`, creds)).status).toBe(201);

    await server.stop();
    // The server waits for its database to close before it exits.
    expect(isAlive(database!.pid)).toBe(false);
    const again = await startServer(3223, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    servers.push(again);
    expect((await postJson(`${again.url}/api/login/`, { email: creds.email, password: creds.password })).status).toBe(200);
  });

  it("a server killed with -9 leaves no database process behind, and the next server opens the data", async () => {
    const dataDir = path.join(root, "killed");
    const server = await startServer(3224, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    const creds = newCredentials("killed");
    expect((await postJson(`${server.url}/api/register/`, creds)).status).toBe(201);
    const database = databaseProcessOf(server)!;
    await server.stop("SIGKILL");
    await waitUntil("the orphaned database process to close and exit", () => !isAlive(database.pid));
    const next = await startServer(3224, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    servers.push(next);
    expect((await postJson(`${next.url}/api/login/`, { email: creds.email, password: creds.password })).status).toBe(200);
  });

  it("stops with exit 1 and says why when its database process dies", async () => {
    const server = await startServer(3225, { DATA_DIR: path.join(root, "database-dies"), RATE_LIMIT: "off" });
    servers.push(server);
    const exited = once(server.process, "exit");
    process.kill(databaseProcessOf(server)!.pid, "SIGKILL");
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
    expect(server.output()).toContain("the embedded database's process was killed by SIGKILL; stopping.");
  });
});
