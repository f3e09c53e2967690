import "server-only";
import { checkDatabaseReadiness } from "@/lib/db/health";
import { getKeys } from "@/lib/auth/keys";

export interface Readiness {
  status: "ok" | "unavailable";
  checks: { database: string; migrations: string; keys: string };
}

/** Database reachable, this build's migrations applied, signing keys loaded: each part says "ok" or why not. */
export async function checkReadiness(): Promise<Readiness> {
  const [database, keys] = await Promise.all([
    checkDatabaseReadiness(),
    getKeys().then(
      () => "ok",
      (error: unknown) => `not loaded: ${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}`,
    ),
  ]);
  const checks = {
    database: database.unreachable !== null ? `unreachable: ${database.unreachable}` : "ok",
    migrations:
      database.pendingMigrations === null ? "unknown" : database.pendingMigrations.length > 0 ? `pending: ${database.pendingMigrations.join(", ")}` : "ok",
    keys,
  };
  return { status: Object.values(checks).every((value) => value === "ok") ? "ok" : "unavailable", checks };
}
