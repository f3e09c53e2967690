// Child processes of the bench: servers in their own process groups (killed as a group on exit or ctrl-c),
// and a sampler of the resident memory of a server and every process under it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const running = new Set();
const helpers = new Set(); // wrk and builds, in our own process group

/** Where servers write their output: files, as a server in production writes to a file or journald. */
let outputDir;
const TAIL_BYTES = 200_000;

function tailOf(file) {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Starts a server in its own process group. Its output goes straight to a file, never through this process:
 * reading a line per request through a pipe cost the bench's own process a share of the two cores the
 * servers run on. `output` is the file's tail, for codes and error reports.
 */
export function launch(name, command, args, env) {
  outputDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "auth-bench-output-"));
  const file = path.join(outputDir, `${name.replace(/[^\w.-]+/g, "-")}-${Date.now()}.log`);
  const fd = fs.openSync(file, "a");
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const server = {
    name,
    child,
    get output() {
      return tailOf(file);
    },
    exited: null,
  };
  server.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  running.add(server);
  server.exited.then(() => running.delete(server));
  return server;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the server's group, SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stop(server, graceMs = 8_000) {
  if (!running.has(server)) return;
  killGroup(server.child, "SIGTERM");
  const timer = setTimeout(() => killGroup(server.child, "SIGKILL"), graceMs);
  await server.exited;
  clearTimeout(timer);
  killGroup(server.child, "SIGKILL"); // workers a primary may have left behind
}

export function killAll() {
  for (const server of running) killGroup(server.child, "SIGKILL");
  for (const child of helpers) child.kill("SIGKILL");
  if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    helpers.add(child);
    child.once("exit", () => helpers.delete(child));
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output.slice(-4_000)}`));
    });
  });
}

function readProcesses() {
  const parents = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  return parents;
}

function processTree(root) {
  const parents = readProcesses();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 120);
  } catch {
    return "?";
  }
}

/** CPU time (user + system) a process has used so far, in clock ticks (USER_HZ, 100 a second on Linux). */
function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

const TICK_MS = 10;

/**
 * Starts counting the CPU time of a server's processes; the returned function gives the milliseconds each
 * one used since (processes there at both ends). CPU time per request barely moves when other work shares
 * the cores, unlike requests per second.
 */
export function countCpu(root) {
  const start = new Map(processTree(root).map((pid) => [pid, cpuTicks(pid)]));
  return () => {
    const processes = [];
    for (const [pid, before] of start) {
      const after = cpuTicks(pid);
      if (before !== null && after !== null) processes.push({ pid, command: commandLine(pid), cpu_ms: (after - before) * TICK_MS });
    }
    return { total_ms: processes.reduce((sum, p) => sum + p.cpu_ms, 0), processes };
  };
}

/** The number of processes under a server (itself included), e.g. a cluster primary and its workers. */
export function countProcesses(root) {
  return processTree(root).length;
}

/** Samples every `intervalMs` until stopped; returns the peak of each process and of their sum, in MB. */
export function sampleRss(root, intervalMs = 200) {
  const peaks = new Map();
  let total = 0;
  const sample = () => {
    let sum = 0;
    for (const pid of processTree(root)) {
      const kb = rssKb(pid);
      sum += kb;
      const peak = peaks.get(pid);
      if (!peak) peaks.set(pid, { pid, command: commandLine(pid), kb });
      else peak.kb = Math.max(peak.kb, kb);
    }
    total = Math.max(total, sum);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    const processes = [...peaks.values()].map(({ pid, command, kb }) => ({ pid, command, peak_mb: Math.round(kb / 1024) }));
    return {
      max_process_mb: Math.max(0, ...processes.map((p) => p.peak_mb)),
      total_mb: Math.round(total / 1024),
      processes,
    };
  };
}
