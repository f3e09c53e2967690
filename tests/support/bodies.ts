// What the API answers, as the tests read it: the server's own types, so a renamed field breaks the
// tests' compile instead of passing unnoticed. Nothing checks them at run time.
import type { RegisterResult } from "@/lib/auth/register";
import type { SessionListItem } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";
import type { ErrorBody } from "@/lib/errors";

export type { ErrorBody, SessionListItem };

/** A refused form: the field messages are there. */
export type ValidationBody = Required<ErrorBody>;

/** login, refresh (rotating modes), an authenticated verify. */
export type TokenBody = TokenPair;

/** 201 from /api/register/ with bearer transport. */
export type RegisterBody = RegisterResult & { response: string };

/** GET /api/sessions/ */
export interface SessionsBody {
  sessions: SessionListItem[];
}
