import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { POST as refresh } from "@/app/api/refresh/route";
import { getKeys, resetKeys } from "@/lib/auth/keys";
import { closeDatabase, getDatabase, getPrisma } from "@/lib/db/client";
import { lockDataDir } from "@/lib/db/data-dir-lock.mjs";
import { flushExpired } from "@/lib/db/cleanup";
import { call, setTestEnv, signUp, type TokenBody } from "../support";

describe("tokens:flush", () => {
  it("deletes expired sessions but keeps the tombstones that still detect reuse", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "0" });
    const reg = await signUp();
    const next = (await call<TokenBody>(refresh, "/api/refresh/", { refresh: reg.refresh })).body;
    const prisma = await getPrisma();
    const expiredSid = (await signUp()).sid;
    await prisma.session.update({ where: { id: expiredSid }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const result = await flushExpired();
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    expect(await prisma.session.findUnique({ where: { id: expiredSid } })).toBeNull();
    // The used parent survived the flush, so replaying it still revokes its session.
    await new Promise((r) => setTimeout(r, 5));
    expect((await call(refresh, "/api/refresh/", { refresh: reg.refresh })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: next.refresh })).status).toBe(401);
  });
});

describe("embedded database", () => {
  it("stores generated secrets with the data, readable by the owner only, and keeps them across restarts", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-data-"));
    await closeDatabase();
    resetKeys();
    setTestEnv({ DATABASE_URL: `pglite:${path.join(dir, "pglite")}` });
    try {
      const first = await getKeys();
      const file = path.join(dir, "secrets.json");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect((await getDatabase()).kind).toBe("pglite");
      await closeDatabase();
      resetKeys();
      const second = await getKeys();
      expect(second.kid).toBe(first.kid);
    } finally {
      await closeDatabase();
      resetKeys();
      setTestEnv();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a data directory locked by another live process, with a clear error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-lock-"));
    const dataDir = path.join(dir, "pglite");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.mkdirSync(dataDir);
      fs.writeFileSync(path.join(dir, "pglite.lock"), String(other.pid));
      expect(() => lockDataDir(dataDir)).toThrow(/in use by process \d+/);
      other.kill("SIGKILL");
      await new Promise((resolve) => other.once("exit", resolve));
      // A lock left by a dead process is taken over.
      const release = lockDataDir(dataDir);
      expect(fs.readFileSync(path.join(dir, "pglite.lock"), "utf8")).toBe(String(process.pid));
      release();
      expect(fs.existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    } finally {
      other.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("migrations", () => {
  it("are recorded the way Prisma records them, and a second run applies nothing", async () => {
    const { applyMigrations, pgliteTarget } = await import("@/lib/db/migrate");
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create();
    try {
      const first = await applyMigrations(pgliteTarget(db));
      expect(first.length).toBeGreaterThan(0);
      expect(await applyMigrations(pgliteTarget(db))).toEqual([]);
      const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>("SELECT migration_name, checksum, finished_at FROM _prisma_migrations");
      expect(rows.rows).toHaveLength(first.length);
      for (const row of rows.rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).not.toBeNull();
      }
    } finally {
      await db.close();
    }
  });
});

vi.setConfig({ testTimeout: 60_000 });
