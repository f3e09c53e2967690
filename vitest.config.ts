import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const alias = {
  "@": root,
  // Next resolves "server-only" to an empty module on the server; outside Next it would throw.
  "server-only": path.join(root, "tests/support/empty-module.ts"),
};

/** Route handlers on a real database, email through the fake Resend API. */
const integration = {
  environment: "node" as const,
  globalSetup: ["tests/support/global-setup.ts"],
  setupFiles: ["tests/support/setup.ts"],
  testTimeout: 30_000,
  // A file's first hook opens its database (an in-memory initdb and the migrations on PGlite): at a load of 19
  // on two cores one took over 60 s.
  hookTimeout: 120_000,
  pool: "forks" as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.ts", "tests/summary/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: { ...integration, name: "integration", include: ["tests/integration/**/*.test.ts"], maxWorkers: 2 },
      },
      {
        resolve: { alias },
        test: {
          name: "system",
          include: ["tests/system/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
