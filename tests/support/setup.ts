// Hooks only (vitest setupFiles): each integration and timing file gets a fake Resend API, a clean
// environment before every test, and a closed database at the end. Tests import from "../support".
import { afterAll, beforeAll, beforeEach } from "vitest";
import { closeDatabase, getPrisma } from "@/lib/db/client";
import { resetKeys } from "@/lib/auth/keys";
import { settleBackground } from "@/lib/background";
import { getFakeResend, setTestEnv, startTestMail, stopTestMail } from "./test-env";

beforeAll(async () => {
  await startTestMail();
  setTestEnv();
  // The database opens (in-memory initdb and migrations on PGlite) in the hook, with the hook's time
  // budget, not inside whichever test happens to touch it first.
  await getPrisma();
});

beforeEach(() => {
  setTestEnv();
  getFakeResend().setMode("ok");
});

afterAll(async () => {
  await settleBackground();
  await closeDatabase();
  resetKeys();
  await stopTestMail();
});
