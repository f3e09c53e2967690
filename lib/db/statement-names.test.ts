import { describe, expect, it } from "vitest";
import { createStatementNamer } from "./statement-names";

describe("prepared statement names", () => {
  it("gives the same SQL the same name and other SQL another", () => {
    const name = createStatementNamer();
    const select = name({ sql: "SELECT 1" });
    expect(select).not.toBe("");
    expect(name({ sql: "SELECT 1" })).toBe(select);
    expect(name({ sql: "SELECT 2" })).not.toBe(select);
  });

  it("leaves statements past the limit unnamed, and keeps the names it gave", () => {
    const name = createStatementNamer(2);
    const first = name({ sql: "SELECT 1" });
    name({ sql: "SELECT 2" });
    expect(name({ sql: "SELECT 3" })).toBe("");
    expect(name({ sql: "SELECT 3" })).toBe("");
    expect(name({ sql: "SELECT 1" })).toBe(first);
  });
});
