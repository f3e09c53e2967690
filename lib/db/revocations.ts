import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgliteTarget, pgTarget, type MigrationTarget } from "@/lib/db/migrate";

/** The channel the database announces ended sessions and changed users on (see the migration). */
export const REVOCATION_CHANNEL = "auth_revocations";

export type SessionStanding = "revoked" | "inactive" | "live" | "unknown";

/**
 * What this process knows, without asking the database, about sessions that ended and users whose
 * standing changed recently. It is fed by the database's notifications and resynced after every
 * (re)connection; while not in sync, and for anything it was told to doubt, it answers "unknown" and the
 * caller asks the database. A session is remembered as long as an access token issued before its end can
 * still be valid (the access lifetime, plus a margin for clock skew).
 */
export class RevocationView {
  private readonly revokedSessions = new Map<string, number>();
  private readonly inactiveUsers = new Set<string>();
  private readonly doubted = new Map<string, number>();
  private isSynced = false;

  constructor(private readonly retainMs: number) {}

  get inSync(): boolean {
    return this.isSynced;
  }

  standingOf(sessionId: string, userId: string): SessionStanding {
    if (this.revokedSessions.has(sessionId)) return "revoked";
    if (this.inactiveUsers.has(userId)) return "inactive";
    if (!this.isSynced || this.doubted.has(sessionId) || this.doubted.has(userId)) return "unknown";
    return "live";
  }

  /** A payload of the revocation channel: "session <id>" or "user <id> <is_active> <is_verified>". */
  apply(payload: string): void {
    const [kind, id, isActive, isVerified] = payload.split(" ");
    if (!id) return;
    if (kind === "session") this.revokedSessions.set(id, Date.now() + this.retainMs);
    if (kind !== "user") return;
    if (isActive === "false") this.inactiveUsers.add(id);
    else this.inactiveUsers.delete(id);
    // No longer verified: tokens issued before say otherwise until they expire; ask the database.
    if (isVerified === "false") this.doubt(id);
  }

  /**
   * Sends a session or user to the database until told otherwise: this process is ending sessions whose
   * notification has not arrived yet (or whose transaction may still roll back).
   */
  doubt(id: string): void {
    this.doubted.set(id, Date.now() + this.retainMs);
  }

  /** Everything the database says ended within the retention window, after a (re)connection. */
  resync(state: { revokedSessionIds: string[]; inactiveUserIds: string[] }): void {
    const until = Date.now() + this.retainMs;
    for (const id of state.revokedSessionIds) this.revokedSessions.set(id, until);
    this.inactiveUsers.clear();
    for (const id of state.inactiveUserIds) this.inactiveUsers.add(id);
    this.isSynced = true;
  }

  lose(): void {
    this.isSynced = false;
  }

  prune(now = Date.now()): void {
    for (const map of [this.revokedSessions, this.doubted]) {
      for (const [id, until] of map) if (until <= now) map.delete(id);
    }
  }
}

/** What the view needs from a database to resync: ended sessions in the window, and inactive users. */
async function readResyncState(db: MigrationTarget, retainSeconds: number): Promise<Parameters<RevocationView["resync"]>[0]> {
  const [sessions, users] = await Promise.all([
    db.query<{ id: string }>(`SELECT id::text AS id FROM sessions WHERE revoked_at >= now() - make_interval(secs => $1)`, [retainSeconds]),
    db.query<{ id: string }>(`SELECT id::text AS id FROM users WHERE NOT is_active`),
  ]);
  return { revokedSessionIds: sessions.map((row) => row.id), inactiveUserIds: users.map((row) => row.id) };
}

export interface RevocationFeed {
  view: RevocationView;
  close(): Promise<void>;
}

function startPruning(view: RevocationView): NodeJS.Timeout {
  return setInterval(() => view.prune(), 30_000).unref();
}

/** The embedded database lives in this process: its notifications arrive here, and nothing can drop them. */
export async function startPgliteFeed(pglite: PGlite, retainSeconds: number): Promise<RevocationFeed> {
  const view = new RevocationView(retainSeconds * 1000);
  const unlisten = await pglite.listen(REVOCATION_CHANNEL, (payload) => view.apply(payload));
  view.resync(await readResyncState(pgliteTarget(pglite), retainSeconds));
  const timer = startPruning(view);
  return {
    view,
    async close() {
      clearInterval(timer);
      await unlisten();
    },
  };
}

/**
 * The embedded database in its own process (lib/db/pglite-server.mjs) over one pooled connection: every
 * write of this server goes through that connection, and the notifications a write raises come back on it
 * before the write's result. Each connection LISTENs and resyncs when it opens; while none is open (it
 * dropped) the view is out of sync and callers ask the database.
 */
export async function startConnectionFeed(pool: pg.Pool, retainSeconds: number): Promise<RevocationFeed> {
  const view = new RevocationView(retainSeconds * 1000);
  const followed = new WeakSet<pg.PoolClient>();
  const follow = async (client: pg.PoolClient): Promise<void> => {
    if (followed.has(client)) return;
    followed.add(client);
    client.on("notification", (message) => {
      if (message.channel === REVOCATION_CHANNEL && message.payload) view.apply(message.payload);
    });
    client.on("end", () => view.lose());
    await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
    view.resync(await readResyncState(pgTarget(client), retainSeconds));
  };
  const onConnect = (client: pg.PoolClient): void => void follow(client).catch(() => view.lose());
  pool.on("connect", onConnect);
  const client = await pool.connect();
  try {
    await follow(client);
  } finally {
    client.release();
  }
  const timer = startPruning(view);
  return {
    view,
    async close() {
      clearInterval(timer);
      pool.off("connect", onConnect);
      view.lose();
    },
  };
}

/**
 * PostgreSQL: one dedicated connection LISTENs. It listens before it resyncs, so nothing falls between;
 * when the connection drops the view is out of sync (callers ask the database) until a new connection
 * has listened and resynced. Reconnects back off from 100 ms to 5 s.
 */
export function startPostgresFeed(connectionString: string, retainSeconds: number): RevocationFeed {
  const view = new RevocationView(retainSeconds * 1000);
  const timer = startPruning(view);
  let client: pg.Client | null = null;
  let isClosed = false;
  let delay = 100;

  const reconnectLater = (): void => {
    view.lose();
    if (isClosed) return;
    setTimeout(() => void connect(), delay).unref();
    delay = Math.min(delay * 2, 5_000);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: "auth-revocation-feed" });
    let hasFailed = false;
    const fail = (): void => {
      if (hasFailed) return;
      hasFailed = true;
      next.removeAllListeners();
      next.on("error", () => undefined);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      reconnectLater();
    };
    next.on("error", fail);
    next.on("end", fail);
    next.on("notification", (message) => {
      if (message.channel === REVOCATION_CHANNEL && message.payload) view.apply(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${REVOCATION_CHANNEL}`);
      const state = await readResyncState(pgTarget(next), retainSeconds);
      if (hasFailed) return;
      if (isClosed) {
        next.removeAllListeners();
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      view.resync(state);
      delay = 100;
    } catch {
      fail();
    }
  };

  void connect();
  return {
    view,
    async close() {
      isClosed = true;
      clearInterval(timer);
      const current = client;
      client = null;
      view.lose();
      if (current) {
        current.removeAllListeners();
        current.on("error", () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
