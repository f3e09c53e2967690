import { expect } from "vitest";
import { DELETE as deletePasskeyRoute, PATCH as patchPasskeyRoute } from "@/app/api/passkeys/[id]/route";
import { POST as loginOptions } from "@/app/api/passkeys/login/options/route";
import { POST as loginVerify } from "@/app/api/passkeys/login/verify/route";
import { POST as registerOptions } from "@/app/api/passkeys/register/options/route";
import { POST as registerVerify } from "@/app/api/passkeys/register/verify/route";
import { bearer, call, type ApiResponse, type CallInit } from "./api";
import type { TokenBody } from "./bodies";
import type { SignedUpUser } from "./users";
import { SoftPasskey, type Ceremony } from "./webauthn";

export interface PasskeyBody {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  device_type: string;
  backed_up: boolean;
}

export type CreationOptions = { challenge: string; rp: { id: string; name: string }; user: { id: string; name: string }; excludeCredentials?: { id: string }[]; authenticatorSelection?: Record<string, unknown> };

export const requestRegistration = (access: string) => call<CreationOptions>(registerOptions, "/api/passkeys/register/options/", undefined, bearer(access));

export const finishRegistration = <T = { passkey: PasskeyBody; recovery_codes?: string[] }>(access: string, body: Record<string, unknown>) =>
  call<T>(registerVerify, "/api/passkeys/register/verify/", body, bearer(access));

/** Adds a passkey on the software authenticator to the account through both routes (201 or the test fails). */
export async function addPasskey(
  user: { access: string },
  key = new SoftPasskey(),
  ceremony: Ceremony = {},
): Promise<{ key: SoftPasskey; passkey: PasskeyBody; recoveryCodes?: string[] }> {
  const options = await requestRegistration(user.access);
  expect(options.status, options.text).toBe(200);
  const added = await finishRegistration(user.access, { passkey: key.register(options.body, ceremony), name: "Test key" });
  expect(added.status, added.text).toBe(201);
  return { key, passkey: added.body.passkey, recoveryCodes: added.body.recovery_codes };
}

const withId = (handler: (request: Request, context?: { params: Promise<{ id: string }> }) => Promise<Response>, id: string) => (request: Request) =>
  handler(request, { params: Promise.resolve({ id }) });

export const renamePasskey = <T = PasskeyBody>(user: Pick<SignedUpUser, "access">, id: string, name: string): Promise<ApiResponse<T>> =>
  call<T>(withId(patchPasskeyRoute, id), `/api/passkeys/${id}/`, { name }, { method: "PATCH", ...bearer(user.access) });

export const removePasskey = <T = unknown>(user: Pick<SignedUpUser, "access">, id: string): Promise<ApiResponse<T>> =>
  call<T>(withId(deletePasskeyRoute, id), `/api/passkeys/${id}/`, undefined, { method: "DELETE", ...bearer(user.access) });

export type RequestOptions = { challenge: string; rpId: string; allowCredentials?: { id: string }[]; userVerification?: string };

export const requestSignIn = (body?: Record<string, unknown>, init: CallInit = {}) => call<RequestOptions>(loginOptions, "/api/passkeys/login/options/", body, init);

export const finishSignIn = <T = TokenBody>(passkey: Record<string, unknown>, init: CallInit = {}) => call<T>(loginVerify, "/api/passkeys/login/verify/", { passkey }, init);

/** Signs in with the passkey through both routes (200 or the test fails): the pair, in the body. */
export async function signInWithPasskey(key: SoftPasskey, init: CallInit = {}): Promise<TokenBody> {
  const options = await requestSignIn(undefined, init);
  expect(options.status, options.text).toBe(200);
  const signedIn = await finishSignIn(key.assert(options.body), init);
  expect(signedIn.status, signedIn.text).toBe(200);
  return signedIn.body;
}
