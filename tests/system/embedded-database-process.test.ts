import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The embedded database's own process (lib/db/pglite-server.mjs), driven over its socket with pg, the way
// the server's pool drives it. Started standalone (no IPC channel), so SIGTERM stops it.
describe("the embedded database's process", () => {
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-dbproc-"));
  let database: ChildProcess;
  let output = "";
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ host: socketDir, port: 5432, ssl: false, user: "postgres", database: "postgres" });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    database = spawn(process.execPath, ["lib/db/pglite-server.mjs", "memory", socketDir], { stdio: ["ignore", "pipe", "pipe"] });
    database.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    database.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(path.join(socketDir, ".s.PGSQL.5432"))) {
      if (database.exitCode !== null || Date.now() > deadline) throw new Error(`the database process did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 70_000);

  afterAll(async () => {
    if (database.exitCode === null) {
      const exited = once(database, "exit");
      database.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(socketDir, { recursive: true, force: true });
  });

  it("answers results far larger than a socket buffer intact", async () => {
    const client = await connect();
    try {
      const { rows } = await client.query("SELECT string_agg(md5(i::text), '' ORDER BY i) AS text FROM generate_series(1, 100000) AS i");
      const expected = (await client.query("SELECT md5(string_agg(md5(i::text), '' ORDER BY i)) AS digest FROM generate_series(1, 100000) AS i")).rows[0].digest;
      expect(rows[0].text).toHaveLength(3_200_000);
      expect((await client.query("SELECT md5($1::text) AS digest", [rows[0].text])).rows[0].digest).toBe(expected);
      const series = await client.query("SELECT i FROM generate_series(1, 50000) AS i");
      expect(series.rows.map((row) => row.i)).toEqual(Array.from({ length: 50_000 }, (_, i) => i + 1));
    } finally {
      await client.end();
    }
  });

  it("gives a new connection a clean session: no open transaction, prepared statement or setting of the last one", async () => {
    const first = await connect();
    await first.query("CREATE TABLE IF NOT EXISTS notes (body text)");
    await first.query("SET statement_timeout = 12345");
    await first.query({ name: "count_notes", text: "SELECT count(*)::int AS n FROM notes" });
    await first.query("BEGIN");
    await first.query("INSERT INTO notes VALUES ('never committed')");
    await first.end();

    const second = await connect();
    try {
      // The same statement name parses again on the new connection, and the insert was rolled back.
      expect((await second.query({ name: "count_notes", text: "SELECT count(*)::int AS n FROM notes" })).rows[0].n).toBe(0);
      expect((await second.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("0");
      await second.query("INSERT INTO notes VALUES ('committed')");
      expect((await second.query("SELECT body FROM notes")).rows).toEqual([{ body: "committed" }]);
    } finally {
      await second.end();
    }
  });

  it("serves one connection at a time: a second is closed while the first is open, the first keeps working", async () => {
    const first = await connect();
    try {
      await expect(connect()).rejects.toThrow();
      expect((await first.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await first.end();
    }
    const after = await connect();
    expect((await after.query("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
    await after.end();
  });

  it("closes a connection that sends a malformed length, and keeps serving", async () => {
    const net = await import("node:net");
    const socket = net.connect(path.join(socketDir, ".s.PGSQL.5432"));
    await once(socket, "connect");
    socket.write(Buffer.from([0, 0, 0, 3, 0, 0, 0, 0])); // a startup packet may not be 3 bytes long
    await once(socket, "close");
    const client = await connect();
    expect((await client.query("SELECT 3 AS three")).rows).toEqual([{ three: 3 }]);
    await client.end();
  });
});
