import { describe, expect, it, vi } from "vitest";
import { AppError, toErrorResponse } from "@/lib/http/errors";

describe("AppError", () => {
  it("renders the wire shape with field errors", async () => {
    const response = new AppError("validation_error", { errors: { email: ["Enter a valid email address."] } }).toResponse();
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      detail: "Some fields are not valid.",
      code: "validation_error",
      errors: { email: ["Enter a valid email address."] },
    });
  });

  it("keeps the seed's login message", async () => {
    const body = await new AppError("authentication_failed").toResponse().json();
    expect(body.detail).toBe("No active account found with the given credentials");
  });

  it("hides unknown failures behind a generic 500", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = toErrorResponse(new Error("relation users does not exist at /srv/app.js:1"));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain("relation");
    expect(text).not.toContain("app.js");
    expect(JSON.parse(text).code).toBe("server_error");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
