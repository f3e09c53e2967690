import { describe, expect, it } from "vitest";
import { POST as stepUpOptions } from "@/app/api/passkeys/step-up/options/route";
import { POST as stepUp } from "@/app/api/mfa/verify/route";
import { consumeLimit } from "@/lib/auth/rate-limit";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, setTestEnv, signUpVerified, type ErrorBody, type TokenBody } from "../support";
import { addPasskey, removePasskey, requestRegistration, requestSignIn, type RequestOptions } from "../support/passkeys";

const sidOf = (access: string) => decodeJwt(access).payload.sid as string;
const optionsFor = (access: string) => call<RequestOptions>(stepUpOptions, "/api/passkeys/step-up/options/", undefined, bearer(access));
const verify = <T = TokenBody>(access: string, passkey: Record<string, unknown>) => call<T>(stepUp, "/api/mfa/verify/", { passkey }, bearer(access));

describe("step-up with a passkey", () => {
  it("raises a password session in place with the caller's passkey, and the removal then passes", async () => {
    const user = await signUpVerified();
    const { key, passkey } = await addPasskey(user);
    const refused = await removePasskey<ErrorBody & { methods: string[] }>(user, passkey.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "step_up_required", methods: ["passkey", "recovery_code"] });

    const options = await optionsFor(user.access);
    expect(options.status, options.text).toBe(200);
    expect(options.body.allowCredentials?.map((credential) => credential.id)).toEqual([key.id]);
    expect(options.body.userVerification).toBe("required");
    const stepped = await verify(user.access, key.assert(options.body));
    expect(stepped.status, stepped.text).toBe(200);
    expect(sidOf(stepped.body.access)).toBe(user.sid);
    expect(decodeJwt(stepped.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "hwk", "user"] });
    expect(await (await getPrisma()).session.findUniqueOrThrow({ where: { id: user.sid } })).toMatchObject({ aal: 2, amr: ["pwd", "hwk", "user"] });
    expect((await removePasskey({ access: stepped.body.access }, passkey.id)).status).toBe(204);
  });

  it("refuses another account's passkey, a challenge of another ceremony or account, and a replay", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const other = await signUpVerified();
    const { key: othersKey } = await addPasskey(other);

    const borrowed = await verify<ErrorBody>(user.access, othersKey.assert((await optionsFor(user.access)).body));
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.code).toBe("passkey_invalid");
    const signInChallenge = await verify<ErrorBody>(user.access, key.assert((await requestSignIn()).body));
    expect(signInChallenge.body.code).toBe("passkey_challenge_invalid");
    const othersChallenge = await verify<ErrorBody>(user.access, key.assert((await optionsFor(other.access)).body));
    expect(othersChallenge.body.code).toBe("passkey_challenge_invalid");

    const assertion = key.assert((await optionsFor(user.access)).body);
    expect((await verify(user.access, assertion)).status).toBe(200);
    expect((await verify<ErrorBody>(user.access, assertion)).body.code).toBe("passkey_challenge_invalid");
    expect(await (await getPrisma()).session.findUniqueOrThrow({ where: { id: other.sid } })).toMatchObject({ aal: 1 });
  });

  it("asking for options to add a passkey or to step up spends one budget per account (60 per 15 minutes), whatever the address", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUpVerified();
    const other = await signUpVerified();
    await consumeLimit("passkeyOptionsAccount", user.userId, 60 - 2);
    expect((await requestRegistration(user.access)).status).toBe(200);
    await addPasskey(user);
    const refused = await optionsFor(user.access);
    expect(refused.status).toBe(429);
    expect((refused.body as unknown as ErrorBody).code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const challenges = await (await getPrisma()).webauthnChallenge.count({ where: { userId: user.userId } });
    expect(challenges).toBe(1);
    // Another account's budget is its own.
    expect((await requestRegistration(other.access)).status).toBe(200);
  });
});
