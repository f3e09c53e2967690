// The bench's output: a markdown table, the ratios the issue asks for, and the JSON beside them.
import fs from "node:fs";
import path from "node:path";

const fixed = (value, digits = 1) => (value == null || Number.isNaN(value) ? "–" : value.toFixed(digits));

function errorsCell(s) {
  if (s.errors == null) return "–";
  const other = Object.entries(s.statuses ?? {}).filter(([status]) => !status.startsWith("2"));
  const detail = other.map(([status, n]) => `${n}×${status}`);
  if (s.socket_errors_total) detail.push(`${s.socket_errors_total} socket`);
  if (s.chain_breaks) detail.push(`${s.chain_breaks} chain breaks`);
  return detail.length ? `${s.errors} (${detail.join(", ")})` : String(s.errors);
}

/** CPU per request of all the server's processes; with several, each busy one's share in brackets. */
function cpuCell(s) {
  if (s.cpu_ms_per_request == null) return "–";
  const { processes } = s.cpu;
  if (processes.length < 2) return fixed(s.cpu_ms_per_request, 2);
  const parts = processes.filter((p) => p.cpu_ms > 0).map((p) => fixed(p.cpu_ms / s.requests, 2));
  return `${fixed(s.cpu_ms_per_request, 2)} (${parts.join(" + ")})`;
}

function rssCell(rss) {
  if (!rss) return "–";
  return rss.processes.length > 1 ? `${rss.max_process_mb} (${rss.processes.length} procs, ${rss.total_mb} total)` : String(rss.max_process_mb);
}

function ratio(label, numerator, denominator, target) {
  const value = numerator != null && denominator ? numerator / denominator : null;
  return { label, value, target };
}

/** The ratios of the issue, from one run's results; `appProcesses` as counted under the app's server. */
export function ratios(results, appProcesses) {
  const find = (id, predicate = () => true) => results.find((r) => r.id === id && predicate(r));
  const appWorkers = appProcesses > 1 ? appProcesses - 1 : 1;
  const sameWorkers = (r) => r.workers === appWorkers;
  const experiment = find("experiment");
  const refresh = find("refresh");
  const page = find("page");
  const rotated = find("page-rotated");
  return [
    ratio(`experiment / Next floor (${appWorkers} process${appWorkers > 1 ? "es" : ""}), req/s`, experiment?.rps, find("floor-next", sameWorkers)?.rps, "≥ 0.7 on PGlite (1 process), ≥ 0.8 on PostgreSQL with 2 workers"),
    ratio(`experiment / node:http floor (${appWorkers} process${appWorkers > 1 ? "es" : ""}), req/s`, experiment?.rps, find("floor-node", sameWorkers)?.rps, "(context)"),
    ratio("refresh / Django original (248 req/s)", refresh?.rps, 248, "≥ 2 on PGlite, ≥ 3 on PostgreSQL"),
    ratio("login / argon2id hash alone, per second", find("login")?.rps, find("argon2")?.rps, "≥ 0.85"),
    // CPU time is what a loaded machine leaves comparable: req/s also measures the share of the cores a
    // process group wins against everything else running (argon2 alone with 4 threads wins more).
    ratio("login / argon2id hash alone, by CPU: argon2's ms per hash / login's server ms per request", find("argon2")?.cpu_ms_per_request, find("login")?.cpu_ms_per_request, "(issue 19: ≥ 0.8)"),
    ratio("refresh p50, 10^6 / 10^3 stored tokens", find("refresh-1e6")?.p50_ms, refresh?.p50_ms, "≤ 1.3"),
    ratio("page p50, silent rotation / valid cookie", rotated?.p50_ms, page?.p50_ms, "≤ 1.3"),
    ratio("page req/s, valid cookie / silent rotation", page?.rps, rotated?.rps, "(context)"),
  ];
}

export function renderMarkdown(meta, scenarios, ratios) {
  const lines = [
    `# Benchmark ${meta.date} (${meta.database})`,
    "",
    `commit ${meta.commit}; node ${meta.node}; ${meta.cores} cores shared by wrk and the servers; ${meta.seconds} s per scenario after ` +
      `${meta.warmup} s warm-up; ${meta.connections} connections (wrk -t${meta.threads}, -t${meta.connections} for the chained ones); ` +
      `WEB_CONCURRENCY=${meta.web_concurrency ?? "unset"}, app processes seen: ${meta.app_processes ?? "–"}`,
    "",
    "| scenario | req/s | p50 ms | p99 ms | errors (non-2xx) | server CPU ms/req | peak RSS MB |",
    "|---|---:|---:|---:|---|---:|---:|",
    ...scenarios.map(
      (s) => `| ${s.label} | ${fixed(s.rps, 0)} | ${fixed(s.p50_ms, 2)} | ${fixed(s.p99_ms, 2)} | ${errorsCell(s)} | ${cpuCell(s)} | ${rssCell(s.peak_rss)} |`,
    ),
    "",
    "| ratio | value | issue 9 target |",
    "|---|---:|---|",
    ...ratios.map((r) => `| ${r.label} | ${r.value == null ? "not measured" : `${fixed(r.value, 2)}x`} | ${r.target} |`),
    "",
  ];
  return lines.join("\n");
}

export function writeResults(dir, meta, scenarios, ratios) {
  fs.mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, `${meta.date.replace(/[:.]/g, "-")}-${meta.database_kind}`);
  const markdown = renderMarkdown(meta, scenarios, ratios);
  fs.writeFileSync(`${stem}.md`, markdown);
  fs.writeFileSync(`${stem}.json`, `${JSON.stringify({ meta, scenarios, ratios }, null, 2)}\n`);
  return { markdown, files: [`${stem}.md`, `${stem}.json`] };
}
