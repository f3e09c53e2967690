import { describe, expect, it } from "vitest";
import { toSafeNextPath } from "./safe-next-path";

describe("toSafeNextPath", () => {
  it.each(["/dashboard", "/dashboard?tab=sessions", "/verify#code", "/a/b/c"])("keeps the same-site path %s", (path) => {
    expect(toSafeNextPath(path)).toBe(path);
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
  ])("refuses %j", (path) => {
    expect(toSafeNextPath(path)).toBe("/dashboard");
  });

  it("refuses repeated and missing parameters", () => {
    expect(toSafeNextPath(["/a", "/b"])).toBe("/dashboard");
    expect(toSafeNextPath(undefined)).toBe("/dashboard");
    expect(toSafeNextPath(null, "/")).toBe("/");
  });
});
