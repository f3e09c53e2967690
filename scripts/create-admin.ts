// `npm run create-admin`: creates a verified staff superuser, or makes an existing, verified account one
// once its current password is given (every session it had ends), on the
// database of DATABASE_URL (the server's). Interactive on a terminal; scriptable with
//   npm run create-admin -- --email a@example.com --user-name admin  < password-file
// The password is read from standard input (never from the arguments); the register form's rules apply.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { parseDatabaseUrl } from "@/lib/db/database-url.mjs";
import { checkDatabaseReadiness, describeDatabaseFailure } from "@/lib/db/health";
import { getEnv } from "@/lib/env";
import { toUserNameKey } from "@/lib/identifiers";
import { findUserByEmail, type UserRecord } from "@/lib/db/users";
import { isAppError } from "@/lib/errors";
import { createSuperuser, promoteToSuperuser } from "@/lib/auth/admin/create-admin";

const USAGE = `Usage: npm run create-admin [-- --email <address> --user-name <name>]

Creates a verified staff superuser, or makes the existing account with that email one: that account
must have verified its email address, and its current password must be given; every session it had
ends. On a terminal it asks for what is missing (passwords are not echoed); otherwise the password
(the new one, or the existing account's) is the first line of standard input. Uses DATABASE_URL like
the server; on the embedded database the server must be stopped first.`;

class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

const isInteractive = process.stdin.isTTY === true;

function readArguments(): { email?: string; userName?: string } {
  try {
    const { values } = parseArgs({
      options: { email: { type: "string" }, "user-name": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return { email: values.email, userName: values["user-name"] };
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, 2);
  }
}

async function ask(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(question)).trim();
  } finally {
    prompt.close();
  }
}

/** A password typed on the terminal without echo (raw mode: each key is ours to show or not). */
async function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: string): void => {
        for (const char of chunk) {
          if (char === "\r" || char === "\n") {
            stdin.off("data", onData);
            process.stdout.write("\n");
            resolve(typed);
            return;
          }
          if (char === "\u0003" || char === "\u0004") {
            stdin.off("data", onData);
            process.stdout.write("\n");
            reject(new CliError("Cancelled.", 130));
            return;
          }
          if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
          else if (char >= " ") typed += char;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}

/** Piped input: the first line is the password (a trailing newline or CRLF is not part of it). */
async function readPasswordFromStdin(): Promise<string> {
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const password = input.split(/\r?\n/)[0] ?? "";
  if (!password) throw new CliError("No password on standard input. Pipe it in, e.g. `npm run create-admin -- --email ... --user-name ... < password.txt`.", 2);
  return password;
}

async function askNewPassword(): Promise<string> {
  if (!isInteractive) return readPasswordFromStdin();
  for (;;) {
    const password = await askHidden("Password: ");
    if ((await askHidden("Password (again): ")) === password) return password;
    console.error("The two passwords do not match. Try again.");
  }
}

/** Opens the database the server uses; an embedded one held by a running server is refused with a clear way out. */
async function openDatabase(): Promise<void> {
  const env = getEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL, env.DATA_DIR);
  if (target.kind === "pglite" && target.dataDir && !fs.existsSync(path.join(target.dataDir, "PG_VERSION"))) {
    // Most likely a DATA_DIR or DATABASE_URL other than the server's: say so rather than fill a new database quietly.
    console.log(`No embedded database at ${target.dataDir} yet: creating a new one there. If your server uses another DATA_DIR or DATABASE_URL, stop and run this with the same setting.`);
  }
  try {
    await getDatabase();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/is in use by process/.test(message)) {
      throw new CliError(`${message.split(". ")[0]}.\nStop the server first: the embedded database can be open in one process only. Then run npm run create-admin again.`);
    }
    throw new CliError(`Cannot open the database: ${describeDatabaseFailure(error)}`);
  }
  const readiness = await checkDatabaseReadiness(10_000);
  if (readiness.unreachable !== null) throw new CliError(`Cannot reach the database: ${readiness.unreachable}`);
  if (readiness.pendingMigrations && readiness.pendingMigrations.length > 0) {
    throw new CliError(`The database is missing ${readiness.pendingMigrations.length} migration(s). Run npm run db:migrate first.`);
  }
}

/**
 * What the new superuser does next. With ADMIN_REQUIRE_MFA (the default) the admin pages and API need a
 * session at two factors, so the account enrols an authenticator app first.
 */
