import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
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

/** Joins the caller's transaction, or opens one: for repositories whose own writes must be atomic. */
export function inTransaction<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? work(tx) : withTransaction(work);
}

/** The caller's transaction if there is one, else the plain client. */
export async function useDb(tx?: Tx): Promise<Tx | PrismaClient> {
  return tx ?? getPrisma();
}
