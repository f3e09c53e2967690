import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { hashKey } from "@/lib/auth/rate-limit";
import { toEmailKey } from "@/lib/identifiers";
import { call, decodeJwt, getFakeResend, setTestEnv, signUpVerified, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";
import { enrolTotp } from "../support/mfa";
import { addPasskey, finishSignIn, removePasskey, requestSignIn, signInWithPasskey } from "../support/passkeys";
import { SoftPasskey, TEST_ORIGIN } from "../support/webauthn";

type MfaRequired = ErrorBody & { mfa_token: string; methods: string[] };

const FAILED = { detail: "No active account found with the given credentials", code: "authentication_failed" };
const passwordStep = (user: SignedUpUser) => call<MfaRequired>(login, "/api/login/", { email: user.email, password: user.password });

describe("signing in with a passkey", () => {
  it("asks for any discoverable passkey with user verification, and signs in at aal 2 with hwk and user", async () => {
    const user = await signUpVerified();
    const { key, passkey } = await addPasskey(user);
    const options = await requestSignIn();
    expect(options.status, options.text).toBe(200);
    expect(options.body).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.body.allowCredentials ?? []).toEqual([]);

    const signedIn = await finishSignIn(key.assert(options.body), { headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0" } });
    expect(signedIn.status, signedIn.text).toBe(200);
    const claims = decodeJwt(signedIn.body.access).payload;
    expect(claims).toMatchObject({ sub: user.userId, aal: 2, amr: ["hwk", "user"] });
    // Rotation keeps the assurance of the session row.
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: signedIn.body.refresh });
    expect(decodeJwt(rotated.body.access).payload).toMatchObject({ aal: 2, amr: ["hwk", "user"] });

    const prisma = await getPrisma();
    const row = await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(Number(row.counter)).toBe(key.counter);
    expect(row.lastUsedAt).not.toBeNull();
    const audited = await prisma.auditEvent.findFirst({ where: { userId: user.userId, event: "login_succeeded", sessionId: claims.sid as string } });
    expect(audited?.detail).toEqual({ aal: 2, amr: ["hwk", "user"], passkeyId: passkey.id });
    await settleBackground();
    expect(getFakeResend().emails.filter((mail) => mail.to.includes(user.email) && mail.subject === "New sign-in to your account")).toHaveLength(1);
  });

  it("asks for options with no body, with an empty body under a JSON type (curl -X POST -H 'content-type: application/json') or with {}", async () => {
    for (const init of [{}, { rawBody: "" }, { rawBody: "{}" }]) {
      const options = await requestSignIn(undefined, init);
      expect(options.status, `${JSON.stringify(init)}: ${options.text}`).toBe(200);
      expect(options.body.challenge).toMatch(/^[\w-]{20,}$/);
    }
    expect((await requestSignIn(undefined, { rawBody: "{" })).status).toBe(400);
  });

  it("names a synced passkey swk, and answers the pages with cookies and no token in the body", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user, new SoftPasskey("EdDSA", true));
    const options = await requestSignIn();
    const browser = { headers: { origin: TEST_ORIGIN, "x-auth-transport": "cookie" } };
    const signedIn = await finishSignIn<Record<string, unknown>>(key.assert(options.body), browser);
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body).toEqual({});
    const cookies = signedIn.headers.getSetCookie();
    const access = cookies.find((cookie) => /access/i.test(cookie))!;
    expect(access).toMatch(/HttpOnly/i);
    expect(decodeJwt(access.split(";")[0]!.split("=")[1]!).payload).toMatchObject({ aal: 2, amr: ["swk", "user"] });
  });

  it("refuses an assertion for another origin, another relying party or without user verification, and spends the challenge", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    for (const ceremony of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { userVerified: false }]) {
      const options = await requestSignIn();
      const refused = await finishSignIn<ErrorBody>(key.assert(options.body, ceremony));
      expect(refused.status, JSON.stringify(ceremony)).toBe(401);
      expect(refused.body).toEqual(FAILED);
      const again = await finishSignIn<ErrorBody>(key.assert(options.body));
      expect(again.status).toBe(400);
      expect(again.body.code).toBe("passkey_challenge_invalid");
    }
    expect(await (await getPrisma()).session.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("checks the user handle a discoverable credential sends: its owner's signs in, another account's is refused", async () => {
    const user = await signUpVerified();
    const other = await signUpVerified();
    const { key } = await addPasskey(user);
    const handleOf = (userId: string) => Buffer.from(userId.replaceAll("-", ""), "hex").toString("base64url");
    const own = await finishSignIn(key.assert((await requestSignIn()).body, { userHandle: handleOf(user.userId) }));
    expect(own.status, own.text).toBe(200);
    const foreign = await finishSignIn<ErrorBody>(key.assert((await requestSignIn()).body, { userHandle: handleOf(other.userId) }));
    expect(foreign.status).toBe(401);
    expect(foreign.body).toEqual(FAILED);
  });

  it("refuses a replayed assertion and an expired challenge", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const options = await requestSignIn();
    const assertion = key.assert(options.body);
    expect((await finishSignIn(assertion)).status).toBe(200);
    const replayed = await finishSignIn<ErrorBody>(assertion);
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe("passkey_challenge_invalid");

    const late = await requestSignIn();
    await (await getPrisma()).webauthnChallenge.updateMany({ where: { challenge: late.body.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await finishSignIn<ErrorBody>(key.assert(late.body));
    expect(expired.body.code).toBe("passkey_challenge_invalid");
  });

  it("refuses a signature counter that does not move forward (a cloned key) and audits it", async () => {
    const user = await signUpVerified();
    const { key, passkey } = await addPasskey(user);
    await signInWithPasskey(key);
    const clone = Object.assign(Object.create(Object.getPrototypeOf(key)) as SoftPasskey, key);
    clone.counter -= 1;
    const options = await requestSignIn();
    const refused = await finishSignIn<ErrorBody>(clone.assert(options.body));
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(FAILED);
    const prisma = await getPrisma();
    const alarm = await prisma.auditEvent.findFirst({ where: { userId: user.userId, event: "passkey_clone_detected" } });
    expect(alarm?.detail).toMatchObject({ passkeyId: passkey.id, stored: key.counter, presented: key.counter });
    // The original, one step further, still signs in.
    await signInWithPasskey(key);
  });

  it("gives an unknown passkey and a deactivated account's passkey the same answer, the unknown one marked for the browser to forget", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const stranger = new SoftPasskey();
    const unknown = await finishSignIn<ErrorBody>(stranger.assert((await requestSignIn()).body));
    await (await getPrisma()).user.update({ where: { id: user.userId }, data: { isActive: false } });
    const inactive = await finishSignIn<ErrorBody>(key.assert((await requestSignIn()).body));
    expect([unknown.status, inactive.status]).toEqual([401, 401]);
    // Same code and sentence; only a credential this server does not hold is said to be unknown (it names no
    // account), never a deactivated account's passkey, which must stay on the device for a reactivation.
    expect(unknown.body).toEqual({ ...FAILED, unknown_credential: true });
    expect(inactive.body).toEqual(FAILED);
  });

  it("says a removed passkey is unknown, so the sign-in page can have the browser forget it", async () => {
    const user = await signUpVerified();
    const { key, passkey } = await addPasskey(user);
    const session = await signInWithPasskey(key);
    expect((await removePasskey({ access: session.access }, passkey.id)).status).toBe(204);
    const refused = await finishSignIn<ErrorBody>(key.assert((await requestSignIn()).body));
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ ...FAILED, unknown_credential: true });
  });

  it("answers garbage inside a well-shaped credential with a clean 4xx", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const good = key.assert((await requestSignIn()).body) as { response: Record<string, string> };
    const notJson = { ...good, response: { ...good.response, clientDataJSON: "bm90LWpzb24" } };
    expect((await finishSignIn<ErrorBody>(notJson)).body.code).toBe("passkey_invalid");
    const fresh = key.assert((await requestSignIn()).body) as { response: Record<string, string> };
    const brokenData = { ...fresh, response: { ...fresh.response, authenticatorData: "AAAA", signature: "AAAA" } };
    const refused = await finishSignIn<ErrorBody>(brokenData);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(FAILED);
  });

  it("counts a refused passkey against the account's sign-in budget and forgets it on success", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const failures = async () => (await getPrisma()).signInFailure.findMany({ where: { accountKey: hashKey(toEmailKey(user.email)) } });
    await finishSignIn(key.assert((await requestSignIn()).body, { userVerified: false }));
    expect((await failures()).map((row) => row.failures)).toEqual([1]);
    await signInWithPasskey(key);
    expect(await failures()).toEqual([]);
  });
});

