// The memory soak: `node scripts/bench/soak.mjs <port> [seconds=300]` against a running `npm start` (with
// RATE_LIMIT=off) on 127.0.0.1. Four loops run a mixed load (register, login, refresh chains of 20 with five
// protected calls after each, logout) for a bounded time and print the RSS of every server process
// (scripts/server.mjs, primary and workers, and the embedded database's process) every 15 s: the curve should
// be flat once warm.
import { execSync } from "node:child_process";
const [port, seconds = "300"] = process.argv.slice(2);
if (!port) throw new Error("usage: node scripts/bench/soak.mjs <port> [seconds]");
const base = `http://127.0.0.1:${port}`;
const post = async (p, b, h = {}) => { const r = await fetch(base + p, { method: "POST", headers: { "content-type": "application/json", ...h }, body: JSON.stringify(b) }); return { status: r.status, body: await r.json().catch(() => null) }; };
// Server processes (primary and workers) and the embedded database's own process, in pid order.
const rss = () => execSync("ps -eo pid,rss,args | grep -E 'scripts/server.mjs|lib/db/pglite-server.mjs' | grep -v grep | awk '{print $2}'").toString().trim().split("\n").map((k) => Math.round(Number(k) / 1024));
const end = Date.now() + Number(seconds) * 1000; const start = Date.now();
let n = 0, errors = 0; const curve = [];
const timer = setInterval(() => { const r = rss(); curve.push(r); console.log(`t=${Math.round((Date.now() - start) / 1000)}s rss MB ${r.join(" ")} requests ${n} errors ${errors}`); }, 15_000);
await Promise.all([0, 1, 2, 3].map(async (w) => {
  while (Date.now() < end) {
    const id = `soak${w}${Date.now()}${Math.random().toString(36).slice(2, 6)}`; const pw = "Zq7!long-enough-pass";
    const reg = await post("/api/register/", { email: `${id}@example.test`, user_name: id, password: pw, password2: pw }); n++;
    if (reg.status !== 201) { errors++; continue; }
    let refresh = reg.body.refresh, access = reg.body.access;
    const login = await post("/api/login/", { email: `${id}@example.test`, password: pw }); n++; if (login.status !== 200) errors++;
    for (let i = 0; i < 20 && Date.now() < end; i++) {
      const r = await post("/api/refresh/", { refresh }); n++; if (r.status !== 200) { errors++; break; }
      refresh = r.body.refresh; access = r.body.access;
      for (let j = 0; j < 5; j++) { const e = await post("/api/experiment/", {}, { authorization: `Bearer ${access}` }); n++; if (e.status !== 403) errors++; }
    }
    await post("/api/logout/", { refresh }); n++;
  }
}));
clearInterval(timer);
console.log(`done: ${n} requests, ${errors} errors, ${(n / Number(seconds)).toFixed(0)} req/s`);
