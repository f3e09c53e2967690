import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { POST as setup } from "@/app/api/setup/route";
import { offerSetupLink } from "@/lib/auth/admin";
import { createSuperuser } from "@/lib/auth/admin/create-admin";
import { closeDatabase, getPrisma } from "@/lib/db/client";
import { applyMigrations, pgTarget } from "@/lib/db/migrate";
import { bearer, call, newUser, setTestEnv } from "../support";

// "No staff account yet" is about the whole database: on PostgreSQL this file gets a database of its own,
// so other files' administrators (they share TEST_DATABASE_URL) cannot close the setup under it.
const sharedUrl = process.env.TEST_DATABASE_URL;
const ownUrl = sharedUrl ? (() => {
  const url = new URL(sharedUrl);
  url.pathname = `${url.pathname}_first_admin`;
  return url.toString();
})() : null;

async function onAdminConnection(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: sharedUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

const databaseName = (url: string): string => new URL(url).pathname.slice(1);

beforeAll(async () => {
  if (!ownUrl) return;
  await closeDatabase();
  await onAdminConnection(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName(ownUrl)}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${databaseName(ownUrl)}"`);
  });
  const own = new pg.Client({ connectionString: ownUrl });
  await own.connect();
  try {
    await applyMigrations(pgTarget(own));
  } finally {
    await own.end();
  }
});

afterAll(async () => {
  if (!ownUrl) return;
  await closeDatabase();
  await onAdminConnection(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${databaseName(ownUrl)}" WITH (FORCE)`);
  });
});

beforeEach(async () => {
  if (ownUrl) setTestEnv({ DATABASE_URL: ownUrl });
  const prisma = await getPrisma();
  await prisma.user.deleteMany();
  await prisma.serverSecret.deleteMany({ where: { name: { startsWith: "setup:" } } });
});

type SetupBody = { user: { id: string; email: string; user_name: string }; access: string; refresh: string; code?: string; detail?: string; errors?: Record<string, string[]> };

function submit(token: string, fields = newUser(), headers: Record<string, string> = {}) {
  return call<SetupBody>(setup, "/api/setup/", { token, ...fields }, { headers });
}

/** What a refused request must leave as it was: the accounts and the setup links. */
async function snapshot(): Promise<{ users: number; links: string[] }> {
  const prisma = await getPrisma();
  const links = await prisma.serverSecret.findMany({ where: { name: { startsWith: "setup:" } }, select: { name: true, value: true }, orderBy: { name: "asc" } });
  return { users: await prisma.user.count(), links: links.map((row) => `${row.name}=${row.value}`) };
}

async function staffCount(): Promise<number> {
  return (await getPrisma()).user.count({ where: { isStaff: true } });
}

describe("the first administrator from the console's setup link", () => {
  it("creates a verified staff superuser once, signs them in, audits it and retires every link", async () => {
    const token = (await offerSetupLink())!;
    const other = (await offerSetupLink())!;
    expect(token).toMatch(/^[\w-]{43}$/);
    const fields = newUser();
    const res = await submit(token, fields);
    expect(res.status, res.text).toBe(201);
    expect(res.body.user).toMatchObject({ email: fields.email, user_name: fields.user_name });
    const prisma = await getPrisma();
    const user = await prisma.user.findUniqueOrThrow({ where: { id: res.body.user.id } });
    expect(user).toMatchObject({ isVerified: true, isStaff: true, isSuperuser: true, isActive: true });
    expect(await prisma.auditEvent.count({ where: { userId: user.id, event: "superuser_created_by_setup_link" } })).toBe(1);
    const profile = await call<{ is_staff?: boolean }>(me, "/api/me/", undefined, { method: "GET", ...bearer(res.body.access) });
    expect(profile.status, profile.text).toBe(200);
    expect((await snapshot()).links).toEqual([]);

    const before = await snapshot();
    for (const used of [token, other]) {
      const again = await submit(used);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("setup_closed");
    }
    expect(await snapshot()).toEqual(before);
    expect(await offerSetupLink()).toBeNull();
  });

  it("signs a browser in with the session cookies and no token in the body", async () => {
    const res = await submit((await offerSetupLink())!, newUser(), { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin" });
    expect(res.status, res.text).toBe(201);
    expect(res.body).not.toHaveProperty("access");
    const cookies = res.headers.getSetCookie();
    expect(cookies.some((cookie) => /^access=.+HttpOnly/i.test(cookie))).toBe(true);
    expect(cookies.some((cookie) => /^refresh=.+HttpOnly/i.test(cookie))).toBe(true);
  });

  it("gives a wrong and an expired token the same refusal and writes nothing", async () => {
    const token = (await offerSetupLink())!;
    const prisma = await getPrisma();
    const before = await snapshot();
    const wrong = await submit(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("setup_link_invalid");
    expect(await snapshot()).toEqual(before);

    await prisma.serverSecret.updateMany({ where: { name: { startsWith: "setup:" } }, data: { value: new Date(Date.now() - 1000).toISOString() } });
    const expiredBefore = await snapshot();
    const expired = await submit(token);
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual(wrong.body);
    expect(await snapshot()).toEqual(expiredBefore);
    expect(await staffCount()).toBe(0);
  });

  it("applies the register rules (password policy, matching confirmation) and keeps the link for a corrected try", async () => {
    const token = (await offerSetupLink())!;
    const before = await snapshot();
    const fields = newUser();
    const weak = await submit(token, { ...fields, password: "password123", password2: "password123" });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe("validation_error");
    expect(weak.body.errors?.password?.length).toBeGreaterThan(0);
    const mismatched = await submit(token, { ...fields, password2: `${fields.password}x` });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.errors?.password2).toEqual(["The two passwords do not match."]);
    expect(await snapshot()).toEqual(before);
    expect((await submit(token, fields)).status).toBe(201);
  });

  it("creates exactly one administrator from two submissions at once, with one link or two", async () => {
    for (const tokens of [
      async () => {
        const token = (await offerSetupLink())!;
        return [token, token];
      },
      async () => [(await offerSetupLink())!, (await offerSetupLink())!],
    ]) {
      const prisma = await getPrisma();
      await prisma.user.deleteMany();
      const [first, second] = await tokens();
      const answers = await Promise.all([submit(first!), submit(second!)]);
      expect(answers.map((answer) => answer.status).sort(), answers.map((answer) => answer.body.code ?? "created").join(", ")).toEqual([201, 409]);
      expect(answers.find((answer) => answer.status === 409)!.body.code).toBe("setup_closed");
      expect(await staffCount()).toBe(1);
      expect(await prisma.user.count()).toBe(1);
    }
  });

  it("is refused once a staff account exists, such as one made by create-admin, and writes nothing", async () => {
    const token = (await offerSetupLink())!;
    const owner = newUser();
    await createSuperuser({ email: owner.email, userName: owner.user_name, password: owner.password });
    const before = await snapshot();
    expect(before.links).toEqual([]);
    const res = await submit(token);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("setup_closed");
    expect(await snapshot()).toEqual(before);
    expect(await staffCount()).toBe(1);
    expect(await offerSetupLink()).toBeNull();
  });
});
