import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { FAKE_RESEND_URL } from "./servers";
import { expectNoAxeViolations } from "./support/axe";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { appFromKey, nextCode } from "./support/authenticator";
import { createTestUser } from "./support/users";

/** A newcomer's server: a fresh embedded database, no administrator, the setup link on its console. */
const PORT = 3111 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const URL_ = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | undefined;
let output = "";
let dataDir = "";

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: URL_ });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-first-admin-"));
  server = spawn(process.execPath, ["scripts/server.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: `pglite:${path.join(dataDir, "pglite")}`,
      DATA_DIR: dataDir,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(PORT),
      RATE_LIMIT: "off",
      RESEND_API_KEY: "re_e2e_key",
      RESEND_BASE_URL: FAKE_RESEND_URL,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => (server?.exitCode === null ? /\/setup#\S+/.test(output) : `exited: ${output}`), { timeout: 150_000, intervals: [200] }).toBe(true);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = once(server, "exit");
    server.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("the link on the server's console creates the first administrator, sends them to enrol a second factor, and works once", async ({ page }) => {
  const link = output.match(/http:\/\/\S+\/setup#\S+/)?.[0];
  expect(link, output).toBeDefined();
  expect(link!.startsWith(`${URL_}/setup#`)).toBe(true);

  await page.goto("/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Create the first administrator" })).toBeVisible();
  await expect(page.getByText("This page needs the setup link the server printed on its console")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create administrator" })).toHaveCount(0);

  await page.goto(link!);
  await expect(page.getByRole("button", { name: "Create administrator" })).toBeEnabled();
  await expectNoAxeViolations(page, "/setup with its link");
  const admin = createTestUser();
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("User name").fill(admin.userName);
  await page.getByLabel("Password", { exact: true }).fill("password123");
  await page.getByLabel("Confirm password").fill("password123");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText(/too common/i)).toBeVisible();

  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Confirm password").fill(admin.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  // Staff need two factors: the new administrator goes straight to enrolment on the dashboard.
  await expect(page).toHaveURL(`${URL_}/dashboard?enrol=staff#two-factor`);
  await expect(page.getByRole("heading", { level: 1, name: `Hello, ${admin.userName}` })).toBeVisible();
  // Focus starts where the page sent them: the two-factor panel, not the page's heading.
  await expect(page.getByRole("heading", { level: 2, name: "Two-factor authentication" })).toBeFocused();
  // Enrolling on the dashboard proves the app with the code it shows, as a step-up would: the admin link then
  // opens the admin pages without asking for a second code (that code is spent; the next step's would be too soon).
  const panel = new TwoFactorPanel(page);
  await panel.setUp.click();
  await panel.password.fill(admin.password);
  await panel.continueButton.click();
  const app = appFromKey(await panel.key.innerText());
  await panel.code.fill(nextCode(app));
  await panel.turnOn.click();
  await expect(panel.recoveryCodes).toHaveCount(10);
  await panel.saved.click();
  await page.getByRole("link", { name: "Admin: manage users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expect(page).toHaveURL(`${URL_}/admin`);
  await expect(page.getByRole("link", { name: admin.userName })).toBeVisible();

  // The same link again, in another browser: the setup is closed for good.
  const stranger = await page.context().browser()!.newContext({ baseURL: URL_ });
  const other = await stranger.newPage();
  await other.goto(link!);
  await expect(other.getByText("An administrator exists already")).toBeVisible();
  await expect(other.getByRole("button", { name: "Create administrator" })).toHaveCount(0);
  await expectNoAxeViolations(other, "/setup once an administrator exists");
  await stranger.close();
});
