// The embedded database in a process of its own. scripts/server.mjs forks it (with an IPC channel) before
// it starts Next on the embedded database: PGlite's WebAssembly memory then lives here, not in the
// server, and the database and the server each have a core.
//   node lib/db/pglite-server.mjs <data-dir | memory> <socket-dir>
// It serves PostgreSQL's wire protocol on <socket-dir>/.s.PGSQL.5432, a Unix socket in a directory only
// this user can enter, through PGlite's own protocol entry point (execProtocolRawStream). PGlite is one
// database session, so it serves one connection at a time: the server's pool holds exactly one. When that
// connection ends, the session is reset (an open transaction rolled back, prepared statements and
// listeners dropped) so the next connection starts clean.
// The server holds the data directory's lock (its errors name the server); this process holds a second
// lock while PGlite is open.
// It stops when the server that forked it goes away (its IPC channel closes), after closing PGlite, so
// the server can drain its requests first: SIGTERM and SIGINT, which reach the whole process group, are
// left to the server.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { lockOpenDataDir } from "./data-dir-lock.mjs";
import { openPglite } from "./pglite-open.mjs";

const [dataArg, socketDir] = process.argv.slice(2);
if (!dataArg || !socketDir) {
  console.error("usage: node lib/db/pglite-server.mjs <data-dir | memory> <socket-dir>");
  process.exit(2);
}
const dataDir = dataArg === "memory" ? null : path.resolve(dataArg);
const socketPath = path.join(socketDir, ".s.PGSQL.5432");
/** The first message of a connection has no type byte; these ask for TLS, GSSAPI encryption or to cancel. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** PostgreSQL's own bound on a startup packet. */
const MAX_STARTUP_LENGTH = 10_000;

function fail(message) {
  console.error(`[database] ${message}`);
  process.exit(1);
}

let release = () => undefined;
let db;
let stopRequested = false;
// Registered before the (possibly long) lock wait and open, so a server that goes away meanwhile is noticed.
if (process.send) {
  process.on("disconnect", () => {
    stopRequested = true;
    if (db) void stop();
  });
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => undefined);
} else {
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      stopRequested = true;
      if (db) void stop();
    });
  }
}
try {
  // The server that forked this process holds the data directory's lock; this one holds the "open" lock
  // while PGlite is open, so a restarted server's database waits for this one to finish closing.
  release = dataDir ? await lockOpenDataDir(dataDir) : release;
  db = await openPglite(dataDir);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

/** Splits a connection's bytes into whole protocol messages; a length no client sends ends the connection. */
function messageReader() {
  let pending = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const messages = [];
    for (;;) {
      const header = started ? 5 : 4;
      if (pending.length < header) break;
      // A message's length counts itself (4 bytes) but not its type byte; a startup packet has no type byte.
      const length = started ? 1 + pending.readInt32BE(1) : pending.readInt32BE(0);
      if (started ? length < 5 : length < 8 || length > MAX_STARTUP_LENGTH) {
        messages.push({ invalid: true });
        break;
      }
      if (pending.length < length) break;
      const message = Buffer.from(pending.subarray(0, length));
      pending = pending.subarray(length);
      const code = started ? 0 : message.readInt32BE(4);
      if (!started && length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) messages.push({ refuse: true });
      else if (!started && length === 16 && code === CANCEL_REQUEST) messages.push({ invalid: true });
      else {
        started = true;
        messages.push({ bytes: new Uint8Array(message.buffer, message.byteOffset, message.length) });
      }
    }
    return messages;
  };
}

let active = null;
let work = Promise.resolve();

/** Runs `task` after everything queued before it, one at a time, as PGlite requires. */
function enqueue(task) {
  work = work.then(task).catch((error) => fail(`PGlite failed: ${error instanceof Error ? error.message : String(error)}`));
  return work;
}

function serveConnection(socket) {
  const read = messageReader();
  socket.on("data", (chunk) => {
    for (const message of read(chunk)) {
      if (message.refuse) socket.write("N"); // no TLS or GSSAPI encryption on a local socket
      else if (message.invalid) {
        socket.destroy(); // a cancel request (nothing runs long enough to cancel) or a malformed length
        break;
      } else
        enqueue(() =>
          db.runExclusive(() =>
            db.execProtocolRawStream(message.bytes, {
              // PGlite hands over a view of its own send buffer, which it reuses: copy before queueing it.
              onRawData: (data) => {
                if (!socket.destroyed) socket.write(Buffer.from(data));
              },
            }),
          ),
        );
    }
  });
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    // Queued behind this connection's last message and ahead of anything the next connection sends, so
    // the next one may be accepted at once: it must not inherit a transaction, statements or listeners.
    enqueue(async () => {
      if (db.isInTransaction()) await db.exec("ROLLBACK");
      await db.exec("DISCARD ALL");
    });
    if (active === socket) active = null;
  });
}

fs.rmSync(socketPath, { force: true });
const server = net.createServer((socket) => {
  if (active) {
    // One session: a second connection would interleave its statements with the first one's.
    socket.destroy();
    return;
  }
  active = socket;
  serveConnection(socket);
});
server.on("error", (error) => fail(`cannot listen on ${socketPath}: ${error.message}`));
server.listen(socketPath, () => {
  fs.chmodSync(socketPath, 0o600);
  if (process.send && process.connected) process.send({ ready: socketDir });
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => fail("PGlite did not close within 10 s"), 10_000).unref();
  server.close();
  active?.destroy();
  await work;
  await db.close();
  release();
  // The whole private directory: the server removes it too, but not when it was killed with -9.
  fs.rmSync(socketDir, { recursive: true, force: true });
  process.exit(0);
}

// The server went away while PGlite was opening: close it rather than serve nobody.
if (stopRequested) await stop();
