import "server-only";
import { useDb, type Tx } from "@/lib/db/transaction";

/** What a challenge is for: it is accepted only by the verification of the same ceremony. */
export type WebauthnCeremony = "registration" | "authentication" | "second_step" | "step_up";

export interface WebauthnChallengeBinding {
  ceremony: WebauthnCeremony;
  /** Registration and step-up: the account asking; second step: the account signing in. */
  userId: string | null;
  /** Second step: the sign-in's mfa_challenges row. */
  mfaChallengeId: string | null;
}

export async function createWebauthnChallenge(challenge: string, binding: WebauthnChallengeBinding, expiresAt: Date, tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.webauthnChallenge.create({
    data: { challenge, ceremony: binding.ceremony, userId: binding.userId, mfaChallengeId: binding.mfaChallengeId, expiresAt },
  });
}

/**
 * Takes the live challenge with exactly this binding, deleting it: true for one caller only, however many
 * present it at once. An expired, spent, unknown or differently bound challenge is false.
 */
export async function takeWebauthnChallenge(challenge: string, binding: WebauthnChallengeBinding, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const rows = await db.$queryRaw<{ id: string }[]>`
    DELETE FROM webauthn_challenges
    WHERE challenge = ${challenge} AND ceremony = ${binding.ceremony} AND expires_at > now()
      AND user_id IS NOT DISTINCT FROM ${binding.userId}::uuid
      AND mfa_challenge_id IS NOT DISTINCT FROM ${binding.mfaChallengeId}::uuid
    RETURNING id`;
  return rows.length === 1;
}
