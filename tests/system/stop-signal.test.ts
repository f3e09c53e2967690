import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive, startServer } from "./server";

const PORT = 3261;

/** Every process below `root`, with its command line. */
function descendantsOf(root: number): { pid: number; command: string }[] {
  const table = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), command: match[3]! }));
  const found: { pid: number; command: string }[] = [];
  const parents = [root];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    for (const row of table.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      parents.push(row.pid);
    }
  }
  return found;
}

async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("npm start and signals", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "auth-signal-"));
  const leftovers: number[] = [];

  afterAll(() => {
    for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("SIGTERM to the npm process reaches the server, which drains, exits and releases the data directory", async () => {
    const dataDir = path.join(root, "data");
    // What a user or an orchestrator runs; the signal then goes to the pid it started: npm's. Without the
    // prestart build check, which would rebuild here when the suite's build was made by `next build` alone.
    const npm = spawn("npm", ["start", "--ignore-scripts"], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(PORT), DATA_DIR: dataDir, RATE_LIMIT: "off", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const npmExited = once(npm, "exit");
    leftovers.push(npm.pid!);

    await waitUntil("npm start to answer", async () => {
      if (npm.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      try {
        return (await fetch(`http://127.0.0.1:${PORT}/api/login/`)).status === 405;
      } catch {
        return false;
      }
    });
    const processes = descendantsOf(npm.pid!);
    leftovers.push(...processes.map((p) => p.pid));
    const server = processes.find((p) => /^\S*node .*scripts\/server\.mjs/.test(p.command));
    const database = processes.find((p) => p.command.includes("lib/db/pglite-server.mjs"));
    expect(server, output).toBeDefined();
    expect(database, output).toBeDefined();
    const lockFile = path.join(dataDir, "pglite.lock");
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(server!.pid));

    npm.kill("SIGTERM");
    await npmExited;
    // npm waits for what it started, so once it is gone the server and its database are too.
    await waitUntil("the server to exit", () => !isAlive(server!.pid) && !isAlive(database!.pid), 20);
    expect(fs.existsSync(lockFile)).toBe(false);
    expect(output).not.toContain("[server]"); // no complaint: a drain, not a crash

    // The data directory is free: a new server opens it.
    const again = await startServer(PORT, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    expect((await fetch(`${again.url}/api/login/`)).status).toBe(405);
    await again.stop();
  });
});