function describeNextSteps(): string {
  if (!getEnv().ADMIN_REQUIRE_MFA) return "Sign in and open /admin.";
  return [
    "The admin pages need two-factor authentication (ADMIN_REQUIRE_MFA). To enrol:",
    "  1. Sign in at /login with this email and password.",
    "  2. On your dashboard, open the \"Two-factor authentication\" panel (/dashboard#two-factor; opening /admin sends you there too).",
    "  3. Set up an authenticator app: scan the QR code (or type the key), enter its current code, and keep the ten recovery codes somewhere safe.",
    "  4. Open /admin and enter a code from the app.",
  ].join("\n");
}

function describeProblems(error: unknown): string {
  if (!isAppError(error)) throw error;
  const lines = Object.entries(error.errors ?? {}).flatMap(([field, messages]) => messages.map((message) => `  ${field.replace("_", " ")}: ${message}`));
  return lines.length > 0 ? `Not created:\n${lines.join("\n")}` : `Not created: ${error.message}`;
}

/** Ends the command with what happened to an existing account, and what to do when it was refused. */
async function promoteExisting(existing: UserRecord): Promise<void> {
  const { email } = existing;
  if (isInteractive && !(existing.isStaff && existing.isSuperuser) && (await ask(`${email} (user name ${existing.userName}) exists. Make it a staff superuser? [y/N] `)).toLowerCase() !== "y") {
    throw new CliError("Nothing changed.");
  }
  const askPassword = (): Promise<string> => (isInteractive ? askHidden(`Current password of ${email}: `) : readPasswordFromStdin());
  const result = await promoteToSuperuser(existing, askPassword).catch((error: unknown) => {
    if (isAppError(error) && error.code === "rate_limited") {
      throw new CliError(`Too many wrong passwords for ${email}: try again in ${error.retryAfterSeconds ?? 60} s. Nothing changed.`);
    }
    throw error;
  });
  switch (result.outcome) {
    case "already_superuser":
      console.log(`${email} is already a staff superuser; nothing changed.`);
      return;
    case "not_verified":
      throw new CliError(
        `${email} has an account that has not verified its email address: it is not made a superuser, since anyone can register an address. Nothing changed.\n` +
          "If the address is yours: open the code sent to it (or ask for a new one at /verify), or, if you do not know the account's password, reset it by email at /reset-password (that verifies the address and signs everyone else out). Then run npm run create-admin again.",
      );
    case "wrong_password":
      throw new CliError(
        `That is not the current password of ${email}. Nothing changed.\n` +
          "Promoting an existing account takes its password, so that only its owner can make it a superuser. If it is yours and you forgot the password, reset it by email at /reset-password, then run again.",
      );
    case "changed_meanwhile":
      throw new CliError(`The password or the address of ${email} changed while this ran. Nothing changed; run npm run create-admin again.`);
    case "promoted":
      console.log(`${email} is now a staff superuser. Every session it had is ended (${result.sessionsEnded}): sign in again to use /admin.\n${describeNextSteps()}`);
  }
}

async function main(): Promise<void> {
  const args = readArguments();
  const email = args.email ?? (isInteractive ? await ask("Email: ") : undefined);
  if (!email) throw new CliError(`Give --email when standard input is not a terminal.\n\n${USAGE}`, 2);
  await openDatabase();

  const existing = await findUserByEmail(email);
  if (existing && args.userName !== undefined && toUserNameKey(args.userName) !== toUserNameKey(existing.userName)) {
    throw new CliError(
      `${existing.email} already has an account, with the user name ${existing.userName}, not ${args.userName}. Nothing changed.\nTo make that account a staff superuser, run again with --user-name ${existing.userName} or without --user-name.`,
    );
  }
  if (existing) {
    await promoteExisting(existing);
    return;
  }

  const userName = args.userName ?? (isInteractive ? await ask("User name: ") : undefined);
  if (!userName) throw new CliError(`Give --user-name to create a new account.\n\n${USAGE}`, 2);
  for (let attempt = 1; ; attempt++) {
    const password = await askNewPassword();
    try {
      const user = await createSuperuser({ email, userName, password });
      console.log(`Created ${user.email} (user name ${user.userName}): a verified staff superuser.\n${describeNextSteps()}`);
      return;
    } catch (error) {
      const problems = describeProblems(error);
      const onlyPassword = isAppError(error) && Object.keys(error.errors ?? {}).every((field) => field === "password");
      if (!isInteractive || !onlyPassword || attempt === 3) throw new CliError(problems);
      console.error(`${problems}\nChoose another password.`);
    }
  }
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  if (error instanceof CliError) {
    console.error(error.message);
    exitCode = error.exitCode;
  } else {
    console.error(`create-admin failed: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }
}
await closeDatabase().catch(() => undefined);
// PGlite leaves a timer running, so the process would never end on its own.
process.exit(exitCode);
