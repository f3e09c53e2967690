// The refresh floor: what a refresh costs in a Next route without any database work. It parses the JSON
// body, verifies the token in it, signs an access and a refresh token (jose, Ed25519) and answers them as
// the app does. The app's refresh does this plus one SQL statement.
import { importJWK, jwtVerify, SignJWT } from "jose";
import { VERIFY_OPTIONS } from "../../../../claims.mjs";

const publicKey = importJWK(JSON.parse(process.env.FLOOR_PUBLIC_JWK ?? "{}"), "EdDSA");
const privateKey = importJWK(JSON.parse(process.env.FLOOR_PRIVATE_JWK ?? "{}"), "EdDSA");

const sign = async (claims, lifetime) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "EdDSA", kid: "bench" })
    .setIssuer(VERIFY_OPTIONS.issuer)
    .setAudience(VERIFY_OPTIONS.audience)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(lifetime)
    .sign(await privateKey);

export async function POST(request) {
  try {
    const body = await request.json();
    const { payload } = await jwtVerify(String(body?.refresh ?? ""), await publicKey, VERIFY_OPTIONS);
    const claims = { user_id: payload.user_id, sid: crypto.randomUUID() };
    const [access, refresh] = await Promise.all([sign({ ...claims, token_type: "access" }, "5m"), sign({ ...claims, token_type: "refresh" }, "1d")]);
    return Response.json({ access, refresh }, { headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json({ detail: "Token is invalid or expired", code: "token_not_valid" }, { status: 401 });
  }
}
