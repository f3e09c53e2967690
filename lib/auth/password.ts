import "server-only";
import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";

/** OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane); the binding hashes on libuv's pool, off the event loop. */
const hashOptions = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const currentParams = `$argon2id$v=19$m=${hashOptions.memoryCost},t=${hashOptions.timeCost},p=${hashOptions.parallelism}$`;

/**
 * At most one argon2 computation per core at a time, the rest wait their turn: each takes 19 MiB, so a
 * burst of sign-ins queues instead of multiplying the process's memory (and it cannot finish sooner).
 */
const slots = { free: Math.max(1, availableParallelism()), waiting: [] as (() => void)[] };

async function withArgon2Slot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free -= 1;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free += 1;
  }
}

export async function hashPassword(password: string): Promise<string> {
  return withArgon2Slot(() => hash(password, hashOptions));
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown account) it still runs one
 * verification against a dummy hash, so both answers take the same time.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword("dummy-password-for-timing");
  const target = storedHash ?? (await dummyHash);
  try {
    const isValid = await withArgon2Slot(() => verify(target, password));
    return storedHash !== null && isValid;
  } catch {
    return false;
  }
}

/** True when a hash was made with other parameters than today's, so it is upgraded at the next login. */
export function needsRehash(storedHash: string): boolean {
  return !storedHash.startsWith(currentParams);
}
