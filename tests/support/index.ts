// What the integration tests import: `import { call, signUp, ... } from "../support"`.
// setup.ts is not here: vitest runs it as a setup file (hooks only).
export { bearer, call, type ApiResponse, type CallInit } from "./api";
export type { ErrorBody, RegisterBody, SessionListItem, SessionsBody, TokenBody, ValidationBody } from "./bodies";
export type { CapturedEmail } from "./fake-resend";
export { decodeJwt, type JwtHeader, type JwtPayload } from "./jwt";
export { fakeResendKey, getFakeResend, setTestEnv } from "./test-env";
export { newUser, readOtp, signUp, signUpVerified, type NewUser, type SignedUpUser } from "./users";
export { enrolTotp, enrolTotpElsewhere, signInWithSecondFactor, signInWithTwoFactors, totpCode, wrongTotpCode, type EnrolledTotp, type TwoFactorUser } from "./mfa";
