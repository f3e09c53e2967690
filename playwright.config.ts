import { defineConfig } from "@playwright/test";
import { APP_PORT, APP_URL, FAKE_RESEND_PORT, FAKE_RESEND_URL, SHORT_LIFETIMES, SHORT_PORT, SHORT_URL } from "./e2e/servers";

/**
 * Two production servers from one build: "app" with the real lifetimes, "short" with lifetimes of a
 * few seconds for expiry and rotation tests (tests tagged @short). Both mail through a fake Resend API.
 * Playwright starts the webServer entries one after another, each once its predecessor answers, so
 * the build in the first app entry is finished before the second app server starts.
 */
const serverEnv = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: "pglite:memory",
  RATE_LIMIT: "off",
  RESEND_API_KEY: "re_e2e_key",
  RESEND_BASE_URL: FAKE_RESEND_URL,
  HOST: "127.0.0.1",
  HOSTNAME_BIND: "127.0.0.1",
};

const build = process.env.E2E_SKIP_BUILD === "1" ? "" : "node_modules/.bin/next build && ";
const stringify = (values: Record<string, number>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "app", grepInvert: /@short/, use: { baseURL: APP_URL } },
    { name: "short", grep: /@short/, use: { baseURL: SHORT_URL } },
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx e2e/fake-resend-server.ts",
      env: { FAKE_RESEND_PORT: String(FAKE_RESEND_PORT), RESEND_API_KEY: serverEnv.RESEND_API_KEY },
      url: `${FAKE_RESEND_URL}/_test/emails`,
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 3_000 },
    },
    {
      command: `${build}node scripts/server.mjs`,
      url: `${APP_URL}/login`,
      env: { ...serverEnv, PORT: String(APP_PORT) },
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: "node scripts/server.mjs",
      url: `${SHORT_URL}/login`,
      env: { ...serverEnv, PORT: String(SHORT_PORT), ...stringify(SHORT_LIFETIMES) },
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