describe("a passkey as the second step after a password", () => {
  it("offers only the account's passkeys for the mfa_token and completes the sign-in with pwd, hwk and user", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const first = await passwordStep(user);
    expect(first.body).toMatchObject({ code: "mfa_required", methods: ["passkey", "recovery_code"] });
    const options = await requestSignIn({ mfa_token: first.body.mfa_token });
    expect(options.status, options.text).toBe(200);
    expect(options.body.allowCredentials?.map((credential) => credential.id)).toEqual([key.id]);
    const second = await call<TokenBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, passkey: key.assert(options.body) });
    expect(second.status, second.text).toBe(200);
    expect(decodeJwt(second.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "hwk", "user"] });
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "login_succeeded" }, orderBy: { id: "desc" } });
    expect(audited?.detail).toMatchObject({ amr: ["pwd", "hwk", "user"], passkeyId: expect.any(String) });
    // The token is spent.
    const again = await call<ErrorBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, passkey: key.assert(options.body) });
    expect(again.body.code).toBe("mfa_token_invalid");
  });

  it("refuses another account's passkey and a challenge from another ceremony or another step", async () => {
    const user = await signUpVerified();
    const { key } = await addPasskey(user);
    const other = await signUpVerified();
    const { key: othersKey } = await addPasskey(other);
    const first = await passwordStep(user);
    const options = await requestSignIn({ mfa_token: first.body.mfa_token });
    const borrowed = await call<ErrorBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, passkey: othersKey.assert(options.body) });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.code).toBe("passkey_invalid");
    const discoverable = await requestSignIn();
    const wrongCeremony = await call<ErrorBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, passkey: key.assert(discoverable.body) });
    expect(wrongCeremony.body.code).toBe("passkey_challenge_invalid");
    // A second step's challenge does not sign in on its own.
    const stepOptions = await requestSignIn({ mfa_token: first.body.mfa_token });
    const alone = await finishSignIn<ErrorBody>(key.assert(stepOptions.body));
    expect(alone.body.code).toBe("passkey_challenge_invalid");
    // Nor another step's: a new password step has its own.
    const later = await passwordStep(user);
    const crossed = await call<ErrorBody>(loginMfa, "/api/login/mfa/", { mfa_token: later.body.mfa_token, passkey: key.assert((await requestSignIn({ mfa_token: first.body.mfa_token })).body) });
    expect(crossed.body.code).toBe("passkey_challenge_invalid");
    const wrongSignature = await requestSignIn({ mfa_token: later.body.mfa_token });
    expect((await call(loginMfa, "/api/login/mfa/", { mfa_token: later.body.mfa_token, passkey: key.assert(wrongSignature.body, { userVerified: false }) })).status).toBe(400);
    expect(await (await getPrisma()).mfaChallenge.findFirst({ where: { userId: user.userId, attempts: 1 } })).not.toBeNull();
  });

  it("lists the passkey beside the authenticator app, and a TOTP account without one gets no passkey options", async () => {
    const user = await signUpVerified();
    await enrolTotp(user);
    const first = await passwordStep(user);
    expect(first.body.methods).toEqual(["totp", "recovery_code"]);
    const options = await requestSignIn({ mfa_token: first.body.mfa_token });
    expect(options.status).toBe(400);
    expect((options.body as unknown as ErrorBody).code).toBe("passkey_invalid");
  });

  it("removing a passkey needs a recent second factor: a passkey sign-in is one", async () => {
    const user = await signUpVerified();
    const { key, passkey } = await addPasskey(user);
    const session = await signInWithPasskey(key);
    expect((await removePasskey({ access: session.access }, passkey.id)).status).toBe(204);
  });
});
