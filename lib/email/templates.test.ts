import { describe, expect, it } from "vitest";
import { emailChangeCodeEmail, emailInUseEmail, otpEmail, securityNoticeEmail } from "@/lib/email/templates";

const notice = { subject: "New sign-in to your account", happened: "Signed in from a new device.", ifNotYou: "reset your password." };
const context = { at: new Date("2026-12-04T06:49:36Z"), device: "Safari on iPhone", ip: "203.0.113.7" };

describe("email templates", () => {
  it("name the time in UTC, the device and the IP in a security notice, and what to do if it was not the reader", () => {
    const mail = securityNoticeEmail("ada@example.com", "ada", notice, context);
    expect(mail.subject).toBe("New sign-in to your account");
    expect(mail.text).toContain("When: 4 December 2026 at 06:49 UTC\nDevice: Safari on iPhone\nIP address: 203.0.113.7\n");
    expect(mail.text).toMatch(/If it was not you: reset your password\.$/);
    expect(securityNoticeEmail("ada@example.com", "ada", notice, { ...context, ip: null }).text).toContain("IP address: unknown");
  });

  it("escape what a user chose (the user name) in HTML", () => {
    const mail = securityNoticeEmail("ada@example.com", "<img src=x onerror=alert(1)>", notice, context);
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&#60;img");
    expect(emailChangeCodeEmail("a@example.com", "<b>", "123456", 600).html).not.toContain("<b>");
  });

  it("keep a code out of every mail that is not a code mail, so mailbox readers can tell them apart", () => {
    expect(otpEmail("a@example.com", "ada", "042042", 600).subject).toBe("Your verification code: 042042");
    expect(emailChangeCodeEmail("a@example.com", "ada", "042042", 600).text).toContain("Your code to confirm your new email address is 042042");
    for (const mail of [emailInUseEmail("a@example.com"), securityNoticeEmail("a@example.com", "ada", notice, context)]) {
      expect(mail.text).not.toMatch(/\b\d{6}\b/);
    }
  });
});
