import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The arrows of README's "Where things are": app -> lib/http -> lib/auth -> lib/db, and the leaves
// (errors, identifiers, request-meta, env, validation, the audit catalogue) below everything. Tests may import anything.
const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.ts$/.test(file) && !file.startsWith("generated"))
    .map((file) => path.join(dir, file));
}

/** The value imports of a file (type-only imports vanish at build time and cross no layer). */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/^import (?!type )[^;]*?from "([^"]+)";/gms)].map((match) => match[1]!);
}

function offenders(dir: string, isAllowed: (target: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) => valueImports(file).filter((target) => target.startsWith("@/") && !isAllowed(target)).map((target) => `${file} -> ${target}`));
}

/** Every module a file loads at run time: value imports and re-exports (an index's `export ... from`). */
function loadedModules(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/^(?:import|export) (?!type )[^;]*?from "([^"]+)";/gms)].map((match) => match[1]!);
}

/** The file an `@/` specifier names, or null for packages and files outside the list. */
function resolveSpecifier(target: string, files: Set<string>): string | null {
  if (!target.startsWith("@/")) return null;
  const base = target.slice(2);
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => files.has(candidate)) ?? null;
}

/** The import circles among `files`, each as its modules in import order, the first repeated at the end. */
function importCircles(files: string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((file) => [file, loadedModules(file).map((target) => resolveSpecifier(target, known)).filter((target) => target !== null)]));
  const circles: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, trail: string[]): void => {
    const at = trail.indexOf(file);
    if (at >= 0) return void circles.push([...trail.slice(at), file]);
    if (done.has(file)) return;
    for (const next of edges.get(file) ?? []) walk(next, [...trail, file]);
    done.add(file);
  };
  for (const file of files) walk(file, []);
  return circles;
}

const LEAVES = ["@/lib/errors", "@/lib/identifiers", "@/lib/request-meta", "@/lib/env", "@/lib/env-defaults", "@/lib/validation/", "@/lib/observability/", "@/lib/audit/"];
const isLeaf = (target: string) => LEAVES.some((leaf) => target === leaf || target.startsWith(leaf));

describe("layers", () => {
  it("lib/db imports only the database client and the leaves", () => {
    expect(offenders("lib/db", (target) => target.startsWith("@/lib/db/") || target.startsWith("@/lib/generated/") || isLeaf(target))).toEqual([]);
  });

  it("lib/auth never reaches up into lib/http or app", () => {
    expect(offenders("lib/auth", (target) => !target.startsWith("@/lib/http") && !target.startsWith("@/app") && !target.startsWith("@/components"))).toEqual([]);
  });

  it("the leaves import no other part of lib", () => {
    for (const leaf of ["lib/errors.ts", "lib/identifiers.ts", "lib/request-meta.ts", "lib/env-defaults.ts"]) {
      expect(valueImports(leaf).filter((target) => target.startsWith("@/")), leaf).toEqual([]);
    }
    expect(valueImports("lib/env.ts").filter((target) => target.startsWith("@/"))).toEqual(["@/lib/env-defaults"]);
    // One leaf: its files share their rules (mfa.ts takes the plain-text rule and the device token from auth.ts).
    expect(offenders("lib/validation", (target) => target === "@/lib/identifiers" || target.startsWith("@/lib/validation/"))).toEqual([]);
    // The catalogue of audit events is wording and names only: the database layer takes its names from it.
    expect(offenders("lib/audit", () => false)).toEqual([]);
  });

  it("lib/observability (logs, metrics) imports only its own files and its packages", () => {
    const files = fs.readdirSync(path.join(root, "lib/observability")).filter((file) => /\.m?ts$|\.mjs$/.test(file) && !file.includes(".test."));
    for (const file of files) {
      const foreign = valueImports(`lib/observability/${file}`).filter((target) => !target.startsWith("./") && !target.startsWith("node:") && !["pino", "prom-client"].includes(target));
      expect(foreign, file).toEqual([]);
    }
  });

  // A circle makes a module's exports undefined while the other end is still loading, depending on which is
  // imported first. Security emails and sessions once formed one (emails named devices through the session
  // module, which emails on token reuse): devices became lib/auth/devices, below both.
  it("lib has no import circles", () => {
    expect(importCircles(sourceFiles("lib"))).toEqual([]);
  });

  it("sessions end only through endSessions (lib/auth/session/end.ts), which tells the revocation view first", () => {
    const importers = [...sourceFiles("lib"), ...sourceFiles("app")].filter((file) =>
      /import \{[^}]*\brevoke\w*\b[^}]*\} from "@\/lib\/db\/sessions"/.test(fs.readFileSync(path.join(root, file), "utf8")),
    );
    expect(importers).toEqual(["lib/auth/session/end.ts"]);
  });

  it("client components take only shared schemas and constants from lib", () => {
    expect(offenders("components", (target) => target.startsWith("@/components") || target === "@/lib/auth/config" || target.startsWith("@/lib/validation/"))).toEqual([]);
  });
});
