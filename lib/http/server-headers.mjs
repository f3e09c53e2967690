// Plain JavaScript so scripts/server.mjs can read it too: the headers our server entry writes for the app.

/** The socket's address and protocol, replacing anything a client sent under these names. */
export const SOCKET_ADDRESS_HEADER = "x-auth-socket-address";
export const SOCKET_PROTOCOL_HEADER = "x-auth-socket-protocol";

/** The method of a request Next cannot serve, passed to the route's OPTIONS handler to answer 405. */
export const UNSUPPORTED_METHOD_HEADER = "x-auth-unsupported-method";

/** What Next's route handlers can be called with; anything else is answered 405 before Next. */
export const SUPPORTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Believed only from declared proxy hops (TRUST_PROXY > 0); removed from direct clients. */
export const FORWARDED_HEADERS = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"];
