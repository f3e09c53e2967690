import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as change } from "@/app/api/password/change/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { bearer, call, signUp, type TokenBody, type ValidationBody } from "../support";

const NEW_PASSWORD = "Quartz-Meadow-Falcon-19";

describe("POST /api/password/change/", () => {
  it("needs the current password, then ends every other session but this one", async () => {
    const here = await signUp();
    const elsewhere = (await call<TokenBody>(login, "/api/login/", { email: here.email, password: here.password })).body;

    const wrong = await call<ValidationBody>(change, "/api/password/change/", { current_password: "Not-it-at-all-1", password: NEW_PASSWORD, password2: NEW_PASSWORD }, bearer(here.access));
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.current_password).toEqual(["This is not your current password."]);

    const res = await call(change, "/api/password/change/", { current_password: here.password, password: NEW_PASSWORD, password2: NEW_PASSWORD }, bearer(here.access));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "password changed" });
    expect((await call(refresh, "/api/refresh/", { refresh: elsewhere.refresh })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: here.refresh })).status).toBe(200);
    expect((await call(login, "/api/login/", { email: here.email, password: here.password })).status).toBe(401);
    expect((await call(login, "/api/login/", { email: here.email, password: NEW_PASSWORD })).status).toBe(200);
  });

  it("refuses a weak or unchanged new password, and an anonymous caller", async () => {
    const here = await signUp();
    const same = await call<ValidationBody>(change, "/api/password/change/", { current_password: here.password, password: here.password, password2: here.password }, bearer(here.access));
    expect(same.body.errors.password).toContain("Choose a password different from the current one.");
    const common = await call<ValidationBody>(change, "/api/password/change/", { current_password: here.password, password: "password123", password2: "password123" }, bearer(here.access));
    expect(common.body.errors.password).toContain("This password is too common.");
    expect((await call(change, "/api/password/change/", { current_password: "x", password: NEW_PASSWORD, password2: NEW_PASSWORD })).status).toBe(401);
  });
});
