import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The arrows of README's "Where things are": app -> lib/http -> lib/auth -> lib/db, and the leaves
// (errors, identifiers, request-meta, env, validation) below everything. Tests may import anything.
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

const LEAVES = ["@/lib/errors", "@/lib/identifiers", "@/lib/request-meta", "@/lib/env", "@/lib/env-defaults", "@/lib/validation/", "@/lib/observability/"];
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
    expect(offenders("lib/validation", (target) => target === "@/lib/identifiers")).toEqual([]);
  });

  it("lib/observability (logs, metrics) imports only its own files and its packages", () => {
    const files = fs.readdirSync(path.join(root, "lib/observability")).filter((file) => /\.m?ts$|\.mjs$/.test(file) && !file.includes(".test."));
    for (const file of files) {
      const foreign = valueImports(`lib/observability/${file}`).filter((target) => !target.startsWith("./") && !target.startsWith("node:") && !["pino", "prom-client"].includes(target));
      expect(foreign, file).toEqual([]);
    }
  });

  it("client components take only shared schemas and constants from lib", () => {
    expect(offenders("components", (target) => target.startsWith("@/components") || target === "@/lib/auth/config" || target.startsWith("@/lib/validation/"))).toEqual([]);
  });
});
