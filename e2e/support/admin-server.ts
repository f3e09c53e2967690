import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { FAKE_RESEND_URL } from "../servers";
import { pageHeaders } from "./session";
import { enrolByApi, enrolElsewhere, signInWithTwoFactorsByApi, type AuthenticatorApp } from "./two-factors";
import { createTestUser, type TestUser } from "./users";

export interface AdminServer {
  url: string;
  /** The superuser `npm run create-admin` made. */
  admin: TestUser;
  /** The admin's authenticator app, once enrolled (by `enrolAdmin`, or the first `signInAdmin`). */
  adminApp: AuthenticatorApp | null;
  /**
   * Enrols the admin's authenticator app from the session behind `request` (signed in with the password,
   * as `npm run create-admin` leaves the account without a second factor); the confirmation raises that session.
   */
  enrolAdmin: (request: APIRequestContext) => Promise<AuthenticatorApp>;
  /** Enrols the admin's app from a session of its own (another browser): sessions signed in before stay at one factor. */
  enrolAdminElsewhere: () => Promise<AuthenticatorApp>;
  /**
   * Signs the admin in where `request` keeps its cookies (a page's: `page.request`) at two factors, as the
   * admin pages require (ADMIN_REQUIRE_MFA); enrols the app first if that has not happened yet.
   */
  signInAdmin: (request: APIRequestContext) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The operator's way in: `npm run create-admin` on a stopped embedded database, then a server of its own
 * on it (the shared e2e servers keep their database in memory, out of the command's reach). `env` adds
 * settings, such as short token lifetimes.
 */
export async function startAdminServer(port: number, env: Record<string, string> = {}): Promise<AdminServer> {
  const url = `http://127.0.0.1:${port}`;
  const admin = { ...createTestUser(), userName: `admin_${Date.now().toString(36)}` };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-admin-"));
  const baseEnv = { ...process.env, DATABASE_URL: `pglite:${path.join(dataDir, "pglite")}`, DATA_DIR: dataDir };
  const created = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/create-admin.ts", "--email", admin.email, "--user-name", admin.userName], {
    env: baseEnv,
    input: `${admin.password}\n`,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(created.status, created.stderr).toBe(0);
  expect(created.stdout).toContain("a verified staff superuser");
  const server: ChildProcess = spawn(process.execPath, ["scripts/server.mjs"], {
    env: {
      ...baseEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      RATE_LIMIT: "off",
      RESEND_API_KEY: "re_e2e_key",
      RESEND_BASE_URL: FAKE_RESEND_URL,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      const exited = once(server, "exit");
      server.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await expect
      .poll(async () => (server.exitCode === null ? ((await fetch(`${url}/login`).catch(() => null))?.status ?? 0) : -1), {
        message: `the admin server on ${port}: ${output}`,
        timeout: 120_000,
        intervals: [200],
      })
      .toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }
  const handle: AdminServer = {
    url,
    admin,
    adminApp: null,
    enrolAdmin: async (request) => {
      handle.adminApp = await enrolByApi(request, url, admin.password);
      return handle.adminApp;
    },
    enrolAdminElsewhere: async () => {
      handle.adminApp = await enrolElsewhere(url, admin);
      return handle.adminApp;
    },
    signInAdmin: async (request) => {
      if (!handle.adminApp) {
        const first = await request.post("/api/login/", { headers: pageHeaders(url), data: { email: admin.email, password: admin.password } });
        expect(first.status(), await first.text()).toBe(200);
        await handle.enrolAdmin(request);
      }
      await signInWithTwoFactorsByApi(request, url, admin, handle.adminApp!);
    },
    stop,
  };
  return handle;
}

/**
 * The admin server of one spec file: started before its tests (`npm run create-admin` and a first start
 * take a while on a shared machine), stopped after them. The getter answers it inside the tests.
 */
export function adminServerOfThisFile(port: number, env: Record<string, string> = {}): () => AdminServer {
  let server: AdminServer | undefined;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    server = await startAdminServer(port, env);
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error(`the admin server on port ${port} did not start`);
    return server;
  };
}
