import { describe, expect, it } from "vitest";
import { describeForOwner, labelForAdmin } from "@/lib/audit/describe";
import { auditEvents, type AnyAuditEventName } from "@/lib/audit/events";

const names = Object.keys(auditEvents) as AnyAuditEventName[];

describe("the catalogue of audit events", () => {
  it.each(names)("%s has an owner's label and an admin's label", (name) => {
    expect(auditEvents[name].owner.trim()).not.toBe("");
    expect(auditEvents[name].admin.trim()).not.toBe("");
    expect(labelForAdmin(name)).toBe(auditEvents[name].admin);
  });

  it("flags what the dashboard shows as warnings and what the owner can report, as before the catalogue", () => {
    const flags = (name: string) => {
      const { isWarning, isReportable, isByOperator } = describeForOwner(name, null);
      return { isWarning, isReportable, isByOperator };
    };
    expect(flags("login_failed")).toEqual({ isWarning: true, isReportable: true, isByOperator: false });
    expect(flags("login_succeeded")).toEqual({ isWarning: false, isReportable: true, isByOperator: false });
    expect(flags("password_reset")).toEqual({ isWarning: true, isReportable: true, isByOperator: false });
    expect(flags("password_changed")).toEqual({ isWarning: false, isReportable: true, isByOperator: false });
    // Our own bookkeeping and the owner's own sign-outs are nobody else's doing.
    for (const name of ["user_registered", "logout", "account_secured", "email_failed", "security_email_failed"]) {
      expect(flags(name).isReportable, name).toBe(false);
    }
    expect(flags("deactivated_by_admin")).toEqual({ isWarning: true, isReportable: false, isByOperator: true });
    expect(flags("reactivated_by_admin")).toEqual({ isWarning: false, isReportable: false, isByOperator: true });
    expect(names.filter((name) => auditEvents[name].scope === "operator").every((name) => !auditEvents[name].isReportable)).toBe(true);
  });

  it("names the kind of code on events about codes, and no kind when the row does not say", () => {
    expect(describeForOwner("otp_sent", "verify_email").label).toBe("Verification code sent");
    expect(describeForOwner("otp_failed", "reset_password").label).toBe("Wrong password reset code entered");
    expect(describeForOwner("email_failed", "change_email").label).toBe("Email change code could not be emailed");
    expect(describeForOwner("otp_sent", null).label).toBe("One-time code sent");
    expect(describeForOwner("otp_sent", "constructor").label).toBe("One-time code sent");
    expect(describeForOwner("login_failed", "verify_email").label).toBe("Failed sign-in attempt");
    expect(describeForOwner("login_succeeded", null).label).toBe("Signed in");
    expect(describeForOwner("login_succeeded", null, ["hwk", "user"]).label).toBe("Signed in with a passkey");
    expect(describeForOwner("login_succeeded", null, ["pwd", "swk", "user"]).label).toBe("Signed in with password and passkey");
    expect(describeForOwner("login_succeeded", null, ["pwd", "otp"]).label).toBe("Signed in with password and authenticator code");
    expect(describeForOwner("login_succeeded", null, ["pwd", "rcode"]).label).toBe("Signed in with password and recovery code");
    expect(describeForOwner("login_succeeded", null, ["pwd", "rbrowser"]).label).toBe("Signed in with password on a remembered browser");
    expect(describeForOwner("login_succeeded", null, ["pwd"]).label).toBe("Signed in with password");
    expect(describeForOwner("password_changed", null, ["pwd"]).label).toBe("Password changed: your other sessions were signed out");
  });

  it("reads a name it does not know as the name with spaces", () => {
    expect(labelForAdmin("retired_event_name")).toBe("Retired event name");
    expect(describeForOwner("retired_event_name", null)).toEqual({ label: "retired event name", isWarning: false, isReportable: true, isByOperator: false });
  });

  it("words the security emails from the event they are about", () => {
    expect(auditEvents.login_succeeded.email({ methods: ["pwd"], passkeyName: null }).subject).toBe("New sign-in to your account");
    expect(auditEvents.email_changed.email({ previousEmail: "old@example.com", newEmail: "new@example.com" }).happened).toContain("from old@example.com to new@example.com");
    expect(auditEvents.refresh_token_reused.email({ endedDevice: "Firefox on Linux" }).happened).toContain("your session on Firefox on Linux");
    expect(auditEvents.recovery_code_used.email({ remaining: 1 }).happened).toContain("1 unused code remains");
    expect(auditEvents.recovery_code_used.email({ remaining: 9 }).happened).toContain("9 unused codes remain");
  });

  it("says how a new device signed in, and claims the password is known only when it was used", () => {
    const notice = (methods: string[], passkeyName: string | null = null) => auditEvents.login_succeeded.email({ methods, passkeyName });
    const password = notice(["pwd"]);
    expect(password.happened).toBe("Your account was just signed in to from a device it has not used before, with your password.");
    expect(password.ifNotYou).toMatch(/^someone knows your password\. Reset your password now/);
    const passkey = notice(["hwk", "user"], "Work laptop");
    expect(passkey.happened).toContain('with the passkey "Work laptop", without the password');
    expect(passkey.ifNotYou).not.toMatch(/password\. |knows your password/);
    expect(passkey.ifNotYou).toContain("Remove that passkey on your dashboard, then reset your password");
    expect(notice(["swk", "user"]).happened).toContain("with a passkey, without the password");
    expect(notice(["pwd", "hwk", "user"], "Key").happened).toContain('with your password and the passkey "Key"');
    expect(notice(["pwd", "otp"]).happened).toContain("with your password and a code from your authenticator app");
    expect(notice(["pwd", "rcode"]).ifNotYou).toMatch(/^someone knows your password and has your recovery codes\./);
    expect(notice(["pwd", "rbrowser"]).happened).toContain("on a browser remembered after an earlier second factor");
  });
});
