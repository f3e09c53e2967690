/** Names and lifetimes shared by the API, the proxy and the pages. */
export const ACCESS_TOKEN_TYP = "at+jwt";
export const REFRESH_TOKEN_TYP = "refresh+jwt";
export const JWT_ALGORITHM = "EdDSA";
