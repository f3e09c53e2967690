// The floors beside the app, each at 1 and 2 processes (and the app's count): a bare node:http + jose
// server, a trivial Next route doing the same verification, a Next route doing a refresh without its
// database; and argon2id hashing alone, the ceiling for login and register.
import fs from "node:fs";
import path from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { ensureBuilt, measure, progress, results, waitForHttp } from "./measure.mjs";
import { launch, sampleRss, stop } from "./procs.mjs";
import { benchDir, CONNECTIONS, FLOOR_PORT, JSON_HEADERS, log, number, only, root, SECONDS } from "./settings.mjs";

/** `appProcesses`: the most processes the app's server ran (a cluster's primary and its workers). */
export async function benchFloors(appProcesses) {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  const jwk = JSON.stringify(await exportJWK(publicKey));
  const privateJwk = JSON.stringify(await exportJWK(privateKey));
  const token = await new SignJWT({ token_type: "access", user_id: "00000000-0000-4000-8000-000000000001", verified: true })
    .setProtectedHeader({ alg: "EdDSA", kid: "bench" })
    .setIssuer("next-jwt-auth")
    .setAudience("next-jwt-auth")
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime("1h")
    .sign(privateKey);
  const appWorkers = appProcesses > 1 ? appProcesses - 1 : 1;
  const counts = [...new Set([1, 2, appWorkers, number(process.env.WEB_CONCURRENCY, 1)])].sort((a, b) => a - b);
  const floorDir = path.join(benchDir, "floor-next");
  const protectedSpec = { mode: "static", method: "POST", path: "/api/floor", headers: { authorization: `Bearer ${token}` }, port: FLOOR_PORT };
  const refreshSpec = { mode: "static", method: "POST", path: "/api/floor-refresh", headers: JSON_HEADERS, body: JSON.stringify({ refresh: token }), port: FLOOR_PORT };
  const floors = [
    { id: "floor-node", label: "floor: node:http + jose", entry: path.join(benchDir, "floor-node.mjs"), spec: protectedSpec },
    { id: "floor-next", label: "floor: trivial Next route + jose", entry: path.join(floorDir, "server.mjs"), spec: protectedSpec },
    // What a refresh costs in Next without the database: body, one verify, two signs, the JSON answer.
    { id: "floor-next-refresh", label: "floor: Next route, refresh without database", entry: path.join(floorDir, "server.mjs"), spec: refreshSpec },
  ].filter((floor) => only.includes(floor.id));
  if (floors.some((floor) => floor.entry.startsWith(floorDir))) {
    // webpack: Turbopack takes its root from the repository's lockfile and then bundles the app's own
    // proxy.ts and instrumentation.ts (PGlite and all) into the floor.
    const sources = [path.join(floorDir, "app"), path.join(floorDir, "next.config.mjs"), path.join(benchDir, "claims.mjs")];
    await ensureBuilt("the Next floor", floorDir, ".next", sources, ["--webpack"]);
  }
  const rows = [];
  for (const floor of floors) {
    for (const workers of counts) {
      const env = { ...process.env, NODE_ENV: "production", PORT: String(FLOOR_PORT), WORKERS: String(workers), FLOOR_PUBLIC_JWK: jwk, FLOOR_PRIVATE_JWK: privateJwk, NEXT_TELEMETRY_DISABLED: "1" };
      const server = launch(floor.id, process.execPath, [floor.entry], env);
      try {
        const { spec } = floor;
        const init = { method: "POST", headers: spec.headers, body: spec.body };
        await waitForHttp(server, `http://127.0.0.1:${FLOOR_PORT}${spec.path}`, init, (status) => status === 200);
        const label = `${floor.label}, ${workers} process${workers > 1 ? "es (cluster)" : ""}`;
        rows.push(await measure(floor.id, label, server.child.pid, async () => spec, { workers }));
      } finally {
        await stop(server);
      }
    }
  }
  return rows;
}

/** The app's argon2 parameters, read from lib/auth/password.ts so the two never drift apart. */
function argon2Params() {
  const source = fs.readFileSync(path.join(root, "lib/auth/password.ts"), "utf8");
  const read = (name, fallback) => Number(new RegExp(`${name}:\\s*([\\d_]+)`).exec(source)?.[1].replaceAll("_", "") ?? fallback);
  return { memoryCost: read("memoryCost", 19_456), timeCost: read("timeCost", 2), parallelism: read("parallelism", 1) };
}

export async function benchArgon2() {
  const params = argon2Params();
  const label = `argon2id hash alone (m=${params.memoryCost} t=${params.timeCost} p=${params.parallelism}), hashes/s`;
  log(`[${results.length + 1}] ${label}: ${SECONDS} s`);
  const env = { ...process.env, ARGON2_PARAMS: JSON.stringify(params), CONCURRENCY: String(CONNECTIONS), SECONDS: String(SECONDS) };
  const worker = launch("argon2", process.execPath, [path.join(benchDir, "argon2.mjs")], env);
  const stopRss = sampleRss(worker.child.pid);
  const { code } = await worker.exited;
  if (code !== 0) throw new Error(`argon2 bench failed:\n${worker.output}`);
  const measured = JSON.parse(worker.output.trim().split("\n").pop());
  const result = { id: "argon2", label, params, ...measured, peak_rss: stopRss() };
  results.push(result);
  progress(result);
  return [result];
}
