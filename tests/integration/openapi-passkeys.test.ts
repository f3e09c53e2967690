import { beforeAll, describe, expect, it } from "vitest";
import { GET as openApiJson } from "@/app/api/openapi.json/route";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as mfaVerify } from "@/app/api/mfa/verify/route";
import { DELETE as deletePasskey, PATCH as renamePasskey } from "@/app/api/passkeys/[id]/route";
import { POST as loginOptions } from "@/app/api/passkeys/login/options/route";
import { POST as loginVerify } from "@/app/api/passkeys/login/verify/route";
import { POST as registerOptions } from "@/app/api/passkeys/register/options/route";
import { POST as registerVerify } from "@/app/api/passkeys/register/verify/route";
import { GET as listPasskeys } from "@/app/api/passkeys/route";
import { GET as passkeyStatus } from "@/app/api/passkeys/status/route";
import { POST as stepUpOptions } from "@/app/api/passkeys/step-up/options/route";
import { getPrisma } from "@/lib/db/client";
import type { OpenApiDocument } from "@/lib/http/openapi/document";
import { bearer, call, signUpVerified } from "../support";
import { documentedCaller, documentValidator, type DocumentedCall } from "../support/openapi";
import type { CreationOptions, PasskeyBody, RequestOptions } from "../support/passkeys";
import { SoftPasskey } from "../support/webauthn";

let documented: DocumentedCall;

beforeAll(async () => {
  const res = await call<OpenApiDocument>(openApiJson, "/api/openapi.json", undefined, { method: "GET" });
  expect(res.status).toBe(200);
  documented = documentedCaller(res.body, documentValidator(res.body));
});

const withId = (handler: (request: Request, context?: { params: Promise<{ id: string }> }) => Promise<Response>, id: string) => (request: Request) =>
  handler(request, { params: Promise.resolve({ id }) });

/** Every passkey operation's answers, successes and refusals, held to the served document (as openapi.test.ts does for the rest). */
describe("the passkey operations answer what /api/openapi.json says", () => {
  it("adding, listing, renaming, signing in (also as the second step, and with an unknown passkey), stepping up and removing", async () => {
    expect((await documented("GET /api/passkeys/status/", passkeyStatus)).body).toMatchObject({ available: true });
    const user = await signUpVerified();
    const key = new SoftPasskey();
    const creation = await documented<CreationOptions>("POST /api/passkeys/register/options/", registerOptions, undefined, bearer(user.access));
    expect(creation.status).toBe(200);
    const added = await documented<{ passkey: PasskeyBody; recovery_codes: string[] }>("POST /api/passkeys/register/verify/", registerVerify, { passkey: key.register(creation.body), name: "Laptop" }, bearer(user.access));
    expect(added.status).toBe(201);
    const id = added.body.passkey.id;
    expect((await documented<{ passkeys: PasskeyBody[] }>("GET /api/passkeys/", listPasskeys, undefined, { method: "GET", ...bearer(user.access) })).body.passkeys).toHaveLength(1);
    const rename = { method: "PATCH", url: `/api/passkeys/${id}/`, ...bearer(user.access) };
    expect((await documented("PATCH /api/passkeys/{id}/", withId(renamePasskey, id), { name: "Work laptop" }, rename)).body).toMatchObject({ name: "Work laptop" });
    expect((await documented("PATCH /api/passkeys/{id}/", withId(renamePasskey, id), { name: "" }, rename)).body).toMatchObject({ code: "validation_error" });

    // The password step of an account with a passkey: mfa_required with its token and methods.
    const step = await documented<{ code: string; mfa_token: string; methods: string[] }>("POST /api/login/", login, { email: user.email, password: user.password });
    expect(step.body).toMatchObject({ code: "mfa_required", methods: ["passkey", "recovery_code"] });
    const secondStepOptions = await documented<RequestOptions>("POST /api/passkeys/login/options/", loginOptions, { mfa_token: step.body.mfa_token });
    expect((await documented("POST /api/login/mfa/", loginMfa, { mfa_token: step.body.mfa_token, passkey: key.assert(secondStepOptions.body) })).status).toBe(200);

    const signInOptions = await documented<RequestOptions>("POST /api/passkeys/login/options/", loginOptions);
    const signedIn = await documented<{ access: string }>("POST /api/passkeys/login/verify/", loginVerify, { passkey: key.assert(signInOptions.body) });
    expect(signedIn.status).toBe(200);
    const stranger = new SoftPasskey();
    const unknown = await documented("POST /api/passkeys/login/verify/", loginVerify, { passkey: stranger.assert((await documented<RequestOptions>("POST /api/passkeys/login/options/", loginOptions)).body) });
    expect(unknown.body).toMatchObject({ code: "authentication_failed", unknown_credential: true });

    // A password session removing the passkey is asked to step up, with the methods it can use.
    const remove = { method: "DELETE", url: `/api/passkeys/${id}/`, ...bearer(user.access) };
    expect((await documented("DELETE /api/passkeys/{id}/", withId(deletePasskey, id), undefined, remove)).body).toMatchObject({ code: "step_up_required", methods: ["passkey", "recovery_code"] });
    const stepUp = await documented<RequestOptions>("POST /api/passkeys/step-up/options/", stepUpOptions, undefined, bearer(user.access));
    const raised = await documented<{ access: string }>("POST /api/mfa/verify/", mfaVerify, { passkey: key.assert(stepUp.body) }, bearer(user.access));
    expect(raised.status).toBe(200);
    expect((await documented("DELETE /api/passkeys/{id}/", withId(deletePasskey, id), undefined, { ...remove, ...bearer(raised.body.access) })).status).toBe(204);
    expect(await (await getPrisma()).passkey.count({ where: { userId: user.userId } })).toBe(0);
  });
});
