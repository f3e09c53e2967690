// The statements the app sends to its database while some work runs, seen at the driver (pg for
// PostgreSQL, PGlite in-process), and how many round trips they cost one after the other. The order of
// events is what counts here, never their durations.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { settleBackground } from "@/lib/background";

export interface Statement {
  sql: string;
  /** Positions in the sequence of starts and ends of every statement recorded. */
  started: number;
  ended: number;
}

type Method = (...args: unknown[]) => unknown;
type Transaction = { query: Method; exec: Method };

let recording: Statement[] | null = null;
let clock = 0;

function record<T>(sql: string, result: T): T {
  if (!recording || !(result instanceof Promise)) return result;
  const statement: Statement = { sql: sql.replace(/\s+/g, " ").trim(), started: clock++, ended: Number.POSITIVE_INFINITY };
  recording.push(statement);
  return result.finally(() => {
    statement.ended = clock++;
  }) as T;
}

const sqlOf = (query: unknown): string => (typeof query === "string" ? query : String((query as { text?: unknown } | null)?.text ?? query));

/** Wraps `owner[name]` to record each statement it starts (for which `counts` holds); returns the undo. */
function wrap(owner: object, name: string, counts: (self: unknown) => boolean = () => true): () => void {
  const target = owner as Record<string, Method>;
  const original = target[name]!;
  target[name] = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    return counts(this) ? record(sqlOf(args[0]), result) : result;
  };
  return () => {
    target[name] = original;
  };
}

/** PGlite's transactions run their statements on the object they hand to the callback. */
function wrapPgliteTransactions(): () => void {
  const target = PGlite.prototype as unknown as { transaction: Method };
  const original = target.transaction;
  target.transaction = function (this: unknown, callback: unknown) {
    return original.call(this, (tx: Transaction) => {
      wrap(tx, "query");
      wrap(tx, "exec");
      return (callback as (tx: Transaction) => unknown)(tx);
    });
  };
  return () => {
    target.transaction = original;
  };
}

/**
 * Runs `work` and returns the statements it sent (background work from before is settled first, so its
 * statements do not count). A pool query runs its client's query with a callback, which returns no
 * promise: counted once.
 */
export async function recordStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
  await settleBackground();
  const undo = [
    wrap(pg.Pool.prototype, "query"),
    // The app's statements run on pooled connections (a transaction's on one it checked out); the revocation
    // feed's LISTEN connection is one of its own, whose reconnections are not the work's.
    wrap(pg.Client.prototype, "query", (client) => typeof (client as { release?: unknown }).release === "function"),
    wrap(PGlite.prototype, "query"),
    wrap(PGlite.prototype, "exec"),
    wrapPgliteTransactions(),
  ];
  const statements: Statement[] = [];
  recording = statements;
  try {
    return { result: await work(), statements };
  } finally {
    recording = null;
    for (const restore of undo) restore();
  }
}

/**
 * Round trips one after the other: the longest chain of statements each started after the one before it
 * ended. Statements sent together (Promise.all) overlap and count once.
 */
export function sequentialRoundTrips(statements: Statement[]): number {
  const chain = new Map<Statement, number>();
  const ordered = [...statements].sort((a, b) => a.started - b.started);
  for (const statement of ordered) {
    const before = ordered.filter((earlier) => earlier.ended < statement.started).map((earlier) => chain.get(earlier) ?? 0);
    chain.set(statement, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...chain.values());
}
