// `npm start` runs this first (prestart): `next build` only when there is no build yet or the inputs of the
// last successful one changed. The inputs' content hash is stamped into the build directory after a build.
// `--force` builds regardless; `--check` only tells (exit 0: up to date, 1: a build is due).
import "./require-runtime.mjs";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const distDir = path.resolve(root, process.env.NEXT_DIST_DIR || ".next");
const stampFile = path.join(distDir, "build-inputs.sha256");

/** What the build is made of: source, styles, assets, config, the dependency set and the schema. */
const INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const ENV_FILES = [".env", ".env.local", ".env.production", ".env.production.local"];
/** Not inputs: generated from prisma/schema.prisma at install, or editors' leftovers. */
const SKIP = /^(node_modules|lib\/generated)$|(^|\/)(\.DS_Store|\.#.*|.*\.swp|.*~)$/;

/**
 * Every file below the inputs. The same with or without a .git directory, so a build made in CI
 * counts as up to date where the tree is shipped without git.
 */
function inputFiles() {
  const files = [];
  const walk = (rel) => {
    if (SKIP.test(rel)) return;
    const full = path.join(root, rel);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (!stat.isDirectory()) return void files.push(rel);
    for (const name of fs.readdirSync(full)) walk(path.posix.join(rel, name));
  };
  INPUTS.forEach(walk);
  return files.sort();
}

/** Values Next inlines into the client bundle at build time. */
function publicEnv() {
  const lines = Object.entries(process.env)
    .filter(([name]) => name.startsWith("NEXT_PUBLIC_"))
    .map(([name, value]) => `${name}=${value}`);
  for (const file of ENV_FILES) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) lines.push(...fs.readFileSync(full, "utf8").split("\n").filter((line) => /^\s*(export\s+)?NEXT_PUBLIC_/.test(line)).map((line) => `${file}:${line.trim()}`));
  }
  return lines.sort().join("\n");
}

/** next build adds its build directory's types to tsconfig's include list: a line that does not change the build. */
function withoutBuildDirTypes(file) {
  const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
  return lines.filter((line) => !/^\s*"\.next[^"\/]*\/(dev\/)?types\/\*\*\/\*\.ts",?\s*$/.test(line)).join("\n");
}

function inputsHash() {
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\n${publicEnv()}\n`);
  for (const file of inputFiles()) {
    hash.update(`${file}\0`);
    hash.update(file === "tsconfig.json" ? withoutBuildDirTypes(file) : fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function readStamp() {
  try {
    return fs.existsSync(path.join(distDir, "BUILD_ID")) ? fs.readFileSync(stampFile, "utf8").trim() : null;
  } catch {
    return null;
  }
}

const force = process.argv.includes("--force");
const relDist = path.relative(root, distDir) || ".";
const before = inputsHash();
const stamp = readStamp();
if (!force && stamp === before) {
  console.log(`> build in ${relDist} is up to date (inputs unchanged since it was built)`);
  process.exit(0);
}
if (process.argv.includes("--check")) {
  console.log(`> build in ${relDist} is due: ${stamp === null ? "no complete build yet" : "the sources changed since the last build"}`);
  process.exit(1);
}
console.log(`> building into ${relDist}: ${force ? "--force" : stamp === null ? "no complete build yet" : "the sources changed since the last build"}`);
fs.rmSync(stampFile, { force: true });
const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, stdio: "inherit" });
if (result.status !== 0) {
  console.error(`\n> next build failed${result.error ? `: ${result.error.message}` : ""}; not starting.`);
  process.exit(result.status || 1);
}
// Hashed again after the build, which may have rewritten tsconfig.json in other ways.
fs.writeFileSync(stampFile, `${inputsHash()}\n`);
