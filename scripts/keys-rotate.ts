// `npm run keys:rotate`: a new Ed25519 signing key, with the same DATABASE_URL (and token lifetimes) as the
// server. Stored keys: the new key is stored and becomes the signing key; running servers switch within
// KEYS_RELOAD_SECONDS; the old key keeps verifying (and stays in the JWKS) until its last token expires.
// Works while the server runs: on PostgreSQL in one transaction, on the embedded database by rewriting
// .data/secrets.json, which the server re-reads (the database itself stays locked by the server).
// `npm run keys:rotate -- --env`: JWT_PRIVATE_KEY is set: prints the values of an environment rollover.
import os from "node:os";
import { planEnvironmentRollover, rotateSigningKey } from "@/lib/auth/key-rotation";
import { closeDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

const usage = `Usage: npm run keys:rotate            rotate the stored signing key (.data/secrets.json or server_secrets)
       npm run keys:rotate -- --env   JWT_PRIVATE_KEY is set: print the new values for a rollover in the environment`;

async function rotateStored(): Promise<void> {
  const who = `${os.userInfo().username}@${os.hostname()} (npm run keys:rotate)`;
  const result = await rotateSigningKey(who);
  const where = { file: "the embedded database's secrets.json", database: "the server_secrets table", memory: "this process only (in-memory database)" }[result.store];
  const reload = getEnv().KEYS_RELOAD_SECONDS;
  console.log(`Rotated the signing key in ${where}.`);
  console.log(`  signing key now: ${result.kid}`);
  for (const key of result.retired) {
    console.log(`  retired:         ${key.kid}  (still verifies and stays in the JWKS until ${key.expiresAt.toISOString()})`);
  }
  for (const kid of result.dropped) console.log(`  dropped:         ${kid}  (every token it signed has expired)`);
  console.log(`Running servers sign with the new key within ${reload} s (KEYS_RELOAD_SECONDS); tokens signed before keep working.`);
  if (result.auditedBy !== "this command") {
    console.log(`The server (pid ${result.auditedBy.serverPid}) has the embedded database open: it records the audit event when it picks the key up.`);
  }
}

async function printEnvironmentRollover(): Promise<void> {
  const plan = await planEnvironmentRollover();
  console.log(`# Environment rollover ${plan.previousKid} -> ${plan.kid} (README, "Signing keys").
# Keep the private key secret: store these in your secret manager, not in shell history.
#
# Step 1 (several instances): deploy this on every instance first; they keep signing with the old key
# but already accept the new one.
JWT_PREVIOUS_PUBLIC_KEYS='${plan.stagedPreviousPublicKeys}'
#
# Step 2: sign with the new key, keep accepting the old one.
JWT_PRIVATE_KEY='${plan.privateKeyPem.trim()}'
JWT_PREVIOUS_PUBLIC_KEYS='${plan.previousPublicKeys}'
#
# Step 3: after REFRESH_TOKEN_LIFETIME (${getEnv().REFRESH_TOKEN_LIFETIME} s) plus the JWKS cache time (300 s), remove
# ${plan.previousKid} from JWT_PREVIOUS_PUBLIC_KEYS.`);
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(usage);
  process.exit(0);
}
if (args.some((arg) => arg !== "--env")) {
  console.error(`Unknown argument: ${args.find((arg) => arg !== "--env")}\n${usage}`);
  process.exit(2);
}

try {
  await (args.includes("--env") ? printEnvironmentRollover() : rotateStored());
  await closeDatabase();
  process.exit(0);
} catch (error) {
  console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
