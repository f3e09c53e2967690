// Second factors: the authenticator app (TOTP, RFC 6238) and recovery codes. The one entry the rest imports.
// verify.ts is what sign-in and step-up call (verifySecondFactor, hasSecondFactor, listSecondFactorMethods),
// attempts.ts wraps it with the daily budget, the audit and the email, setup.ts enrols (start, confirm),
// manage.ts answers the status, removes and regenerates, reported.ts removes an app whose addition the owner
// reported ("This wasn't me"), step-up.ts proves a factor again to the current session (POST /api/mfa/verify/).
// totp.ts, recovery-codes.ts and secret-box.ts are the primitives; mfa-keys.ts derives their keys from
// MFA_ENCRYPTION_KEY (or the stored key).
export { admitSecondFactorAttempt, checkSecondFactor, countSecondFactorFailure, emailRecoveryCodeUse, recordRecoveryCodeUse } from "@/lib/auth/mfa/attempts";
export { deleteAllSecondFactors, forgetSecondFactorsIfNoneLeft, getSecondFactorStatus, regenerateRecoveryCodes, removeTotp, type SecondFactorStatus } from "@/lib/auth/mfa/manage";
export { removeReportedTotp, type ReportedFactor, type ReportedRemoval } from "@/lib/auth/mfa/reported";
export { confirmTotpSetup, startTotpSetup, type TotpSetup } from "@/lib/auth/mfa/setup";
export { stepUpSession } from "@/lib/auth/mfa/step-up";
export {
  hasSecondFactor,
  listSecondFactorMethods,
  verifySecondFactor,
  type SecondFactorCheck,
  type SecondFactorMethod,
  type SecondFactorProof,
} from "@/lib/auth/mfa/verify";
