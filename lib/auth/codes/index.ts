// One-time codes sent by email, for every purpose (verify the address, reset the password, ...). This is
// the only entry: use cases request, check and clear codes here; the kinds of code are in purposes.ts.
export { checkCode, clearCodeAttempts } from "@/lib/auth/codes/check";
export { issueCode, replaceCode } from "@/lib/auth/codes/issue";
export { codePurposes, type CodePurpose } from "@/lib/auth/codes/purposes";
export { requestCode } from "@/lib/auth/codes/request";
export { getCodeStatus, type CodeStatus } from "@/lib/auth/codes/status";
