import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newCredentials, postJson, runToExit, startServer } from "./server";

const modeOf = (file: string): string => (fs.statSync(file).mode & 0o777).toString(8);
const NOTICE = /made .* private \(mode 0755 -> 0700\)/g;

/** A command-line tool as an operator runs it (`npm run <name>`), on the environment's database. */
async function runTool(script: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const child = spawn("node_modules/.bin/tsx", ["--conditions=react-server", script, ...args], {
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

/**
 * Every file and directory that a user other than the owner can reach: a path is reachable when every
 * directory above it inside `root`, and `root` itself, lets others in (o+x). Checked from the modes,
 * not by trying: root, which runs these tests, passes every permission check.
 */
function reachableByOthers(root: string): string[] {
  if ((fs.statSync(root).mode & 0o001) === 0) return [];
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    const mine = fs.statSync(full).mode & 0o007 ? [full] : [];
    return entry.isDirectory() ? [...mine, ...reachableByOthers(full)] : mine;
  });
}

// initdb and a server start or a tool run per step: slow on a shared two-core machine.
describe("the embedded database's directory is private", { timeout: 240_000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "auth-private-"));
  fs.chmodSync(root, 0o755); // the parent of a data directory is often readable by all
  const member = newCredentials("private");

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("a server creates DATA_DIR 0700 with its secrets 0600, and nothing PGlite writes is reachable by others", async () => {
    const dataDir = path.join(root, "server", ".data");
    const server = await startServer(4630, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    try {
      expect((await postJson(`${server.url}/api/register/`, member)).status).toBe(201);
      expect(modeOf(dataDir)).toBe("700");
      expect(fs.statSync(dataDir).uid).toBe(process.getuid!());
      expect(modeOf(path.join(dataDir, "secrets.json"))).toBe("600");
      expect(modeOf(path.join(dataDir, "pglite.lock"))).toBe("600");
      expect(modeOf(path.join(dataDir, "pglite.open"))).toBe("600");
      // PGlite's own files stay 0666 inside: the directory is what keeps them private.
      expect(modeOf(path.join(dataDir, "pglite", "PG_VERSION"))).toBe("666");
      expect(reachableByOthers(dataDir)).toEqual([]);
      expect(server.output()).not.toMatch(NOTICE);
    } finally {
      await server.stop();
    }
  });

  it("tightens a DATA_DIR of an earlier version once, says so, and keeps serving its accounts", async () => {
    const dataDir = path.join(root, "server", ".data");
    fs.chmodSync(dataDir, 0o755); // as earlier versions left it
    fs.chmodSync(path.join(dataDir, "pglite"), 0o755);
    const server = await startServer(4631, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    try {
      expect(server.output().match(NOTICE)).toEqual([expect.stringContaining(`made ${dataDir} private`)]);
      expect(modeOf(dataDir)).toBe("700");
      expect(reachableByOthers(dataDir)).toEqual([]);
      expect((await postJson(`${server.url}/api/login/`, { email: member.email, password: member.password })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it.each([
    { tool: "tokens:flush", script: "scripts/tokens-flush.ts", env: (dir: string) => ({ DATA_DIR: dir }) },
    { tool: "keys:rotate", script: "scripts/keys-rotate.ts", env: (dir: string) => ({ DATA_DIR: dir }) },
    { tool: "db:migrate", script: "scripts/db-migrate.ts", env: (dir: string) => ({ DATABASE_URL: `pglite:${path.join(dir, "pglite")}` }) },
  ])("npm run $tool creates a new data directory private", async ({ tool, script, env }) => {
    const dataDir = path.join(root, tool.replace(":", "-"), ".data");
    const run = await runTool(script, env(dataDir));
    expect(run.code, run.output).toBe(0);
    expect(modeOf(dataDir)).toBe("700");
    expect(reachableByOthers(dataDir)).toEqual([]);
    for (const name of fs.readdirSync(dataDir)) {
      if (fs.statSync(path.join(dataDir, name)).isFile()) expect(`${name} ${modeOf(path.join(dataDir, name))}`).toBe(`${name} 600`);
    }
  });

  it.skipIf(process.getuid?.() !== 0)("refuses a DATA_DIR that belongs to another user, naming the fix, and writes nothing into it", async () => {
    const dataDir = path.join(root, "foreign");
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chownSync(dataDir, 65534, 65534); // nobody
    const refused = await runToExit(4632, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`Cannot start: ${dataDir} holds the embedded database and its secrets but belongs to uid 65534`);
    expect(refused.output).toContain(`chown -R 0 ${dataDir}`);
    expect(refused.output).not.toContain("Ready on");
    const tool = await runTool("scripts/tokens-flush.ts", { DATA_DIR: dataDir });
    expect(tool.code).toBe(1);
    expect(tool.output).toContain("belongs to uid 65534");
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(modeOf(dataDir)).toBe("755");
  });

  it("refuses to tighten a readable directory that holds more than the database, naming chmod", async () => {
    const shared = path.join(root, "shared");
    fs.mkdirSync(shared, { mode: 0o755 });
    fs.chmodSync(shared, 0o755);
    fs.writeFileSync(path.join(shared, "notes.txt"), "someone else's\n");
    const refused = await runToExit(4633, { DATABASE_URL: `pglite:${path.join(shared, "db")}`, RATE_LIMIT: "off" });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`can be read by other users (mode 0755), and holds other things too ("notes.txt")`);
    expect(refused.output).toContain(`chmod 700 ${shared}`);
    expect(modeOf(shared)).toBe("755");
    expect(fs.readdirSync(shared)).toEqual(["notes.txt"]);
  });
});
