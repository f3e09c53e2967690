import { describe, expect, it, vi } from "vitest";
import { AppError, CREDENTIAL_REJECTIONS } from "@/lib/errors";
import { errorStatus, toErrorResponse } from "@/lib/http/error-response";
import { getLogger } from "@/lib/observability/log.mjs";

describe("AppError", () => {
  it("renders the wire shape with field errors", async () => {
    const response = toErrorResponse(new AppError("validation_error", { errors: { email: ["Enter a valid email address."] } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      detail: "Some fields are not valid.",
      code: "validation_error",
      errors: { email: ["Enter a valid email address."] },
    });
  });

  it("keeps the seed's login message", async () => {
    const body = await toErrorResponse(new AppError("authentication_failed")).json();
    expect(body.detail).toBe("No active account found with the given credentials");
  });

  it("hides unknown failures behind a generic 500, and logs them for the operator", async () => {
    const log = vi.spyOn(getLogger(), "error").mockImplementation(() => undefined);
    const cause = new Error("relation users does not exist at /srv/app.js:1");
    const response = toErrorResponse(cause);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain("relation");
    expect(text).not.toContain("app.js");
    expect(JSON.parse(text).code).toBe("server_error");
    expect(log).toHaveBeenCalledWith({ req_id: undefined, err: cause }, "server_error");
    log.mockRestore();
  });

  it("answers every credential rejection, and only those, with 401", () => {
    for (const [code, status] of Object.entries(errorStatus)) {
      expect(status === 401, code).toBe((CREDENTIAL_REJECTIONS as readonly string[]).includes(code));
    }
  });

  it("tells a limited caller when to come back and an anonymous one how to authenticate", () => {
    expect(toErrorResponse(new AppError("rate_limited", { retryAfterSeconds: 42 })).headers.get("retry-after")).toBe("42");
    expect(toErrorResponse(new AppError("not_authenticated")).headers.get("www-authenticate")).toBe('Bearer realm="api"');
  });
});
