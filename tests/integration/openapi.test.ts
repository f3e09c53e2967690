import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { POST as experiment } from "@/app/api/experiment/route";
import { GET as health } from "@/app/api/health/route";
import { POST as login } from "@/app/api/login/route";
import { POST as logout } from "@/app/api/logout/route";
import { GET as me } from "@/app/api/me/route";
import { GET as openApiJson } from "@/app/api/openapi.json/route";
import { POST as passwordChange } from "@/app/api/password/change/route";
import { POST as passwordReset } from "@/app/api/password/reset/route";
import { POST as passwordResetConfirm } from "@/app/api/password/reset/confirm/route";
import { GET as ready } from "@/app/api/ready/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { GET as listSessions } from "@/app/api/sessions/route";
import { POST as revokeSession } from "@/app/api/sessions/revoke/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { POST as verify } from "@/app/api/verify/route";
import { POST as secureAccount } from "@/app/api/account/secure/route";
import { POST as emailChange } from "@/app/api/email/change/route";
import { POST as emailChangeConfirm } from "@/app/api/email/change/confirm/route";
import { POST as logoutAll } from "@/app/api/logout/all/route";
import { DELETE as deleteSession } from "@/app/api/sessions/[id]/route";
import { POST as revokeOthers } from "@/app/api/sessions/revoke-others/route";
import { DELETE as adminDeleteUser, GET as adminGetUser, PATCH as adminPatchUser } from "@/app/api/admin/users/[id]/route";
import { DELETE as adminEndSessions } from "@/app/api/admin/users/[id]/sessions/route";
import { DELETE as adminRemoveFactors } from "@/app/api/admin/users/[id]/mfa/route";
import { DELETE as adminEndSession } from "@/app/api/admin/users/[id]/sessions/[sid]/route";
import { POST as adminSendReset } from "@/app/api/admin/users/[id]/send-password-reset/route";
import { POST as adminSendVerification } from "@/app/api/admin/users/[id]/send-verification/route";
import { GET as adminListUsers } from "@/app/api/admin/users/route";
import { POST as introspect } from "@/app/api/introspect/route";
import { GET as mfaStatus } from "@/app/api/mfa/route";
import { POST as mfaRecoveryCodes } from "@/app/api/mfa/recovery-codes/route";
import { DELETE as mfaRemove } from "@/app/api/mfa/totp/route";
import { POST as mfaConfirm } from "@/app/api/mfa/totp/confirm/route";
import { POST as mfaSetup } from "@/app/api/mfa/totp/setup/route";
import { DELETE as forgetTrustedBrowser } from "@/app/api/mfa/trusted-browsers/[id]/route";
import { DELETE as forgetTrustedBrowsers, GET as trustedBrowsers } from "@/app/api/mfa/trusted-browsers/route";
import { POST as mfaVerify } from "@/app/api/mfa/verify/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { updateUserFlags } from "@/lib/db/admin-users";
import { apiOperations, buildOpenApiDocument } from "@/lib/http/openapi";
import { operationErrorCodes } from "@/lib/http/openapi/errors";
import type { OpenApiDocument } from "@/lib/http/openapi/document";
import { bearer, call, decodeJwt, enrolTotpElsewhere, newUser, readOtp, setTestEnv, signInWithSecondFactor, signUp, signUpVerified, totpCode, wrongTotpCode, type RegisterBody, type SessionsBody, type TokenBody } from "../support";
import { documentedAnswerCheck, documentedCaller, documentValidator, listRouteFiles, NOT_API_ROUTES, routeFileToPath, type DocumentedCall, type DocumentValidator } from "../support/openapi";

type RouteHandler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const root = path.resolve(import.meta.dirname, "../..");
const SERVED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

let document: OpenApiDocument;
let validator: DocumentValidator;
let documented: DocumentedCall;
let expectDocumentedAnswer: ReturnType<typeof documentedAnswerCheck>;

beforeAll(async () => {
  const res = await call<OpenApiDocument>(openApiJson, "/api/openapi.json", undefined, { method: "GET" });
  expect(res.status).toBe(200);
  document = res.body;
  validator = documentValidator(document);
  documented = documentedCaller(document, validator);
  expectDocumentedAnswer = documentedAnswerCheck(document, validator);
});

