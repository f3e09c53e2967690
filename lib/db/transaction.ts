import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";

/** A client inside a transaction: repositories take one as their last argument to join it. */
export type Tx = Prisma.TransactionClient;

/**
 * Runs a use case's writes as one transaction: all of them happen or none does. Inside, touch the
 * database only through `tx`: the embedded database has a single connection, so a query on the plain
 * client (a rate limit, a first key load) would wait for this transaction forever.
 */
export async function withTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  return prisma.$transaction(work, { maxWait: 10_000, timeout: 15_000 });
}

const CONFLICT_RETRIES = 3;

/** PostgreSQL ended the transaction to break a deadlock or a serialization conflict: running it again can succeed. */
function isWriteConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034";
}

/**
 * A transaction that takes row locks (SELECT ... FOR UPDATE): if PostgreSQL ends it to break a deadlock
 * with another use case's locks, it runs again from the start, up to three more times. `work` must
 * therefore only touch the database through `tx` until it returns.
 */
export async function withLockingTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTransaction(work);
    } catch (error) {
      if (attempt >= CONFLICT_RETRIES || !isWriteConflict(error)) throw error;
    }
  }
}

/** Joins the caller's transaction, or opens one: for repositories whose own writes must be atomic. */
export function inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : withTransaction(work);
}

/** The caller's transaction if there is one, else the plain client. */
export async function useDb(tx?: Tx): Promise<Tx | PrismaClient> {
  return tx ?? getPrisma();
}
