// Admin actions sent at the same moment. On PostgreSQL (TEST_DATABASE_URL) the requests really overlap on
// separate connections; PGlite has one connection and serialises the transactions, which still overlaps
// each request's authentication with the other's action. Each race runs several times: an interleaving
// that loses shows up in some rounds, not in every one.
import { describe, expect, it } from "vitest";
import { DELETE as deleteUser, PATCH as patchUser } from "@/app/api/admin/users/[id]/route";
import { DELETE as endAllSessions } from "@/app/api/admin/users/[id]/sessions/route";
import { POST as sendReset } from "@/app/api/admin/users/[id]/send-password-reset/route";
import { getPrisma } from "@/lib/db/client";
import { updateUserFlags } from "@/lib/db/admin-users";
import { bearer, call, signInWithTwoFactors, signUp, type SignedUpUser } from "../support";

const ROUNDS = 6;

type Handler = (request: Request, context?: { params: Promise<{ id: string }> }) => Promise<Response>;

/** A verified account; staff are enrolled and signed in at two factors, as the admin API requires. */
async function account(flags: { staff?: boolean; superuser?: boolean } = {}): Promise<SignedUpUser> {
  const user = await signUp();
  await updateUserFlags(user.userId, { isVerified: true, isStaff: flags.staff ?? false, isSuperuser: flags.superuser ?? false });
  return flags.staff ? signInWithTwoFactors(user) : user;
}
const superuser = (): Promise<SignedUpUser> => account({ staff: true, superuser: true });

/** One admin request as Next would call it; answers the status (and the code of a refusal). */
async function act(handler: Handler, method: string, actor: SignedUpUser, id: string, body?: unknown): Promise<string> {
  const res = await call<{ code?: string }>((request) => handler(request, { params: Promise.resolve({ id }) }), `/api/admin/users/${id}/`, body, {
    method,
    ...bearer(actor.access),
  });
  return res.status >= 400 ? `${res.status} ${res.body.code ?? ""}`.trim() : String(res.status);
}

const removals: [string, (actor: SignedUpUser, id: string) => Promise<string>][] = [
  ["remove staff from", (actor, id) => act(patchUser, "PATCH", actor, id, { is_staff: false })],
  ["deactivate", (actor, id) => act(patchUser, "PATCH", actor, id, { is_active: false })],
  ["unverify", (actor, id) => act(patchUser, "PATCH", actor, id, { is_verified: false })],
  ["delete", (actor, id) => act(deleteUser, "DELETE", actor, id)],
];

/** How many of these accounts are still an active, verified superuser. */
async function standingSuperusers(ids: string[]): Promise<number> {
  const prisma = await getPrisma();
  return prisma.user.count({ where: { id: { in: ids }, isActive: true, isVerified: true, isStaff: true, isSuperuser: true } });
}

describe("two superusers removing each other at the same moment", () => {
  for (const [what, remove] of removals) {
    it(`${what}: one wins, the other is refused, and a superuser remains`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const [a, b] = await Promise.all([superuser(), superuser()]);
        const answers = await Promise.all([remove(a, b.userId), remove(b, a.userId)]);
        const wins = answers.filter((answer) => answer === "200" || answer === "204");
        expect(wins, `round ${round}: ${answers.join(", ")}`).toHaveLength(1);
        // The loser lost its standing (403) or, deactivated or deleted first, its session (401).
        expect(answers.filter((answer) => answer.startsWith("5")), `round ${round}`).toEqual([]);
        expect(await standingSuperusers([a.userId, b.userId]), `round ${round}: ${answers.join(", ")}`).toBe(1);
      }
    });
  }

  it("mixed removals in a ring of three leave at least one superuser of the three", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const ring = await Promise.all([superuser(), superuser(), superuser()]);
      const answers = await Promise.all(
        ring.map((actor, index) => {
          const [, remove] = removals[(index + round) % removals.length] ?? removals[0]!;
          return remove(actor, ring[(index + 1) % ring.length]!.userId);
        }),
      );
      expect(answers.filter((answer) => answer.startsWith("5")), `round ${round}: ${answers.join(", ")}`).toEqual([]);
      expect(await standingSuperusers(ring.map((user) => user.userId)), `round ${round}: ${answers.join(", ")}`).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("an action on an account that is being deleted", () => {
  const actions: [string, (actor: SignedUpUser, id: string) => Promise<string>, string][] = [
    ["deactivation", (actor, id) => act(patchUser, "PATCH", actor, id, { is_active: false }), "200"],
    ["verification change", (actor, id) => act(patchUser, "PATCH", actor, id, { is_verified: false }), "200"],
    ["ending its sessions", (actor, id) => act(endAllSessions, "DELETE", actor, id), "200"],
    ["sending a password-reset code", (actor, id) => act(sendReset, "POST", actor, id), "202"],
  ];
  for (const [what, action, success] of actions) {
    it(`${what}: succeeds before the deletion or is a 404 after it, never a 500`, async () => {
      const [admin, other] = await Promise.all([superuser(), superuser()]);
      for (let round = 0; round < ROUNDS; round++) {
        const target = await signUp();
        await updateUserFlags(target.userId, { isVerified: true });
        const [acted, deleted] = await Promise.all([action(admin, target.userId), act(deleteUser, "DELETE", other, target.userId)]);
        expect(deleted, `round ${round}`).toBe("204");
        expect([success, "404 not_found"], `round ${round}: ${acted}`).toContain(acted);
      }
    });
  }

  it("two deletions of one account: one 204, one 404", async () => {
    const [a, b] = await Promise.all([superuser(), superuser()]);
    for (let round = 0; round < ROUNDS; round++) {
      const target = await signUp();
      const answers = await Promise.all([act(deleteUser, "DELETE", a, target.userId), act(deleteUser, "DELETE", b, target.userId)]);
      expect(answers.toSorted(), `round ${round}`).toEqual(["204", "404 not_found"]);
    }
  });
});

describe("an operator whose standing is taken away while acting", () => {
  it("a staff member demoted at the same moment cannot still deactivate an account", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [boss, clerk, target] = await Promise.all([superuser(), account({ staff: true }), signUp()]);
      const [demoted, acted] = await Promise.all([
        act(patchUser, "PATCH", boss, clerk.userId, { is_staff: false }),
        act(patchUser, "PATCH", clerk, target.userId, { is_active: false }),
      ]);
      expect(demoted).toBe("200");
      const prisma = await getPrisma();
      const { isActive } = await prisma.user.findUniqueOrThrow({ where: { id: target.userId }, select: { isActive: true } });
      // Either the clerk acted first (while still staff) or was refused; never a change by a non-staff caller after.
      if (acted === "200") {
        const events = await prisma.auditEvent.findMany({ where: { userId: { in: [clerk.userId, target.userId] } }, orderBy: { id: "asc" }, select: { event: true } });
        const order = events.map((row) => row.event).filter((event) => event === "deactivated_by_admin" || event === "staff_removed_by_admin");
        expect(order, `round ${round}`).toEqual(["deactivated_by_admin", "staff_removed_by_admin"]);
        expect(isActive).toBe(false);
      } else {
        expect(acted, `round ${round}`).toBe("403 forbidden");
        expect(isActive).toBe(true);
      }
    }
  });
});