describe("GET /api/openapi.json", () => {
  it("serves the registry rendered as OpenAPI 3.1, cacheable, to anyone", async () => {
    const res = await call(openApiJson, "/api/openapi.json", undefined, { method: "GET", headers: { cookie: "access=stale", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, must-revalidate");
    expect(res.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(apiOperations))));
    expect(document.openapi).toBe("3.1.0");
  });
});

describe("every route handler is documented, and every documented operation has a handler", { timeout: 90_000 }, () => {
  it("matches path + method of each app/**/route.ts export (methodNotAllowed ones excluded) to the document", async () => {
    // The endpoints that are off without their secret answer 404 to every method: turn them on.
    setTestEnv({ INTROSPECTION_SECRET: "i".repeat(32), METRICS_TOKEN: "m".repeat(16) });
    const served: string[] = [];
    const csrf: string[] = [];
    for (const file of await listRouteFiles(root)) {
      if (file in NOT_API_ROUTES) continue;
      const route = routeFileToPath(file);
      const module = (await import(path.join(root, file))) as Partial<Record<(typeof SERVED_METHODS)[number], RouteHandler>>;
      const params = Object.fromEntries([...route.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1]!, randomUUID()]));
      const url = route.replace(/\{([^}]+)\}/g, (_, name: string) => params[name]!);
      for (const method of SERVED_METHODS) {
        const handler = module[method];
        if (!handler) continue;
        // A bare request, no credential and no body: only methodNotAllowed() answers 405 to it; any other
        // answer must be one the document lists, in its documented shape.
        const probe = await call<{ code?: string }>((request) => handler(request, { params: Promise.resolve(params) }), url, undefined, { method });
        const isRefused = probe.status === 405 && probe.body?.code === "method_not_allowed";
        if (isRefused) continue;
        served.push(`${method} ${route}`);
        if (apiOperations.some((operation) => operation.path === route && operation.method === method.toLowerCase())) expectDocumentedAnswer(method, route, probe);
        // The CSRF rule applies unless the route reads no credential: the document must say which.
        const crossSite = await call<{ code?: string }>((request) => handler(request, { params: Promise.resolve(params) }), url, undefined, {
          method,
          headers: { "x-auth-transport": "cookie", "sec-fetch-site": "cross-site", cookie: "access=x; refresh=y" },
        });
        const entry = apiOperations.find((operation) => operation.path === route && operation.method === method.toLowerCase());
        if (entry) expectDocumentedAnswer(method, route, crossSite);
        if (entry) csrf.push(`${method} ${route}: ${crossSite.body?.code === "csrf_failed"} / documented ${operationErrorCodes(entry).includes("csrf_failed")}`);
      }
    }
    setTestEnv({ INTROSPECTION_SECRET: undefined, METRICS_TOKEN: undefined });
    const listed = apiOperations.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    expect(served.filter((operation) => !listed.includes(operation)), "handlers without a documented operation").toEqual([]);
    expect(listed.filter((operation) => !served.includes(operation)), "documented operations without a handler").toEqual([]);
    expect(csrf.filter((line) => /: (true \/ documented false|false \/ documented true)$/.test(line)), "csrf_failed answered but not documented, or documented but never answered").toEqual([]);
    expect(csrf.filter((line) => line.includes(": true /")).length).toBeGreaterThan(10);
  });
});

