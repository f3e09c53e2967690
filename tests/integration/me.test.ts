import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { GET as me } from "@/app/api/me/route";
import { GET as unknownGet, POST as unknownPost } from "@/app/api/[[...path]]/route";
import { bearer, call, signUp, type ErrorBody, type TokenBody } from "../support";

describe("GET /api/me/", () => {
  it("answers the caller's own profile, and 401 without a token", async () => {
    const user = await signUp();
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password });
    const res = await call<Record<string, unknown>>(me, "/api/me/", undefined, { method: "GET", ...bearer(signedIn.body.access) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.userId, email: user.email, user_name: user.userName, is_verified: false });
    expect(Date.parse(res.body.date_joined as string)).not.toBeNaN();
    expect(Date.parse(res.body.last_login as string)).not.toBeNaN();
    expect(res.body).not.toHaveProperty("password_hash");
    const anonymous = await call<ErrorBody>(me, "/api/me/", undefined, { method: "GET" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("not_authenticated");
  });
});

describe("unknown paths under /api/", () => {
  it("answer the JSON error shape with 404, whatever the method", async () => {
    for (const [handler, method] of [[unknownGet, "GET"], [unknownPost, "POST"]] as const) {
      const res = await call<ErrorBody>(handler, "/api/no-such-thing/", method === "GET" ? undefined : {}, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.body).toEqual({ detail: "No such endpoint.", code: "not_found" });
    }
  });
});
