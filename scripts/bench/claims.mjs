/** The claims check both floors share with the app: Ed25519 signature, issuer and audience. */
export const VERIFY_OPTIONS = { algorithms: ["EdDSA"], issuer: "next-jwt-auth", audience: "next-jwt-auth" };
