import { describe, expect, it } from "vitest";
import { GET as status } from "@/app/api/mfa/route";
import { POST as setupTotp } from "@/app/api/mfa/totp/setup/route";
import type { SecondFactorStatus } from "@/lib/auth/mfa";
import { bearer, call, enrolTotp, signUpVerified } from "../support";
import { recordStatements } from "../support/statements";

/** GET /api/mfa/, and the statements it sent that read the second factors (the caller's own check aside). */
async function readStatus(access: string): Promise<{ body: SecondFactorStatus; factorReads: string[] }> {
  const { result, statements } = await recordStatements(() => call<SecondFactorStatus>(status, "/api/mfa/", undefined, { method: "GET", ...bearer(access) }));
  expect(result.status, result.text).toBe(200);
  return { body: result.body, factorReads: statements.map((s) => s.sql).filter((sql) => /totp_factors|recovery_codes|passkeys/.test(sql)) };
}

// The dashboard, the admin's user page and GET /api/mfa/ read the status; it asked four statements.
describe("the second factors' status", () => {
  it("is read in one statement, for an account with the authenticator app and recovery codes", async () => {
    const user = await signUpVerified();
    await enrolTotp(user);
    const { body, factorReads } = await readStatus(user.access);
    expect(body).toMatchObject({ enabled: true, methods: ["totp", "recovery_code"], totp: { enabled: true, setup_pending: false }, passkeys: { count: 0 }, recovery_codes: { remaining: 10 } });
    expect(body.totp.enabled_at).toEqual(expect.any(String));
    expect(factorReads, factorReads.join("\n")).toHaveLength(1);
  });

  it("says a setup is pending until it is confirmed, and nothing is on for an account without a factor", async () => {
    const user = await signUpVerified();
    const none = await readStatus(user.access);
    expect(none.body).toEqual({ enabled: false, methods: [], totp: { enabled: false, enabled_at: null, setup_pending: false }, passkeys: { count: 0 }, recovery_codes: { remaining: 0 } });
    expect(none.factorReads).toHaveLength(1);

    expect((await call(setupTotp, "/api/mfa/totp/setup/", { password: user.password }, bearer(user.access))).status).toBe(200);
    const pending = await readStatus(user.access);
    expect(pending.body).toEqual({ enabled: false, methods: [], totp: { enabled: false, enabled_at: null, setup_pending: true }, passkeys: { count: 0 }, recovery_codes: { remaining: 0 } });
  });
});
