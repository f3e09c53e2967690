// argon2id hashing alone, at the bench's concurrency: the ceiling for login (one verification per login)
// and register (one hash). Prints one JSON line, with the CPU time per hash (all threads of the process).
// ARGON2_PARAMS (JSON), CONCURRENCY, SECONDS.
import { hash } from "@node-rs/argon2";

const params = JSON.parse(process.env.ARGON2_PARAMS ?? "{}");
const concurrency = Number(process.env.CONCURRENCY ?? 4);
const seconds = Number(process.env.SECONDS ?? 10);
const options = { algorithm: 2 /* Argon2id */, ...params };

async function run(durationMs) {
  const latencies = [];
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      while (performance.now() < end) {
        const started = performance.now();
        await hash(`Bench-Pa55word!${i}`, options);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

await run(Math.min(2_000, seconds * 200)); // warm-up
const started = performance.now();
const cpuBefore = process.cpuUsage(); // the whole process: the hashes run on libuv's pool threads
const latencies = (await run(seconds * 1000)).sort((a, b) => a - b);
const { user, system } = process.cpuUsage(cpuBefore);
const elapsed = (performance.now() - started) / 1000;
const cpuMs = (user + system) / 1000;
const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const cpu = { total_ms: cpuMs, processes: [{ pid: process.pid, cpu_ms: cpuMs }] };
console.log(JSON.stringify({ requests: latencies.length, rps: latencies.length / elapsed, p50_ms: at(0.5), p99_ms: at(0.99), errors: 0, cpu_ms_per_request: cpuMs / latencies.length, cpu }));
