import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toSafeNextPath } from "./safe-next-path";

const SITE = "https://auth.example";

/** Where a browser lands when it follows `path` as a Location header or router target from our site. */
function landsOn(path: string): string {
  // Browsers strip tabs and newlines from URLs and read "\" as "/" in special schemes, before resolving.
  return new URL(path.replace(/[\t\n\r]/g, ""), `${SITE}/login`).origin;
}

describe("toSafeNextPath", () => {
  it.each(["/dashboard", "/dashboard?tab=sessions", "/verify#code", "/a/b/c", "/%2F%2Fstill-a-path"])("keeps the same-site path %s", (path) => {
    expect(toSafeNextPath(path)).toBe(path);
  });

  it.each([
    ["/./dashboard", "/dashboard"],
    ["/a/../dashboard", "/dashboard"],
    ["/%2e/dashboard", "/dashboard"],
  ])("normalises %s to %s", (path, expected) => {
    expect(toSafeNextPath(path)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/dashboard",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "dashboard",
    "",
    " /dashboard",
    "/ok\\..\\evil",
    // Dot segments collapse into "//host" once parsed: the review's open redirect.
    "/.//evil.example/x",
    "/..//evil.example/x",
    "/a/..//evil.example/x",
    "/a/b/../..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/.%2e//evil.example",
    "/./\\evil.example",
    "/.//\tevil.example",
  ])("refuses %j", (path) => {
    expect(toSafeNextPath(path)).toBe("/dashboard");
  });

  it("refuses repeated and missing parameters", () => {
    expect(toSafeNextPath(["/a", "/b"])).toBe("/dashboard");
    expect(toSafeNextPath(undefined)).toBe("/dashboard");
    expect(toSafeNextPath(null, "/")).toBe("/");
  });

  it("never sends a browser to another origin, for any mix of slashes, dots, encodings and whitespace", () => {
    const piece = fc.constantFrom("/", "//", "\\", ".", "..", "%2e", "%2E", "%2f", "%5c", "\t", "\n", "\r", " ", "@", ":", "?", "#", "evil.example", "a", "%00", "\u3002");
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), (pieces) => {
        const input = pieces.join("");
        const result = toSafeNextPath(input);
        expect(landsOn(result)).toBe(SITE);
        // What is returned is already normal: following it again changes nothing.
        expect(toSafeNextPath(result)).toBe(result);
      }),
      { numRuns: 5000 },
    );
  });
});
