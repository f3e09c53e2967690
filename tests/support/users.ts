import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { POST as register } from "@/app/api/register/route";
import { POST as verify } from "@/app/api/verify/route";
import { settleBackground } from "@/lib/background";
import { call, type CallInit } from "./api";
import type { RegisterBody } from "./bodies";
import { extractOtp, hasOtp } from "./fake-resend";
import { decodeJwt } from "./jwt";
import { getFakeResend } from "./test-env";

/** A registration form: a fresh random account for each call. */
export interface NewUser {
  email: string;
  user_name: string;
  password: string;
  password2: string;
}

export function newUser(): NewUser {
  const id = randomUUID().slice(0, 8);
  const password = `Tr0ub4dor&${randomUUID().slice(0, 6)}`;
  return { email: `user-${id}@example.test`, user_name: `user_${id}`, password, password2: password };
}

/** A registered, not yet verified account, and the bearer pair its registration answered with. */
export interface SignedUpUser {
  email: string;
  password: string;
  userName: string;
  userId: string;
  /** The session the registration started. */
  sid: string;
  access: string;
  refresh: string;
}

/** Registers a fresh account through the route (201 or the test fails); `init` adds headers such as a user agent. */
export async function signUp(init: CallInit = {}): Promise<SignedUpUser> {
  const user = newUser();
  const res = await call<RegisterBody>(register, "/api/register/", user, init);
  expect(res.status, res.text).toBe(201);
  const { access, refresh } = res.body;
  return { email: user.email, password: user.password, userName: user.user_name, userId: res.body.user.id, sid: decodeJwt(refresh).payload.sid, access, refresh };
}

/** A registered and verified account; `access`/`refresh` are the verified pair of its registration's session. */
export async function signUpVerified(init: CallInit = {}): Promise<SignedUpUser> {
  const user = await signUp(init);
  const res = await call<RegisterBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) }, { headers: { ...init.headers, authorization: `Bearer ${user.access}` } });
  expect(res.status, res.text).toBe(200);
  return { ...user, access: res.body.access, refresh: res.body.refresh };
}

/** The newest code mailed to `email` through the fake Resend API (security notices are skipped). */
export async function readOtp(email: string): Promise<string> {
  await settleBackground();
  const mails = getFakeResend().emails.filter((mail) => mail.to.includes(email) && hasOtp(mail));
  const last = mails.at(-1);
  expect(last, `an email to ${email}`).toBeDefined();
  return extractOtp(last!);
}