// Many sign-ins (argon2) in a row: generous on a busy machine.
describe("a real run through the handlers answers exactly what the document says", { timeout: 90_000 }, () => {
  it("sign-up, codes, sign-in, the protected endpoint, sessions, rotation and sign-out (bearer transport)", async () => {
    const form = newUser();
    const registered = await documented<RegisterBody>("POST /api/register/", register, form);
    expect(registered.status).toBe(201);
    const duplicate = await documented("POST /api/register/", register, form);
    expect(duplicate.body).toMatchObject({ code: "validation_error", errors: { email: expect.any(Array), user_name: expect.any(Array) } });
    expect((await documented("POST /api/register/", register, { ...form, extra: 1 })).status).toBe(400);
    expect((await documented("POST /api/register/", register, undefined, { rawBody: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    expect((await documented("POST /api/register/", register, undefined, { rawBody: "{" })).body).toMatchObject({ code: "invalid_json" });
    expect((await documented("POST /api/register/", register, undefined, { rawBody: "[]" })).body).toMatchObject({ code: "invalid_request" });

    expect((await documented("POST /api/experiment/", experiment, undefined, bearer(registered.body.access))).body).toMatchObject({ code: "email_not_verified" });
    expect((await documented("POST /api/experiment/", experiment)).body).toMatchObject({ code: "not_authenticated" });
    expect((await documented("POST /api/verify/resend/", resend, { email: form.email })).body).toMatchObject({ code: "otp_cooldown" });
    expect((await documented("POST /api/verify/", verify, { email: form.email, otp: "000000" })).status).toBe(400);
    const verified = await documented<TokenBody>("POST /api/verify/", verify, { email: form.email, otp: await readOtp(form.email) }, bearer(registered.body.access));
    expect(verified.status).toBe(200);
    expect(verified.body.access).toEqual(expect.any(String));

    expect((await documented("POST /api/login/", login, { email: form.email, password: "wrong-password" })).body).toMatchObject({ code: "authentication_failed" });
    const laptop = await documented<TokenBody>("POST /api/login/", login, { email: form.email, password: form.password }, { headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0" } });
    expect(laptop.status).toBe(200);
    expect((await documented("POST /api/experiment/", experiment, undefined, bearer(laptop.body.access))).status).toBe(200);
    expect((await documented("GET /api/me/", me, undefined, bearer(laptop.body.access))).body).toMatchObject({ email: form.email, is_verified: true });

    const sessions = await documented<SessionsBody>("GET /api/sessions/", listSessions, undefined, bearer(laptop.body.access));
    expect(sessions.body.sessions).toHaveLength(2);
    const other = sessions.body.sessions.find((session) => !session.current)!;
    expect((await documented("POST /api/sessions/revoke/", revokeSession, { session_id: other.id }, bearer(laptop.body.access))).status).toBe(204);
    expect((await documented("POST /api/sessions/revoke/", revokeSession, { session_id: other.id }, bearer(laptop.body.access))).body).toMatchObject({ code: "not_found" });
    expect((await documented("POST /api/sessions/revoke/", revokeSession, { session_id: "nope" }, bearer(laptop.body.access))).body).toMatchObject({ code: "validation_error" });

    const rotated = await documented<TokenBody>("POST /api/refresh/", refresh, { refresh: laptop.body.refresh });
    expect(rotated.status).toBe(200);
    expect((await documented("POST /api/refresh/", refresh, { refresh: verified.body.refresh })).body).toMatchObject({ code: "token_not_valid" });
    expect((await documented("POST /api/refresh/", refresh, {})).body).toMatchObject({ code: "validation_error" });
    expect((await documented("POST /api/logout/", logout, { refresh: rotated.body.refresh })).status).toBe(205);
    expect((await documented("POST /api/logout/", logout, { refresh: rotated.body.refresh })).body).toMatchObject({ code: "token_not_valid" });
    expect((await documented("GET /api/me/", me, undefined, bearer("not-a-token"))).body).toMatchObject({ code: "token_not_valid" });
  });

  it("passwords: change, reset request and confirmation", async () => {
    const user = await signUp();
    const wrong = await documented("POST /api/password/change/", passwordChange, { current_password: "nope-nope", password: "N3w-long-passphrase", password2: "N3w-long-passphrase" }, bearer(user.access));
    expect(wrong.body).toMatchObject({ code: "validation_error", errors: { current_password: expect.any(Array) } });
    const changed = await documented("POST /api/password/change/", passwordChange, { current_password: user.password, password: "N3w-long-passphrase", password2: "N3w-long-passphrase" }, bearer(user.access));
    expect(changed.status).toBe(200);
    expect((await documented("POST /api/password/reset/", passwordReset, { email: user.email })).status).toBe(200);
    expect((await documented("POST /api/password/reset/", passwordReset, { email: user.email })).body).toMatchObject({ code: "otp_cooldown" });
    const body = { email: user.email, otp: "000000", password: "An0ther-passphrase", password2: "An0ther-passphrase" };
    expect((await documented("POST /api/password/reset/confirm/", passwordResetConfirm, body)).body).toMatchObject({ code: "otp_invalid" });
    expect((await documented("POST /api/password/reset/confirm/", passwordResetConfirm, { ...body, otp: await readOtp(user.email) })).status).toBe(200);
    expect((await documented("POST /api/login/", login, { email: user.email, password: "An0ther-passphrase" })).status).toBe(200);
  });

  it("the cookie transport: tokens only in cookies, and the same-origin rule", async () => {
    const user = await signUp();
    const pages = { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin" };
    const signedIn = await documented<Record<string, unknown>>("POST /api/login/", login, { email: user.email, password: user.password }, { headers: pages });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({});
    const cookies = signedIn.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
    expect(cookies).toMatch(/^access=.+; refresh=.+$/);
    const crossSite = await documented("POST /api/refresh/", refresh, {}, { headers: { ...pages, "sec-fetch-site": "cross-site", cookie: cookies } });
    expect(crossSite.body).toMatchObject({ code: "csrf_failed" });
    expect((await documented("POST /api/refresh/", refresh, {}, { headers: { ...pages, cookie: cookies } })).body).toEqual({});
    expect((await documented("GET /api/sessions/", listSessions, undefined, { headers: { ...pages, cookie: cookies } })).status).toBe(200);
  });

  it("sessions everywhere, email change and \"This wasn't me\"", async () => {
    const user = await signUp();
    const signIn = async (): Promise<TokenBody> => (await documented<TokenBody>("POST /api/login/", login, { email: user.email, password: user.password })).body;
    const [laptop] = [await signIn(), await signIn()];
    const sessionById = (id: string): RouteHandler => (request) => deleteSession(request, { params: Promise.resolve({ id }) });
    expect((await documented("DELETE /api/sessions/{id}/", sessionById(user.sid), undefined, { url: `/api/sessions/${user.sid}/`, ...bearer(laptop!.access) })).status).toBe(204);
    expect((await documented("DELETE /api/sessions/{id}/", sessionById(user.sid), undefined, { url: `/api/sessions/${user.sid}/`, ...bearer(laptop!.access) })).body).toMatchObject({ code: "not_found" });
    expect((await documented("DELETE /api/sessions/{id}/", sessionById("nope"), undefined, { url: "/api/sessions/nope/" })).body).toMatchObject({ code: "not_authenticated" });
    expect((await documented("POST /api/sessions/revoke-others/", revokeOthers, {}, bearer(laptop!.access))).body).toEqual({ sessions_ended: 1 });

    const newEmail = `moved-${randomUUID().slice(0, 8)}@example.test`;
    const wrongPassword = await documented("POST /api/email/change/", emailChange, { password: "not-my-password", new_email: newEmail }, bearer(laptop!.access));
    expect(wrongPassword.status).toBe(400);
    expect((await documented("POST /api/email/change/", emailChange, { password: user.password, new_email: newEmail }, bearer(laptop!.access))).status).toBe(200);
    expect((await documented("POST /api/email/change/confirm/", emailChangeConfirm, { otp: "000000" }, bearer(laptop!.access))).status).toBe(400);
    const moved = await documented<TokenBody & { email: string }>("POST /api/email/change/confirm/", emailChangeConfirm, { otp: await readOtp(newEmail) }, bearer(laptop!.access));
    expect(moved.body.email).toBe(newEmail);
    const access = moved.body.access ?? laptop!.access;

    const secured = await documented<Record<string, unknown>>("POST /api/account/secure/", secureAccount, {}, bearer(access));
    expect(secured.body).toMatchObject({ sessions_ended: 1, reset_code_sent: true });
    expect((await documented("GET /api/me/", me, undefined, bearer(access))).body).toMatchObject({ code: "token_not_valid" });

    const again = (await documented<TokenBody>("POST /api/login/", login, { email: newEmail, password: user.password })).body;
    expect((await documented("POST /api/logout/all/", logoutAll, undefined, { headers: { "content-type": "", authorization: `Bearer ${again.access}` } })).status).toBe(205);
    expect((await documented("POST /api/refresh/", refresh, { refresh: again.refresh })).body).toMatchObject({ code: "token_not_valid" });
  });

  it("the admin API, as a superuser and as a stranger", async () => {
    const operator = await signUp();
    await updateUserFlags(operator.userId, { isVerified: true, isStaff: true, isSuperuser: true });
    // Staff need two factors: none enrolled yet, then enrolled but this session proved only the password.
    expect((await documented("GET /api/admin/users/", adminListUsers, undefined, bearer(operator.access))).body).toMatchObject({ code: "mfa_enrollment_required" });
    // Enrolled from another session (confirming raises only that one): this one proved the password only.
    const { secret } = await enrolTotpElsewhere(operator);
    expect((await documented("GET /api/admin/users/", adminListUsers, undefined, bearer(operator.access))).body).toMatchObject({ code: "step_up_required", methods: ["totp", "recovery_code"] });
    const root = { ...operator, ...(await signInWithSecondFactor(operator, { code: totpCode(secret, 1) })) };
    const target = await signUp();
    const admin = bearer(root.access);
    const withParams =
      <P extends Record<string, string>>(handler: (request: Request, context?: { params: Promise<P> }) => Promise<Response>, params: P): RouteHandler =>
      (request) =>
        handler(request, { params: Promise.resolve(params) });
    const id = target.userId;
    const one = `/api/admin/users/${id}/`;

    const listed = await documented<{ users: { id: string }[] }>("GET /api/admin/users/", adminListUsers, undefined, { url: `/api/admin/users/?q=${encodeURIComponent(target.email)}&verified=false`, ...admin });
    expect(listed.body.users.map((user) => user.id)).toEqual([id]);
    expect((await documented("GET /api/admin/users/", adminListUsers, undefined, { url: "/api/admin/users/?verified=maybe", ...admin })).body).toMatchObject({ code: "validation_error" });
    expect((await documented("GET /api/admin/users/", adminListUsers, undefined, bearer(target.access))).body).toMatchObject({ code: "forbidden" });
    expect((await documented("GET /api/admin/users/{id}/", withParams(adminGetUser, { id }), undefined, { url: one, ...admin })).status).toBe(200);
    expect((await documented("GET /api/admin/users/{id}/", withParams(adminGetUser, { id: randomUUID() }), undefined, { url: one, ...admin })).body).toMatchObject({ code: "not_found" });
    expect((await documented("PATCH /api/admin/users/{id}/", withParams(adminPatchUser, { id }), { is_verified: true }, { url: one, ...admin })).status).toBe(200);
    expect((await documented("PATCH /api/admin/users/{id}/", withParams(adminPatchUser, { id }), {}, { url: one, ...admin })).body).toMatchObject({ code: "validation_error" });
    const verification = await documented("POST /api/admin/users/{id}/send-verification/", withParams(adminSendVerification, { id }), undefined, { url: `${one}send-verification/`, ...admin });
    expect(verification.body).toMatchObject({ code: "invalid_request" });
    expect([202, 429]).toContain((await documented("POST /api/admin/users/{id}/send-password-reset/", withParams(adminSendReset, { id }), undefined, { url: `${one}send-password-reset/`, ...admin })).status);
    expect((await documented("DELETE /api/admin/users/{id}/sessions/{sid}/", withParams(adminEndSession, { id, sid: target.sid }), undefined, { url: `${one}sessions/${target.sid}/`, ...admin })).status).toBe(204);
    expect((await documented("DELETE /api/admin/users/{id}/sessions/", withParams(adminEndSessions, { id }), undefined, { url: `${one}sessions/`, ...admin })).body).toEqual({ sessions_ended: 0 });
    expect((await documented("DELETE /api/admin/users/{id}/mfa/", withParams(adminRemoveFactors, { id }), undefined, { url: `${one}mfa/`, ...admin })).body).toMatchObject({ code: "mfa_not_enabled" });
    expect((await documented("DELETE /api/admin/users/{id}/mfa/", withParams(adminRemoveFactors, { id: root.userId }), undefined, { url: `${one}mfa/`, ...admin })).body).toMatchObject({ code: "forbidden" });
    expect((await documented("DELETE /api/admin/users/{id}/", withParams(adminDeleteUser, { id }), undefined, { url: one, ...admin })).status).toBe(204);
    expect((await documented("DELETE /api/admin/users/{id}/", withParams(adminDeleteUser, { id }), undefined, { url: one })).body).toMatchObject({ code: "not_authenticated" });
  });

  it("introspection and metrics, off without their secret and on with it", async () => {
    const user = await signUp();
    const secret = "i".repeat(32);
    // setTestEnv() between tests does not unset these two: start from "off" explicitly.
    setTestEnv({ INTROSPECTION_SECRET: undefined, METRICS_TOKEN: undefined });
    expect((await documented("POST /api/introspect/", introspect, { token: user.access })).body).toMatchObject({ code: "not_found" });
    expect((await documented("GET /api/metrics/", metrics)).body).toMatchObject({ code: "not_found" });
    setTestEnv({ INTROSPECTION_SECRET: secret, METRICS_TOKEN: "m".repeat(16) });
    expect((await documented("POST /api/introspect/", introspect, { token: user.access }, bearer(secret))).body).toMatchObject({ active: true, sub: user.userId });
    const form = await documented("POST /api/introspect/", introspect, undefined, { rawBody: `token=${user.refresh}`, headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${secret}` } });
    expect(form.body).toMatchObject({ active: true, token_type: "refresh" });
    expect((await documented("POST /api/introspect/", introspect, { token: "garbage" }, bearer(secret))).body).toEqual({ active: false });
    expect((await documented("POST /api/introspect/", introspect, { token: user.access }, bearer("x".repeat(32)))).body).toMatchObject({ code: "token_not_valid" });
    expect((await documented("POST /api/introspect/", introspect, { token: user.access })).body).toMatchObject({ code: "not_authenticated" });
    const scraped = await documented("GET /api/metrics/", metrics, undefined, bearer("m".repeat(16)));
    expect(scraped.text).toContain("# TYPE");
    expect((await documented("GET /api/metrics/", metrics)).body).toMatchObject({ code: "not_authenticated" });
  });

  it("two-factor authentication: status, setup, confirmation, step-up, new recovery codes, remembered browsers and removal", async () => {
    const unverified = await signUp();
    expect((await documented("POST /api/mfa/totp/setup/", mfaSetup, { password: unverified.password }, bearer(unverified.access))).body).toMatchObject({ code: "email_not_verified" });
    const user = await signUpVerified();
    // A second session of the account, signed in before the app is on: confirming raises only the confirming one.
    const elsewhere = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    expect((await documented("GET /api/mfa/", mfaStatus, undefined, bearer(user.access))).body).toMatchObject({ enabled: false });
    expect((await documented("POST /api/mfa/totp/confirm/", mfaConfirm, { code: "123456" }, bearer(user.access))).body).toMatchObject({ code: "mfa_setup_required" });
    expect((await documented("POST /api/mfa/recovery-codes/", mfaRecoveryCodes, {}, bearer(user.access))).body).toMatchObject({ code: "mfa_not_enabled" });
    expect((await documented("POST /api/mfa/verify/", mfaVerify, { code: "123456" }, bearer(user.access))).body).toMatchObject({ code: "mfa_not_enabled" });
    expect((await documented("POST /api/mfa/totp/setup/", mfaSetup, { password: "not-the-password" }, bearer(user.access))).body).toMatchObject({ code: "validation_error" });
    const { secret } = (await documented<{ secret: string }>("POST /api/mfa/totp/setup/", mfaSetup, { password: user.password }, bearer(user.access))).body;
    expect((await documented("POST /api/mfa/totp/confirm/", mfaConfirm, { code: wrongTotpCode(secret) }, bearer(user.access))).body).toMatchObject({ code: "mfa_code_invalid" });
    const confirmed = await documented<TokenBody>("POST /api/mfa/totp/confirm/", mfaConfirm, { code: totpCode(secret) }, bearer(user.access));
    expect(decodeJwt(confirmed.body.access).payload.aal).toBe(2);
    expect((await documented("POST /api/mfa/totp/setup/", mfaSetup, { password: user.password }, bearer(user.access))).body).toMatchObject({ code: "mfa_already_enabled" });
    expect((await documented("GET /api/mfa/", mfaStatus, undefined, bearer(user.access))).body).toMatchObject({ enabled: true });
    expect((await documented("POST /api/mfa/recovery-codes/", mfaRecoveryCodes, {}, bearer(elsewhere.access))).body).toMatchObject({ code: "step_up_required" });
    expect((await documented("POST /api/mfa/verify/", mfaVerify, { code: wrongTotpCode(secret) }, bearer(elsewhere.access))).body).toMatchObject({ code: "mfa_code_invalid" });
    const stepped = (await documented<{ access: string }>("POST /api/mfa/verify/", mfaVerify, { code: totpCode(secret, 1) }, bearer(elsewhere.access))).body;
    const { recovery_codes: codes } = (await documented<{ recovery_codes: string[] }>("POST /api/mfa/recovery-codes/", mfaRecoveryCodes, {}, bearer(stepped.access))).body;
    const signIn = (await call<{ mfa_token: string }>(login, "/api/login/", { email: user.email, password: user.password })).body;
    const remembered = await documented<{ trusted_browser_token: string }>("POST /api/login/mfa/", loginMfa, { mfa_token: signIn.mfa_token, recovery_code: codes[1], remember_browser: true });
    expect(remembered.body.trusted_browser_token).toBeDefined();
    const { trusted_browsers: browsers } = (await documented<{ trusted_browsers: { id: string }[] }>("GET /api/mfa/trusted-browsers/", trustedBrowsers, undefined, { method: "GET", ...bearer(user.access) })).body;
    expect(browsers).toHaveLength(1);
    const forgetOne = (id: string) => (request: Request) => forgetTrustedBrowser(request, { params: Promise.resolve({ id }) });
    const forget = { method: "DELETE", ...bearer(user.access) };
    expect((await documented("DELETE /api/mfa/trusted-browsers/{id}/", forgetOne(randomUUID()), undefined, { ...forget, url: `/api/mfa/trusted-browsers/${randomUUID()}/` })).status).toBe(404);
    expect((await documented("DELETE /api/mfa/trusted-browsers/{id}/", forgetOne(browsers[0]!.id), undefined, { ...forget, url: `/api/mfa/trusted-browsers/${browsers[0]!.id}/` })).status).toBe(204);
    expect((await documented("DELETE /api/mfa/trusted-browsers/", forgetTrustedBrowsers, undefined, forget)).status).toBe(204);
    const remove = { method: "DELETE", ...bearer(user.access) };
    expect((await documented("DELETE /api/mfa/totp/", mfaRemove, { password: user.password }, remove)).body).toMatchObject({ code: "validation_error" });
    expect((await documented("DELETE /api/mfa/totp/", mfaRemove, { password: user.password, code: wrongTotpCode(secret) }, remove)).body).toMatchObject({ code: "mfa_code_invalid" });
    expect((await documented("DELETE /api/mfa/totp/", mfaRemove, { password: user.password, recovery_code: codes[0] }, remove)).status).toBe(204);
    expect((await documented("DELETE /api/mfa/totp/", mfaRemove, { password: user.password, code: totpCode(secret, 1) }, remove)).body).toMatchObject({ code: "mfa_not_enabled" });
  });

  it("the public documents and probes", async () => {
    expect((await documented("GET /api/health/", health)).body).toEqual({ status: "ok" });
    expect((await documented("GET /api/ready/", ready)).status).toBe(200);
    expect((await documented<{ keys: unknown[] }>("GET /.well-known/jwks.json", jwks)).body.keys.length).toBeGreaterThan(0);
  });
});
