import { describe, expect, it } from "vitest";
import { RevocationView } from "@/lib/db/revocations";

const SESSION = "5b1c2c8e-0000-4000-8000-000000000001";
const USER = "5b1c2c8e-0000-4000-8000-0000000000aa";

describe("RevocationView", () => {
  it("knows nothing until it has resynced, and says so", () => {
    const view = new RevocationView(60_000);
    expect(view.standingOf(SESSION, USER)).toBe("unknown");
    view.resync({ revokedSessionIds: [], inactiveUserIds: [] });
    expect(view.standingOf(SESSION, USER)).toBe("live");
  });

  it("refuses announced sessions and inactive users, and forgets a session once its tokens have expired", () => {
    const view = new RevocationView(60_000);
    view.resync({ revokedSessionIds: [], inactiveUserIds: [] });
    view.apply(`session ${SESSION}`);
    expect(view.standingOf(SESSION, USER)).toBe("revoked");
    view.prune(Date.now() + 60_001);
    expect(view.standingOf(SESSION, USER)).toBe("live");
    view.apply(`user ${USER} false true`);
    expect(view.standingOf("another-session", USER)).toBe("inactive");
    view.apply(`user ${USER} true true`);
    expect(view.standingOf("another-session", USER)).toBe("live");
  });

  it("sends doubted sessions and users, and everything while out of sync, to the database", () => {
    const view = new RevocationView(60_000);
    view.resync({ revokedSessionIds: [SESSION], inactiveUserIds: [USER] });
    expect(view.standingOf(SESSION, "someone")).toBe("revoked");
    expect(view.standingOf("other", USER)).toBe("inactive");
    view.doubt("someone-else");
    expect(view.standingOf("other", "someone-else")).toBe("unknown");
    view.apply("user no-longer-verified true false");
    expect(view.standingOf("other", "no-longer-verified")).toBe("unknown");
    view.lose();
    expect(view.standingOf("fresh", "fresh-user")).toBe("unknown");
    // What it knows for certain still holds while out of sync.
    expect(view.standingOf(SESSION, "someone")).toBe("revoked");
  });
});
