import { describe, expect, it } from "vitest";
import { POST as secure } from "@/app/api/account/secure/route";
import { GET as listEvents } from "@/app/api/events/route";
import { POST as login } from "@/app/api/login/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { securityEventPageSchema } from "@/lib/http/schemas/responses";
import { bearer, call, signUp, type SignedUpUser, type ValidationBody } from "../support";

interface EventJson {
  id: string;
  event: string;
  label: string;
  is_warning: boolean;
  is_reportable: boolean;
  created_at: string;
  ip: string | null;
  device: string;
}
interface PageBody {
  events: EventJson[];
  next_cursor: string | null;
}

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

const getPage = (user: SignedUpUser, query = "") => call<PageBody & ValidationBody>(listEvents, `/api/events/${query}`, undefined, { method: "GET", ...bearer(user.access) });

async function signIn(user: SignedUpUser, password = user.password): Promise<number> {
  return (await call(login, "/api/login/", { email: user.email, password }, { headers: { "user-agent": FIREFOX_LINUX } })).status;
}

describe("GET /api/events/", () => {
  it("lists the caller's own events as the dashboard words them, newest first, a page at a time", async () => {
    const user = await signUp();
    const other = await signUp();
    expect(await signIn(user)).toBe(200);
    expect(await signIn(user, "Wrong-Password-123")).toBe(401);
    expect(await signIn(other)).toBe(200);
    await settleBackground();

    const all = await getPage(user, "?limit=100");
    expect(all.status, all.text).toBe(200);
    expect(securityEventPageSchema.strict().safeParse(all.body).success, "the documented shape").toBe(true);
    const prisma = await getPrisma();
    const rows = await prisma.auditEvent.findMany({ where: { userId: user.userId }, orderBy: { id: "desc" } });
    expect(all.body.events.map((event) => event.id)).toEqual(rows.map((row) => row.id.toString()));
    expect(all.body.next_cursor).toBeNull();
    const [failed, signedIn] = all.body.events;
    expect(failed).toMatchObject({ event: "login_failed", label: "Failed sign-in attempt", is_warning: true, is_reportable: true, device: "Firefox on Linux" });
    expect(signedIn).toMatchObject({ event: "login_succeeded", label: "Signed in with password", is_warning: false, is_reportable: true });

    const seen: string[] = [];
    let query = "?limit=1";
    for (;;) {
      const page = await getPage(user, query);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.events.map((event) => event.id));
      if (!page.body.next_cursor) break;
      query = `?limit=1&cursor=${page.body.next_cursor}`;
    }
    expect(seen).toEqual(all.body.events.map((event) => event.id));
  });

  it("gives an API client the id that POST /api/account/secure/ takes", async () => {
    const user = await signUp();
    expect(await signIn(user)).toBe(200);
    const { body } = await getPage(user);
    const signedIn = body.events.find((event) => event.event === "login_succeeded");
    expect(signedIn).toBeDefined();
    const res = await call(secure, "/api/account/secure/", { event_id: signedIn?.id }, bearer(user.access));
    expect(res.status, res.text).toBe(200);
    const prisma = await getPrisma();
    const secured = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.userId, event: "account_secured" } });
    expect(secured.detail).toMatchObject({ reportedEvent: { id: signedIn?.id, event: "login_succeeded" } });
  });

  it("refuses a malformed cursor or limit and unknown parameters with field errors, and an anonymous caller", async () => {
    const user = await signUp();
    for (const [query, field] of [
      ["?cursor=abc", "cursor"],
      ["?cursor=0", "cursor"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?page=2", "page"],
    ] as const) {
      const res = await getPage(user, query);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe("validation_error");
      expect(Object.keys(res.body.errors ?? {}), query).toContain(field);
    }
    expect((await call(listEvents, "/api/events/", undefined, { method: "GET" })).status).toBe(401);
  });
});
