import { describe, expect, it } from "vitest";
import { GET as listPasskeysRoute } from "@/app/api/passkeys/route";
import { GET as passkeyStatus } from "@/app/api/passkeys/status/route";
import { POST as secureAccount } from "@/app/api/account/secure/route";
import { POST as login } from "@/app/api/login/route";
import { GET as mfaStatus } from "@/app/api/mfa/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, getFakeResend, setTestEnv, signUp, signUpVerified, type ErrorBody } from "../support";
import { addPasskey, finishRegistration, finishSignIn, removePasskey, renamePasskey, requestRegistration, requestSignIn, signInWithPasskey, type PasskeyBody } from "../support/passkeys";
import { SoftPasskey, TEST_ORIGIN } from "../support/webauthn";

const listPasskeys = (access: string) => call<{ passkeys: PasskeyBody[] }>(listPasskeysRoute, "/api/passkeys/", undefined, { method: "GET", ...bearer(access) });

/** What a recent second factor would have done to the session: the gate reads the session row. */
async function raiseSession(sid: string): Promise<void> {
  await (await getPrisma()).session.update({ where: { id: sid }, data: { aal: 2, amr: ["swk", "user"], authTime: new Date() } });
}

describe("adding a passkey", () => {
  it("offers a discoverable credential with user verification for APP_URL's host, and stores the verified one with recovery codes once", async () => {
    const user = await signUpVerified();
    const options = await requestRegistration(user.access);
    expect(options.status, options.text).toBe(200);
    expect(options.body.rp.id).toBe("localhost");
    expect(options.body.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.body.user.name).toBe(user.email);
    expect(Buffer.from(options.body.user.id, "base64url").toString("hex")).toBe(user.userId.replaceAll("-", ""));

    const key = new SoftPasskey("ES256");
    const added = await finishRegistration(user.access, { passkey: key.register(options.body), name: "  Laptop  " });
    expect(added.status, added.text).toBe(201);
    expect(added.body.passkey).toMatchObject({ name: "Laptop", device_type: "singleDevice", backed_up: false, last_used_at: null });
    expect(added.body.recovery_codes).toHaveLength(10);

    const listed = await listPasskeys(user.access);
    expect(listed.body.passkeys).toEqual([added.body.passkey]);
    const row = await (await getPrisma()).passkey.findFirstOrThrow({ where: { userId: user.userId } });
    expect(row.credentialId).toBe(key.id);
    expect(await (await getPrisma()).auditEvent.count({ where: { userId: user.userId, event: "passkey_added" } })).toBe(1);
    await settleBackground();
    expect(getFakeResend().emails.some((mail) => mail.to.includes(user.email) && mail.subject === "A passkey was added to your account")).toBe(true);

    // The password alone no longer signs in: the passkey is a second factor.
    const password = await call<ErrorBody & { methods: string[] }>(login, "/api/login/", { email: user.email, password: user.password });
    expect(password.status).toBe(403);
    expect(password.body).toMatchObject({ code: "mfa_required", methods: ["passkey", "recovery_code"], detail: "Confirm with your passkey (or enter a recovery code) to finish signing in." });
    const status = await call(mfaStatus, "/api/mfa/", undefined, { method: "GET", ...bearer(user.access) });
    expect(status.body).toMatchObject({ enabled: true, methods: ["passkey", "recovery_code"], passkeys: { count: 1 }, recovery_codes: { remaining: 10 } });
  });

  it("stores an Ed25519 synced passkey as multiDevice and backed up", async () => {
    const user = await signUpVerified();
    const { passkey } = await addPasskey(user, new SoftPasskey("EdDSA", true));
    expect(passkey).toMatchObject({ device_type: "multiDevice", backed_up: true });
  });

  it("refuses a registration signed for another origin or another relying party, or without user verification, and stores nothing", async () => {
    const user = await signUpVerified();
    for (const ceremony of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { userVerified: false }, { origin: TEST_ORIGIN.replace("3000", "3001") }]) {
      const options = await requestRegistration(user.access);
      const refused = await finishRegistration<ErrorBody>(user.access, { passkey: new SoftPasskey().register(options.body, ceremony) });
      expect(refused.status, JSON.stringify(ceremony)).toBe(400);
      expect(refused.body.code).toBe("passkey_invalid");
    }
    expect(await (await getPrisma()).passkey.count({ where: { userId: user.userId } })).toBe(0);
    expect(await (await getPrisma()).recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("takes each challenge once, for five minutes, and only from the account it was given to", async () => {
    const user = await signUpVerified();
    const options = await requestRegistration(user.access);
    const first = new SoftPasskey();
    expect((await finishRegistration(user.access, { passkey: first.register(options.body) })).status).toBe(201);
    await raiseSession(user.sid);
    const replayed = await finishRegistration<ErrorBody>(user.access, { passkey: new SoftPasskey().register(options.body) });
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe("passkey_challenge_invalid");

    const expiring = await requestRegistration(user.access);
    await (await getPrisma()).webauthnChallenge.updateMany({ where: { challenge: expiring.body.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await finishRegistration<ErrorBody>(user.access, { passkey: new SoftPasskey().register(expiring.body) });
    expect(expired.body.code).toBe("passkey_challenge_invalid");

    const stranger = await signUpVerified();
    const strangers = await requestRegistration(stranger.access);
    const borrowed = await finishRegistration<ErrorBody>(user.access, { passkey: new SoftPasskey().register(strangers.body) });
    expect(borrowed.body.code).toBe("passkey_challenge_invalid");
    expect(await (await getPrisma()).passkey.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("asks an account with a second factor for a recent one before adding another, and issues no new recovery codes then", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await addPasskey(user);
    const stepUp = await requestRegistration(user.access);
    expect(stepUp.status).toBe(403);
    expect(stepUp.body).toMatchObject({ code: "step_up_required", methods: ["passkey", "recovery_code"] });
    await raiseSession(user.sid);
    const second = await addPasskey(user, new SoftPasskey("EdDSA"));
    expect(second.recoveryCodes).toBeUndefined();
    const hashes = await (await getPrisma()).recoveryCode.count({ where: { userId: user.userId, usedAt: null } });
    expect(hashes).toBe(recoveryCodes!.length);
  });

  it("needs a verified email", async () => {
    const user = await signUp();
    const options = await requestRegistration(user.access);
    expect(options.status).toBe(403);
    expect((options.body as unknown as ErrorBody).code).toBe("email_not_verified");
  });

  it("caps an account at 20 passkeys, also when two registrations race for the last place", async () => {
    const user = await signUpVerified();
    await addPasskey(user);
    await raiseSession(user.sid);
    const prisma = await getPrisma();
    await prisma.passkey.createMany({
      data: Array.from({ length: 18 }, (_, index) => ({ userId: user.userId, credentialId: `filler-${user.userId}-${index}`, publicKey: Buffer.from([1]), deviceType: "multiDevice", backedUp: true, name: `Filler ${index}`, transports: [] })),
    });
    const [one, two] = [await requestRegistration(user.access), await requestRegistration(user.access)];
    const answers = await Promise.all([one, two].map((options) => finishRegistration<ErrorBody>(user.access, { passkey: new SoftPasskey().register(options.body) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe("passkey_limit_reached");
    expect(await prisma.passkey.count({ where: { userId: user.userId } })).toBe(20);
    const full = await requestRegistration(user.access);
    expect(full.status).toBe(409);
    expect((full.body as unknown as ErrorBody).code).toBe("passkey_limit_reached");
  });
});

describe("managing passkeys", () => {
  it("renames a passkey; another account's passkey is a 404 to rename and to remove", async () => {
    const owner = await signUpVerified();
    const { passkey } = await addPasskey(owner);
    const renamed = await renamePasskey(owner, passkey.id, "Work phone");
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.name).toBe("Work phone");
    const stranger = await signUpVerified();
    await raiseSession(stranger.sid);
    for (const answer of [await renamePasskey<ErrorBody>(stranger, passkey.id, "Mine"), await removePasskey<ErrorBody>(stranger, passkey.id), await removePasskey<ErrorBody>(stranger, "not-an-id")]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe("not_found");
    }
    expect((await listPasskeys(owner.access)).body.passkeys.map((item) => item.name)).toEqual(["Work phone"]);
    const blank = await renamePasskey<ErrorBody>(owner, passkey.id, "   ");
    expect(blank.status).toBe(400);
    expect(blank.body.errors?.name).toEqual(["Give the passkey a name."]);
  });

  it("refuses names with control, zero-width or direction-override characters or lone surrogates, renaming or adding, and keeps the old name", async () => {
    const owner = await signUpVerified();
    const { passkey } = await addPasskey(owner);
    for (const name of ["a\u0000b", "bell\u0007", "p\u202eot", "two\nlines", "half \ud800", "zero\u200bwidth"]) {
      const refused = await renamePasskey<ErrorBody>(owner, passkey.id, name);
      expect(refused.status, `${JSON.stringify(name)}: ${refused.text}`).toBe(400);
      expect(refused.body.errors?.name).toEqual(["Use letters, digits, spaces and punctuation only."]);
    }
    expect((await renamePasskey(owner, passkey.id, "Pixel 9 (work) – ключ 🔑")).status).toBe(200);
    const options = await requestRegistration(owner.access);
    const key = new SoftPasskey();
    const added = await finishRegistration<ErrorBody>(owner.access, { passkey: key.register(options.body), name: "x\u0000y" });
    expect(added.status, added.text).toBe(400);
    const credential = key.register((await requestRegistration(owner.access)).body) as { response: Record<string, unknown> };
    credential.response.transports = ["usb\u0000"];
    const odd = await finishRegistration<ErrorBody>(owner.access, { passkey: credential });
    expect(odd.status, odd.text).toBe(400);
    expect(odd.body.code).toBe("validation_error");
    expect((await listPasskeys(owner.access)).body.passkeys.map((item) => item.name)).toEqual(["Pixel 9 (work) – ключ 🔑"]);
  });

  it("removes a passkey only after a recent second factor; the last one takes the recovery codes with it", async () => {
    const user = await signUpVerified();
    const { passkey } = await addPasskey(user);
    const refused = await removePasskey<ErrorBody>(user, passkey.id);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("step_up_required");
    await raiseSession(user.sid);
    expect((await removePasskey(user, passkey.id)).status).toBe(204);
    const prisma = await getPrisma();
    expect(await prisma.passkey.count({ where: { userId: user.userId } })).toBe(0);
    expect(await prisma.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect(await prisma.auditEvent.findFirst({ where: { userId: user.userId, event: "passkey_removed" }, select: { detail: true } })).toMatchObject({ detail: { recoveryCodesDeleted: 10 } });
    await settleBackground();
    expect(getFakeResend().emails.some((mail) => mail.to.includes(user.email) && mail.subject === "A passkey was removed from your account")).toBe(true);
    // Without a factor the password signs in alone again.
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(200);
  });

  it("keeps the recovery codes while another passkey remains", async () => {
    const user = await signUpVerified();
    const { passkey } = await addPasskey(user);
    await raiseSession(user.sid);
    await addPasskey(user, new SoftPasskey("EdDSA"));
    expect((await removePasskey(user, passkey.id)).status).toBe(204);
    expect(await (await getPrisma()).recoveryCode.count({ where: { userId: user.userId } })).toBe(10);
  });
});

describe("This wasn't me", () => {
  it("about a passkey's addition removes that passkey with the sessions, and the recovery codes when it was the only factor", async () => {
    const user = await signUpVerified();
    const { passkey } = await addPasskey(user);
    const prisma = await getPrisma();
    const added = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.userId, event: "passkey_added" } });
    const secured = await call<{ detail: string; second_factors_removed: string[] }>(secureAccount, "/api/account/secure/", { event_id: added.id.toString() }, bearer(user.access));
    expect(secured.status, secured.text).toBe(200);
    expect(secured.body).toMatchObject({ second_factors_removed: ["passkey", "recovery_codes"], detail: expect.stringContaining("The passkey added then and your recovery codes are removed: your account has no second factor left") });
    expect(await prisma.passkey.count({ where: { id: passkey.id } })).toBe(0);
    expect(await prisma.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect(await prisma.auditEvent.findFirst({ where: { userId: user.userId, event: "passkey_removed" }, select: { detail: true } })).toMatchObject({ detail: { passkeyId: passkey.id, reported: true } });
  });
});

describe("This wasn't me, about a passkey sign-in", () => {
  it("removes the passkey that signed in, keeps the others, and ends the sessions", async () => {
    const user = await signUpVerified();
    const { key, passkey } = await addPasskey(user);
    await raiseSession(user.sid);
    const { passkey: other } = await addPasskey(user, new SoftPasskey("EdDSA"));
    const signedIn = await signInWithPasskey(key);
    const prisma = await getPrisma();
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { userId: user.userId, event: "login_succeeded", sessionId: decodeJwt(signedIn.access).payload.sid as string } });
    const secured = await call<{ detail: string; second_factors_removed: string[] }>(secureAccount, "/api/account/secure/", { event_id: event.id.toString() }, bearer(user.access));
    expect(secured.status, secured.text).toBe(200);
    expect(secured.body).toMatchObject({ second_factors_removed: ["passkey"], detail: expect.stringContaining("The passkey that signed in then is removed.") });
    expect((await prisma.passkey.findMany({ where: { userId: user.userId }, select: { id: true } })).map((row) => row.id)).toEqual([other.id]);
    expect(await prisma.recoveryCode.count({ where: { userId: user.userId, usedAt: null } })).toBe(10);
    expect(await prisma.auditEvent.findFirst({ where: { userId: user.userId, event: "passkey_removed" }, select: { detail: true } })).toMatchObject({
      detail: { passkeyId: passkey.id, name: "Test key", reported: true },
    });
    // The removed passkey no longer signs in.
    const options = await requestSignIn();
    expect((await finishSignIn<ErrorBody>(key.assert(options.body))).status).toBe(401);
  });
});

describe("a server whose APP_URL is an IP address", () => {
  it("turns passkeys off: the status says so and the endpoints answer passkeys_unavailable", async () => {
    const user = await signUpVerified();
    expect((await call(passkeyStatus, "/api/passkeys/status/", undefined, { method: "GET" })).body).toEqual({ available: true });
    setTestEnv({ APP_URL: "http://127.0.0.1:3000" });
    expect((await call(passkeyStatus, "/api/passkeys/status/", undefined, { method: "GET" })).body).toEqual({ available: false });
    const options = await requestRegistration(user.access);
    expect(options.status).toBe(404);
    expect((options.body as unknown as ErrorBody).code).toBe("passkeys_unavailable");
    setTestEnv({ APP_URL: "http://[::1]:3000" });
    expect((await call(passkeyStatus, "/api/passkeys/status/", undefined, { method: "GET" })).body).toEqual({ available: false });
  });
});
