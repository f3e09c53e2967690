import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runToExit, startServer, type RunningServer } from "./server";

describe("embedded database", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-embedded-"));
  let first: RunningServer | undefined;

  afterAll(async () => {
    await first?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second server on the same data directory with a clear error, and keeps serving the first", async () => {
    first = await startServer(3221, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    const second = await runToExit(3222, { DATA_DIR: dataDir, RATE_LIMIT: "off" });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`is in use by process ${first.process.pid}`);
    const res = await fetch(`${first.url}/api/login/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.test", password: "whatever-1" }),
    });
    expect(res.status).toBe(401);
  });
});
