import fs from "node:fs";
import path from "node:path";
import { ensurePrivateDataDir } from "@/lib/db/private-data-dir.mjs";

/** The generated secrets of an embedded database: a JSON object beside its data, mode 0600. */
export type SecretsDocument = Record<string, unknown>;

/** `.data/pglite` keeps its secrets in `.data/secrets.json`. */
export function secretsFileOf(dataDir: string): string {
  return path.join(path.dirname(dataDir), "secrets.json");
}

/** The directory of `file`, private to this user (keys:rotate may be the first to write there). */
function preparePrivateDir(file: string): void {
  const notice = ensurePrivateDataDir(path.dirname(file));
  if (notice) console.warn(`> ${notice}`);
}

/** The document, or null when there is none yet. */
export function readSecretsFile(file: string): SecretsDocument | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SecretsDocument;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Writes the first document; when another process won the race, its document is the one returned. */
export function createSecretsFile(file: string, document: SecretsDocument): SecretsDocument {
  preparePrivateDir(file);
  try {
    fs.writeFileSync(file, JSON.stringify(document), { mode: 0o600, flag: "wx" });
    return document;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readSecretsFile(file) ?? document;
  }
}

const LOCK_WAIT_MS = 5_000;

/** Serialises writers (two rotations at once) with an exclusively created lock file; readers never wait. */
async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() > deadline) throw new Error(`${lock} has been held for ${LOCK_WAIT_MS / 1000} s: another rotation is running, or one crashed (then delete the file).`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Replaces the document with `update(current)`. Readers (a running server re-reading the file) see the
 * old document or the new one, never half of one: the new one is written aside and renamed over it.
 */
export async function updateSecretsFile(file: string, update: (current: SecretsDocument | null) => Promise<SecretsDocument>): Promise<SecretsDocument> {
  preparePrivateDir(file);
  return withFileLock(file, async () => {
    const next = await update(readSecretsFile(file));
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(next), { mode: 0o600 });
    fs.renameSync(temporary, file);
    return next;
  });
}
