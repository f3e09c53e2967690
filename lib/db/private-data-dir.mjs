// Plain JavaScript: the server entry, the embedded database's own process and the command-line tools all
// pass through it (lockDataDir, the secrets file) before they write anything beside the database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PRIVATE_MODE = 0o700;
const SECRETS_FILE = /^secrets\.json(\.lock|\.\d+\.tmp)?$/;
const LOCK_FILE = /\.(lock|open)$/;

function describeUser(uid) {
  try {
    const { username } = os.userInfo();
    return `${username} (uid ${uid})`;
  } catch {
    return `uid ${uid}`;
  }
}

const octal = (mode) => (mode & 0o777).toString(8).padStart(4, "0");

/**
 * Whether `dir` holds nothing but what the embedded database puts there: databases (a directory with
 * PG_VERSION, or an empty one initdb has yet to fill), their lock files and secrets.json. Only such a
 * directory is tightened without asking: chmod on a directory shared with anything else (a project
 * checkout, /srv, /) would take it away from whoever else uses it.
 */
function foreignEntryOf(dir, databaseName) {
  for (const entry of fs.readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.name === databaseName) continue; // whatever state a crashed initdb left it in
    if (entry.isFile() && (SECRETS_FILE.test(entry.name) || LOCK_FILE.test(entry.name))) continue;
    if (entry.isDirectory() && (fs.existsSync(/* turbopackIgnore: true */ path.join(full, "PG_VERSION")) || fs.readdirSync(/* turbopackIgnore: true */ full).length === 0)) continue;
    return entry.name;
  }
  return null;
}

/**
 * Makes `dir`, the directory that holds an embedded database, its lock files and secrets.json, private to
 * the user running this process (mode 0700), so nothing inside is reachable by anyone else: PGlite writes
 * its files 0666 and its directories 0755 whatever the umask, and the WAL holds password hashes.
 * A missing directory is created private; one of ours with wider modes is tightened and a notice returned
 * (the caller says it once); one that belongs to another user, or that holds more than the database, is
 * refused with the fix to apply, as PostgreSQL refuses a data directory others can read.
 * `databaseName` is the database's own directory in `dir`, when the caller knows it. Returns null when
 * nothing had to change.
 */
export function ensurePrivateDataDir(dir, databaseName) {
  const uid = process.getuid?.();
  if (uid === undefined) return null; // no Unix permissions to speak of
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_MODE });
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory. Point DATA_DIR (or DATABASE_URL=pglite:<dir>) at a directory.`);
  if (stat.uid !== uid) {
    throw new Error(
      `${dir} holds the embedded database and its secrets but belongs to uid ${stat.uid}, not to ${describeUser(uid)} who runs this. ` +
        `Give it to this user (chown -R ${uid} ${dir}) or point DATA_DIR at a directory of this user's.`,
    );
  }
  if ((stat.mode & 0o077) === 0) return null;
  const foreign = foreignEntryOf(dir, databaseName);
  if (foreign !== null) {
    throw new Error(
      `${dir} holds the embedded database and its secrets, can be read by other users (mode ${octal(stat.mode)}), and holds other things too ("${foreign}"). ` +
        `Keep the database in a directory of its own (DATA_DIR, or DATABASE_URL=pglite:<dir>/pglite), or make this one private yourself: chmod 700 ${dir}`,
    );
  }
  fs.chmodSync(dir, PRIVATE_MODE);
  return `made ${dir} private (mode ${octal(stat.mode)} -> 0700): the embedded database's files, which PGlite writes readable by all, and its secrets are now out of other users' reach`;
}
