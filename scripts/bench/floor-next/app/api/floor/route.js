// The Next floor: the protected endpoint's verification (jose, Ed25519, issuer and audience) and nothing
// else. JavaScript, not TypeScript, on purpose: a .ts file here would make Next write a next-env.d.ts that
// the repository's own type-check (tsconfig includes **/*.ts) would then pick up.
import { importJWK, jwtVerify } from "jose";
import { VERIFY_OPTIONS } from "../../../../claims.mjs";

const key = importJWK(JSON.parse(process.env.FLOOR_PUBLIC_JWK ?? "{}"), "EdDSA");

export async function POST(request) {
  const token = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  try {
    await jwtVerify(token, await key, VERIFY_OPTIONS);
    return Response.json({ detail: "accessed" });
  } catch {
    return Response.json({ detail: "Given token not valid for any token type", code: "token_not_valid" }, { status: 401 });
  }
}
