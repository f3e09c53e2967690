import { expect } from "@playwright/test";
import { extractOtp, hasOtp, type CapturedEmail } from "../../tests/support/fake-resend";
import { FAKE_RESEND_URL } from "../servers";

/** Reads the fake Resend API: only the mail addressed to one recipient, so parallel tests never mix. */
export class Mailbox {
  async messagesFor(email: string): Promise<CapturedEmail[]> {
    const response = await fetch(`${FAKE_RESEND_URL}/_test/emails`);
    const all = (await response.json()) as CapturedEmail[];
    return all.filter((mail) => mail.to.some((to) => to.toLowerCase() === email.toLowerCase()));
  }

  /** Waits for the `count`-th email with a code to the recipient (security notices do not count) and returns its code. */
  async waitForOtp(email: string, count = 1): Promise<string> {
    let messages: CapturedEmail[] = [];
    await expect
      .poll(async () => {
        messages = (await this.messagesFor(email)).filter(hasOtp);
        return messages.length;
      }, { message: `email number ${count} to ${email}`, timeout: 10_000, intervals: [100, 200, 500] })
      .toBeGreaterThanOrEqual(count);
    const newest = messages.at(-1);
    if (!newest) throw new Error(`no email to ${email}`);
    return extractOtp(newest);
  }
}
