// Hooks only (vitest setupFiles): each integration file gets a fake Resend API, a clean
// environment before every test, and a closed database at the end. Tests import from "../support".
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { closeDatabase, getPrisma } from "@/lib/db/client";
import { resetKeys } from "@/lib/auth/keys";
import { onBackgroundFailure, settleBackground } from "@/lib/background";
import { getFakeResend, setTestEnv, startTestMail, stopTestMail } from "./test-env";

// Work done after the answer (lib/background.ts) only logs its failures: a test during which some failed fails.
const backgroundFailures: unknown[] = [];
onBackgroundFailure((error) => backgroundFailures.push(error));

async function expectNoBackgroundFailure(): Promise<void> {
  await settleBackground();
  const failures = backgroundFailures.splice(0);
  if (failures.length === 0) return;
  const described = failures.map((error) => (error instanceof Error ? error.stack ?? error.message : String(error)));
  throw new Error(`${failures.length} background task(s) failed during this test:\n${described.join("\n")}`);
}

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

afterEach(expectNoBackgroundFailure);

afterAll(async () => {
  await expectNoBackgroundFailure().finally(async () => {
    await closeDatabase();
    resetKeys();
    await stopTestMail();
  });
});
