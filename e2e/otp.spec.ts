import { expect, test } from "./fixtures";
import { DEFAULT_LIFETIMES, SHORT_LIFETIMES } from "./servers";
import { pageHeaders, registerByApi } from "./support/session";

/** A 6-digit code that is certainly not `code`. */
function wrongCode(code: string): string {
  return code.slice(0, 5) + String((Number(code.at(-1)) + 1) % 10);
}

test("a wrong code is refused with a clear message next to the field, and the right one then works", async ({
  page,
  signUp,
  mailbox,
  verifyPage,
  dashboardPage,
}) => {
  const user = await signUp({ verified: false });
  const code = await mailbox.waitForOtp(user.email);
  await verifyPage.goto();

  await verifyPage.enterCode(wrongCode(code));
  await expect(verifyPage.codeError).toHaveText(/That code is not right/);
  await expect(verifyPage.code).toHaveAttribute("aria-invalid", "true");
  await expect(verifyPage.code).toHaveAttribute("aria-describedby", /otp-error/);
  await expect(verifyPage.codeError).toHaveRole("alert");
  await expect(page).toHaveURL(/\/verify$/);

  await verifyPage.enterCode(code);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

test("the code field is a one-time-code field that keeps only digits and takes a pasted code", async ({
  signUp,
  mailbox,
  verifyPage,
  dashboardPage,
}) => {
  const user = await signUp({ verified: false });
  const code = await mailbox.waitForOtp(user.email);
  await verifyPage.goto();

  await expect(verifyPage.code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(verifyPage.code).toHaveAttribute("inputmode", "numeric");
  await expect(verifyPage.code).toHaveAttribute("pattern", "\\d{6}");

  await verifyPage.code.pressSequentially("12a-3");
  await expect(verifyPage.code).toHaveValue("123");

  await verifyPage.paste(`Your verification code is ${code}. It expires in 10 minutes.`);
  await expect(verifyPage.code).toHaveValue(code);
  await verifyPage.submit.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

test("too many wrong codes exhaust the code and say a new one is needed", async ({ page, signUp, mailbox, verifyPage }) => {
  const user = await signUp({ verified: false });
  const code = await mailbox.waitForOtp(user.email);
  await verifyPage.goto();

  for (let attempt = 1; attempt < DEFAULT_LIFETIMES.OTP_MAX_ATTEMPTS; attempt += 1) {
    await verifyPage.enterCode(wrongCode(code));
    await expect(verifyPage.codeError).toHaveText(/That code is not right/);
  }
  await verifyPage.enterCode(wrongCode(code));
  // The code is spent: one message, no countdown, and nothing left to submit until a new code comes.
  await expect(verifyPage.formAlert).toHaveText("Too many wrong tries for this code. Send a new code to try again.");
  await expect(verifyPage.codeError).toHaveCount(0);
  await expect(verifyPage.timer).toHaveCount(0);
  await expect(verifyPage.submit).toBeDisabled();

  // Coming back later, the page says so before anyone types.
  await page.reload();
  await expect(verifyPage.formAlert).toHaveText("Too many wrong tries for this code. Send a new code to try again.");
  await expect(verifyPage.formAlert).toHaveRole("alert");
  await expect(verifyPage.timer).toHaveCount(0);
  await expect(verifyPage.submit).toBeDisabled();
});

test("an expired code hides its countdown and disables its button, with one message to get a new one @short", async ({ page, signUp, mailbox, verifyPage }) => {
  const user = await signUp({ verified: false });
  await mailbox.waitForOtp(user.email);
  await verifyPage.goto();
  await expect(verifyPage.timer).toHaveText(/The code expires in 0:0\d\./);

  await expect(verifyPage.formAlert).toHaveText("That code has expired. Send a new code and enter it here.", { timeout: (SHORT_LIFETIMES.OTP_LIFETIME + 3) * 1000 });
  await expect(verifyPage.timer).toHaveCount(0);
  await expect(verifyPage.submit).toBeDisabled();
  await expect(page.locator(".alert-error, .field-error")).toHaveCount(1);

  await verifyPage.resend.click();
  await expect(verifyPage.timer).toHaveText(/The code expires in 0:0\d\./);
  await expect(verifyPage.submit).toBeEnabled();
  await expect(verifyPage.formAlert).toHaveCount(0);
});

test("a new code can be requested after the cooldown, replaces the old one and verifies @short", async ({
  signUp,
  mailbox,
  verifyPage,
  dashboardPage,
}) => {
  const user = await signUp({ verified: false });
  const firstCode = await mailbox.waitForOtp(user.email, 1);
  await verifyPage.goto();

  // Registration sent the first code, so the button waits out the cooldown first.
  await expect(verifyPage.resend).toBeDisabled();
  await expect(verifyPage.resend).toHaveText(/Send a new code in 0:0\d/);
  await expect(verifyPage.resend).toBeEnabled({ timeout: (SHORT_LIFETIMES.OTP_RESEND_COOLDOWN + 3) * 1000 });
  await expect(verifyPage.resend).toHaveText("Send a new code");

  await verifyPage.resend.click();
  await expect(verifyPage.status).toContainText(`We sent a new code to ${user.email}`);
  await expect(verifyPage.resend).toBeDisabled();
  await expect(verifyPage.resend).toHaveText(/Send a new code in 0:0\d/);
  await expect(verifyPage.code).toBeFocused();

  const secondCode = await mailbox.waitForOtp(user.email, 2);
  if (secondCode !== firstCode) {
    await verifyPage.enterCode(firstCode);
    await expect(verifyPage.codeError).toHaveText(/That code is not right/);
  }
  await verifyPage.enterCode(secondCode);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

test("asking again during the cooldown is refused with the time to wait @short", async ({ page, signUp, appURL, verifyPage }) => {
  const user = await signUp({ verified: false });
  await verifyPage.goto();
  await expect(verifyPage.resend).toBeEnabled({ timeout: (SHORT_LIFETIMES.OTP_RESEND_COOLDOWN + 3) * 1000 });
  // Another tab asks first; this page still shows the button as available.
  const response = await page.request.post("/api/verify/resend", {
    headers: pageHeaders(appURL),
    data: { email: user.email },
  });
  expect(response.status()).toBe(200);

  await verifyPage.resend.click();
  await expect(verifyPage.resendError).toHaveText(/A code was sent moments ago\. You can ask for another in \d seconds?\./);
  await expect(verifyPage.resend).toBeDisabled();
});

test("someone who is not signed in verifies by naming their email, then signs in", async ({
  page,
  appURL,
  user,
  outsider,
  mailbox,
  verifyPage,
  loginPage,
  dashboardPage,
}) => {
  await registerByApi(outsider, appURL, user);
  const code = await mailbox.waitForOtp(user.email);
  await verifyPage.goto();

  const email = page.getByLabel("Email", { exact: true });
  await expect(email).toBeVisible();
  await verifyPage.enterCode(code);
  await expect(page.locator("#email-error")).toHaveText("Enter an email address.");

  await email.fill(user.email);
  await verifyPage.submit.click();
  await expect(page).toHaveURL(/\/login\?verified=1$/);
  await expect(page.getByRole("main").getByText("Your email address is verified. Sign in to continue.")).toBeVisible();

  await loginPage.signIn(user.email, user.password);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.profile).toContainText("Verified");
});
