// How the bench measures: builds when needed, one wrk run of a spec, a measured scenario (warm-up, run,
// peak RSS of the server's processes), and waiting for a server to answer. Every result lands in `results`.
import fs from "node:fs";
import path from "node:path";
import { countCpu, run, sampleRss } from "./procs.mjs";
import { CONNECTIONS, forceBuild, log, LUA, NEXT_BIN, SECONDS, sleep, THREADS, tmp, WARMUP, WRK } from "./settings.mjs";

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

/** Builds with the repo's next binary when there is no build, the sources are newer, or --build. */
export async function ensureBuilt(label, projectDir, distDir, sources, extraArgs = []) {
  const buildId = path.join(projectDir, distDir, "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changed = builtAt > 0 && Math.max(...sources.map(newestMtime)) > builtAt;
  const reason = forceBuild ? "--build" : builtAt === 0 ? "no build yet" : changed ? "sources changed since the last build" : null;
  if (!reason) return;
  log(`building ${label} (${reason}) ...`);
  const started = Date.now();
  // A build into another dist dir rewrites the root next-env.d.ts to point at it: put it back afterwards.
  const envFile = path.join(projectDir, "next-env.d.ts");
  const before = fs.existsSync(envFile) ? fs.readFileSync(envFile, "utf8") : null;
  await run(NEXT_BIN, ["build", projectDir, ...extraArgs], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (before !== null && distDir !== ".next") fs.writeFileSync(envFile, before);
  log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

let wrkRuns = 0;

/** One wrk run of a spec ({mode, method, path, body, headers, tokens, port}); chained modes use -t = -c. */
async function wrk(spec, seconds) {
  const threads = spec.mode.endsWith("-chain") ? CONNECTIONS : THREADS;
  const env = {
    ...process.env,
    BENCH_MODE: spec.mode,
    BENCH_METHOD: spec.method ?? "GET",
    BENCH_PATH: spec.path,
    BENCH_HEADERS: Object.entries(spec.headers ?? {}).map(([name, value]) => `${name}: ${value}`).join("\n"),
    BENCH_NONCE: `${Date.now().toString(36)}${wrkRuns++}`,
  };
  if (spec.body !== undefined) env.BENCH_BODY = spec.body;
  if (spec.tokens) {
    env.BENCH_TOKENS = path.join(tmp, `tokens-${wrkRuns}`);
    fs.writeFileSync(env.BENCH_TOKENS, `${spec.tokens.join("\n")}\n`);
  }
  const args = ["-t", String(threads), "-c", String(CONNECTIONS), "-d", `${seconds}s`, "--timeout", "10s", "-s", LUA, `http://127.0.0.1:${spec.port}`];
  const output = await run(WRK, args, { env });
  const line = output.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  const r = JSON.parse(line.slice("BENCH_RESULT ".length));
  const socketErrors = Object.values(r.socket_errors).reduce((a, b) => a + b, 0);
  return {
    requests: r.requests,
    rps: r.requests / (r.duration_us / 1e6),
    p50_ms: r.p50_us / 1000,
    p90_ms: r.p90_us / 1000,
    p99_ms: r.p99_us / 1000,
    max_ms: r.max_us / 1000,
    errors: r.non2xx + socketErrors,
    non2xx: r.non2xx,
    socket_errors: r.socket_errors,
    socket_errors_total: socketErrors,
    chain_breaks: spec.mode.endsWith("-chain") ? r.chain_breaks : undefined,
    statuses: r.statuses,
  };
}

export const results = [];

export function progress(result) {
  const rss = result.peak_rss ? `  peak RSS ${result.peak_rss.max_process_mb} MB` : "";
  const cpu = result.cpu_ms_per_request != null ? `  server CPU ${result.cpu_ms_per_request.toFixed(2)} ms/req` : "";
  log(
    `  ${result.label.padEnd(52)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50_ms.toFixed(2).padStart(7)} ms  ` +
      `p99 ${result.p99_ms.toFixed(2).padStart(7)} ms  errors ${result.errors}${cpu}${rss}`,
  );
}

/** Warm-up, then the measured run, each with a freshly prepared spec; RSS of `pid`'s tree throughout. */
export async function measure(id, label, pid, prepare, extra = {}) {
  const position = `[${results.length + 1}]`;
  log(`${position} ${label}: ${WARMUP ? `${WARMUP} s warm-up + ` : ""}${SECONDS} s`);
  const stopRss = sampleRss(pid);
  if (WARMUP) await wrk(await prepare(), WARMUP);
  const spec = await prepare();
  const stopCpu = countCpu(pid);
  const measured = await wrk(spec, SECONDS);
  const cpu = stopCpu();
  const cpuPerRequest = measured.requests ? cpu.total_ms / measured.requests : null;
  const result = { id, label, ...extra, ...measured, cpu_ms_per_request: cpuPerRequest, cpu, peak_rss: stopRss() };
  results.push(result);
  progress(result);
  return result;
}

export async function waitForHttp(server, url, init, ok) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const exited = await Promise.race([server.exited, sleep(0).then(() => null)]);
    if (exited) throw new Error(`${server.name} exited (${JSON.stringify(exited)}):\n${server.output.slice(-4_000)}`);
    try {
      if (ok((await fetch(url, init)).status)) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${server.name} did not answer within 180 s:\n${server.output.slice(-4_000)}`);
}
