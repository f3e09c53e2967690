import { beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { getPrisma } from "@/lib/db/client";
import { call } from "../support";

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
});
