import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { startServer, type RunningServer } from "./server";

const PORT = 3271;

/** The ```bash blocks of the README's "Example with curl" section, in order. */
function walkThroughBlocks(): string[] {
  const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const start = readme.indexOf("### Example with curl\n");
  const end = readme.indexOf("\n## ", start);
  expect(start).toBeGreaterThan(-1);
  return [...readme.slice(start, end).matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** One shell the blocks are pasted into, one after the other, as a reader would. */
function openShell(): { shell: ChildProcessWithoutNullStreams; paste(block: string): Promise<string[]> } {
  const shell = spawn("bash", ["-s"], { stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  shell.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  shell.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let pasted = 0;
  return {
    shell,
    async paste(block) {
      const marker = `@@pasted-${++pasted}@@`;
      const from = output.length;
      shell.stdin.write(`${block}\necho ${marker}\n`);
      const deadline = Date.now() + 30_000;
      while (!output.includes(marker)) {
        if (Date.now() > deadline || shell.exitCode !== null) throw new Error(`the shell did not finish block ${pasted}: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return output.slice(from, output.indexOf(marker)).split("\n").filter(Boolean);
    },
  };
}

describe("README: the curl walk-through, pasted into a shell", () => {
  let server: RunningServer | undefined;
  let shell: ChildProcessWithoutNullStreams | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-curl-"));

  afterAll(async () => {
    shell?.kill();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("registers, verifies with the code from the server console, calls, refreshes and signs out", async () => {
    const [register, rest, ...others] = walkThroughBlocks();
    expect(others).toEqual([]);
    // As `npm start` runs for a newcomer: the embedded database, codes on the console (no RESEND_API_KEY).
    delete process.env.RESEND_API_KEY;
    delete process.env.DATABASE_URL;
    server = await startServer(PORT, { DATA_DIR: dataDir });
    const session = openShell();
    shell = session.shell;

    // The one edit the README asks for in the first block: where the server is (here not on port 3000).
    expect(register).toContain("B=http://localhost:3000\n");
    const registered = await session.paste(register!.replace("B=http://localhost:3000\n", `B=http://localhost:${PORT}\n`));
    expect(registered).toHaveLength(1);
    expect(JSON.parse(registered[0]!)).toMatchObject({ response: "Registration Successful!", user: { email: "ada@example.com", is_verified: false } });
    expect(await session.paste('echo "$ACCESS" "$REFRESH"')).toEqual([`${JSON.parse(registered[0]!).access} ${JSON.parse(registered[0]!).refresh}`]);

    // The reader looks for the line the README quotes on the server's console and types the code in.
    const code = /\[email\] Subject: Your verification code: (\d{6})/.exec(server.output())?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(rest!.startsWith("OTP=123456\n")).toBe(true);
    const answers = await session.paste(rest!.replace("OTP=123456\n", `OTP=${code}\n`));
    expect(answers).toHaveLength(4);
    const [verified, experiment, refreshed, loggedOut] = answers as [string, string, string, string];
    const pair = JSON.parse(verified);
    expect(pair.detail).toBe("verified");
    expect(decodeJwt(pair.access)).toMatchObject({ token_type: "access", verified: true });
    expect(JSON.parse(experiment)).toEqual({ detail: "accessed" });
    const next = JSON.parse(refreshed);
    expect(decodeJwt(next.refresh)).toMatchObject({ token_type: "refresh" });
    expect(next.refresh).not.toBe(pair.refresh);
    expect(loggedOut).toBe("205");
    // The variables hold the last pair, as the block's last lines set them.
    expect(await session.paste('echo "$ACCESS" "$REFRESH"')).toEqual([`${next.access} ${next.refresh}`]);
  });
});
