// The fake Resend API as a process of its own, for Playwright's webServer list: both app servers mail
// through it and the tests read the codes back from GET /_test/emails.
import { startFakeResend } from "../tests/support/fake-resend";

const port = Number(process.env.FAKE_RESEND_PORT ?? 3901);
const apiKey = process.env.RESEND_API_KEY ?? "re_e2e_key";

const fake = await startFakeResend({ apiKey, port });
console.log(`fake Resend API listening on ${fake.url}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    void fake.close().finally(() => process.exit(0));
  });
}
