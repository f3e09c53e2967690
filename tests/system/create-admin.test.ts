import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../support/totp";
import { migratePostgres, newCredentials, postJson, startServer, type RunningServer } from "./server";

/** `npm run create-admin` as an operator runs it: the password on standard input, never in the arguments. */
async function createAdmin(env: Record<string, string>, args: string[], stdin: string): Promise<{ code: number | null; output: string }> {
  const child = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/create-admin.ts", ...args], {
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

async function getJson(url: string, token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

async function signIn(server: RunningServer, email: string, password: string): Promise<string> {
  const res = await postJson(`${server.url}/api/login/`, { email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access as string;
}

/**
 * A new operator's way into the admin API with ADMIN_REQUIRE_MFA on: a password session is told to enrol,
 * the account sets up an authenticator app (codes computed with otpauth from the answered secret), and a
 * sign-in with the password and a code opens it. Answers that session's access token.
 */
async function enrolAndSignIn(server: RunningServer, email: string, password: string): Promise<string> {
  const first = await signIn(server, email, password);
  const told = await getJson(`${server.url}/api/admin/users/`, first);
  expect(told.status).toBe(403);
  expect(told.body.code).toBe("mfa_enrollment_required");
  const setup = await postJson(`${server.url}/api/mfa/totp/setup/`, { password }, { authorization: `Bearer ${first}` });
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  const secret = setup.body.secret as string;
  expect((await postJson(`${server.url}/api/mfa/totp/confirm/`, { code: totpCode(secret) }, { authorization: `Bearer ${first}` })).status).toBe(200);
  const passwordStep = await postJson(`${server.url}/api/login/`, { email, password });
  expect(passwordStep.body.code).toBe("mfa_required");
  const second = await postJson(`${server.url}/api/login/mfa/`, { mfa_token: passwordStep.body.mfa_token, code: totpCode(secret, 1) });
  expect(second.status, JSON.stringify(second.body)).toBe(200);
  return second.body.access as string;
}

// initdb and a command start per step: slow on a shared two-core machine.
describe("npm run create-admin on the embedded database", { timeout: 240_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-create-admin-"));
  // The command and the server find the database the same way: DATA_DIR, no DATABASE_URL. Without
  // RESEND_API_KEY the server prints its emails, codes included, on its console.
  const env = { DATA_DIR: dataDir, RATE_LIMIT: "off" };
  const admin = newCredentials("root");
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a weak password with the register form's reasons and creates nothing", async () => {
    const weak = await createAdmin(env, ["--email", admin.email, "--user-name", admin.user_name], "password\n");
    expect(weak.code).toBe(1);
    // The first run on this DATA_DIR finds no database there and says it is creating one.
    expect(weak.output).toContain(`No embedded database at ${path.join(dataDir, "pglite")} yet: creating a new one there.`);
    expect(weak.output).toContain("This password is too common.");
    expect(weak.output).not.toContain("Created");
    const similar = await createAdmin(env, ["--email", admin.email, "--user-name", admin.user_name], `${admin.user_name}-1\n`);
    expect(similar.code).toBe(1);
    expect(similar.output).toContain("The password is too similar to the email or user name.");
  });

  it("creates a verified staff superuser who signs in and uses the admin API", async () => {
    const created = await createAdmin(env, ["--email", admin.email, "--user-name", admin.user_name], `${admin.password}\n`);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain(`Created ${admin.email} (user name ${admin.user_name}): a verified staff superuser.`);
    expect(created.output).not.toContain(admin.password);
    expect(created.output).toContain("The admin pages need two-factor authentication (ADMIN_REQUIRE_MFA). To enrol:");
    expect(created.output).toContain("/dashboard#two-factor");

    server = await startServer(4100, env);
    const token = await enrolAndSignIn(server, admin.email, admin.password);
    const listed = await getJson(`${server.url}/api/admin/users/?q=${admin.user_name}`, token);
    expect(listed.status).toBe(200);
    expect(listed.body.users).toEqual([expect.objectContaining({ email: admin.email, is_verified: true, is_staff: true, is_superuser: true })]);
  });

  it("says to stop the server first while the server holds the data directory, and changes nothing", async () => {
    const member = newCredentials("member");
    expect((await postJson(`${server!.url}/api/register/`, member)).status).toBe(201);
    const refused = await createAdmin(env, ["--email", member.email], "");
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`is in use by process ${server!.process.pid}`);
    expect(refused.output).toContain("Stop the server first");
    const token = await signIn(server!, member.email, member.password);
    expect((await getJson(`${server!.url}/api/admin/users/`, token)).status).toBe(403);
  });

  it("promotes an existing account once the server is stopped, only a verified one and with its password", async () => {
    server = await promotesOnlyTheOwnersAccount(server!, env, 4101);
  });
});

/**
 * The review's attack (issue 17, 4): a stranger registers an address unverified with a password of their
 * choice, and the operator promotes it. Now an unverified account is refused, the operator must give the
 * account's current password, and every session the account had ends. `restart` is the embedded database's
 * case: the command cannot run beside the server, which is stopped for it and started again after.
 */
async function promotesOnlyTheOwnersAccount(server: RunningServer, env: Record<string, string>, port: number, restart = true): Promise<RunningServer> {
  const stranger = newCredentials("stranger");
  const owner = newCredentials("owner");
  for (const account of [stranger, owner]) expect((await postJson(`${server.url}/api/register/`, account)).status).toBe(201);
  let otp: string | undefined;
  await expect.poll(() => (otp = new RegExp(`To: ${owner.email}[\\s\\S]*?\\b(\\d{6})\\b`).exec(server.output())?.[1])).toBeDefined();
  expect((await postJson(`${server.url}/api/verify/`, { email: owner.email, otp })).status).toBe(200);
  const strangerSession = await signIn(server, stranger.email, stranger.password);
  const ownerSession = await signIn(server, owner.email, owner.password);
  if (restart) await server.stop();

  // A user name that is not the account's own is a mistake to report, not a promotion to make.
  const mismatch = await createAdmin(env, ["--email", owner.email, "--user-name", `${owner.user_name}x`], "whatever\n");
  expect(mismatch.code, mismatch.output).toBe(1);
  expect(mismatch.output).toContain(`with the user name ${owner.user_name}, not ${owner.user_name}x. Nothing changed.`);
  // The operator's own password piped in, as the review did: the stranger's unverified account is refused.
  const unverified = await createAdmin(env, ["--email", stranger.email], `${owner.password}\n`);
  expect(unverified.code, unverified.output).toBe(1);
  expect(unverified.output).toContain(`${stranger.email} has an account that has not verified its email address`);
  expect(unverified.output).toContain("/reset-password");
  const noPassword = await createAdmin(env, ["--email", owner.email], "");
  expect(noPassword.code, noPassword.output).toBe(2);
  expect(noPassword.output).toContain("No password on standard input");
  const wrong = await createAdmin(env, ["--email", owner.email], `${stranger.password}\n`);
  expect(wrong.code, wrong.output).toBe(1);
  expect(wrong.output).toContain(`That is not the current password of ${owner.email}. Nothing changed.`);
  const promoted = await createAdmin(env, ["--email", owner.email], `${owner.password}\n`);
  expect(promoted.code, promoted.output).toBe(0);
  expect(promoted.output).toContain(`${owner.email} is now a staff superuser. Every session it had is ended (2)`);
  expect(promoted.output).not.toContain(owner.password);
  const again = await createAdmin(env, ["--email", owner.email], "");
  expect(again.output).toContain("is already a staff superuser; nothing changed.");

  const running = restart ? await startServer(port, env) : server;
  // Both sessions from before the promotion (registration and sign-in) are over; the stranger's account is untouched.
  // On PostgreSQL a running server learns of the ended session by notification, within milliseconds.
  await expect.poll(async () => (await getJson(`${running.url}/api/me/`, ownerSession)).status).toBe(401);
  expect((await getJson(`${running.url}/api/me/`, strangerSession)).status).toBe(200);
  expect(promoted.output).toContain("/dashboard#two-factor");
  const token = await enrolAndSignIn(running, owner.email, owner.password);
  const listed = await getJson(`${running.url}/api/admin/users/?staff=true`, token);
  expect(listed.status).toBe(200);
  const staff = listed.body.users.map((user: { email: string }) => user.email);
  expect(staff).toContain(owner.email);
  expect(staff).not.toContain(stranger.email);
  return running;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("npm run create-admin on PostgreSQL, beside a running server", { timeout: 240_000 }, () => {
  const env = { DATABASE_URL: process.env.TEST_DATABASE_URL!, WEB_CONCURRENCY: "1", RATE_LIMIT: "off" };
  let server: RunningServer | undefined;

  beforeAll(async () => {
    await migratePostgres(env.DATABASE_URL);
    server = await startServer(4102, env);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("promotes only a verified account, with its password, and ends its sessions", async () => {
    await promotesOnlyTheOwnersAccount(server!, env, 4102, false);
  });
});
