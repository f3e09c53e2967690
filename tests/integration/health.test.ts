import net from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { closeDatabase, getPrisma } from "@/lib/db/client";
import { call, setTestEnv } from "../support";

/** A port on 127.0.0.1 that nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type ReadyBody = { status: string; checks: Record<string, string> };

describe("GET /api/health/ and /api/ready/", () => {
  // The server opens its database at startup; until then it is, rightly, not ready.
  beforeAll(async () => {
    await getPrisma();
  });

  it("health says the process answers, uncached", async () => {
    const res = await call<{ status: string }>(health, "/api/health/", undefined, { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("ready checks the database, the migrations and the keys", async () => {
    const res = await call<ReadyBody>(ready, "/api/ready/", undefined, { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: { database: "ok", migrations: "ok", keys: "ok" } });
  });

  it("ready answers 503 and names a migration the database lacks", async () => {
    const prisma = await getPrisma();
    const [latest] = await prisma.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${latest!.name}`;
    try {
      const res = await call<ReadyBody>(ready, "/api/ready/", undefined, { method: "GET" });
      expect(res.status).toBe(503);
      expect(res.body.status).toBe("unavailable");
      expect(res.body.checks).toMatchObject({ database: "ok", migrations: `pending: ${latest!.name}`, keys: "ok" });
    } finally {
      await prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${latest!.name}`;
    }
  });

  it("ready names an unreachable PostgreSQL as unreachable, never \"ok\" (pg's message starts with a newline)", async () => {
    await closeDatabase();
    setTestEnv({ DATABASE_URL: `postgres://auth:auth@127.0.0.1:${await closedPort()}/auth` });
    try {
      const res = await call<ReadyBody>(ready, "/api/ready/", undefined, { method: "GET" });
      expect(res.status).toBe(503);
      expect(res.body.status).toBe("unavailable");
      expect(res.body.checks.database).toMatch(/^unreachable: \S/);
      expect(res.body.checks.database).toContain("Can't reach database server");
      expect(res.body.checks.migrations).toBe("unknown");
    } finally {
      await closeDatabase();
      setTestEnv();
      await getPrisma();
    }
  });
});
