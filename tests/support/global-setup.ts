import pg from "pg";
import { applyMigrations, pgTarget } from "../../lib/db/migrate";

/** On PostgreSQL the suite starts from an empty schema migrated once; PGlite runs in memory per file. */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await applyMigrations(pgTarget(client));
  } finally {
    await client.end();
  }
}
