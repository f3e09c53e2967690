// What a request costs, recorded structurally: every SQL statement the Prisma driver adapter runs and every
// argon2 computation, split into the work before the answer and the work after it (lib/background.ts).
// A test file that uses it mocks two modules with pass-throughs that report here (see tests/integration/enumeration.test.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

export interface WorkLog {
  /** In order: `sql: <statement>` and `argon2: <operation>`, run before the request answered. */
  answer: string[];
  /** The same for the work the request left to run after its answer. */
  after: string[];
}

const background = new AsyncLocalStorage<true>();
let current: WorkLog | null = null;

/** Notes one unit of work in the log being recorded, on the side of the answer it belongs to. */
export function noteWork(entry: string): void {
  if (!current) return;
  (background.getStore() ? current.after : current.answer).push(entry);
}

/** Runs `task` as work after the answer (the pass-through of runInBackground calls this). */
export function asBackgroundWork<T>(task: () => T): T {
  return background.run(true, task);
}

type Queryable = { performIO(query: { sql: string }): Promise<unknown> };

/** Both adapters run every statement, in and outside transactions, through their queryable's performIO. */
function recordStatementsOf(adapter: object): void {
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable & { recorded?: true };
  if (prototype.recorded) return;
  const performIO = prototype.performIO;
  prototype.performIO = function (this: Queryable, query) {
    noteWork(`sql: ${query.sql}`);
    return performIO.call(this, query);
  };
  prototype.recorded = true;
}

let isInstalled = false;

async function install(): Promise<void> {
  if (isInstalled) return;
  // Adapters over clients that are never used, only to reach the prototypes the real ones share.
  recordStatementsOf(await new PrismaPGlite({} as ConstructorParameters<typeof PrismaPGlite>[0]).connect());
  const pg = await new PrismaPg({ connectionString: "postgres://127.0.0.1:1/unused" }).connect();
  recordStatementsOf(pg);
  await pg.dispose();
  isInstalled = true;
}

/** Runs `request` and returns what it ran before it answered, and after (background work settled by `settle`). */
export async function recordWork(request: () => Promise<unknown>, settle: () => Promise<void>): Promise<WorkLog> {
  await install();
  await settle();
  const log: WorkLog = { answer: [], after: [] };
  current = log;
  try {
    await request();
    await settle();
  } finally {
    current = null;
  }
  return log;
}
