import { expect, test } from "./fixtures";
import { registerByApi } from "./support/session";

test("the form explains each problem next to its field before anything is sent", async ({ page, user, registerPage }) => {
  let calls = 0;
  await page.route("**/api/register", async (route) => {
    calls += 1;
    await route.continue();
  });
  await registerPage.goto();
  await registerPage.fill({ email: "someone@", userName: "has space", password: "short" }, "different");
  await registerPage.submit.click();

  await expect(registerPage.fieldError("email")).toHaveText("Enter a valid email address.");
  await expect(registerPage.fieldError("user_name")).toHaveText("Use letters, digits and @ . + - _ only.");
  await expect(registerPage.fieldError("password")).toHaveText("Passwords have at least 8 characters.");
  await expect(registerPage.fieldError("password2")).toHaveText("The two passwords do not match.");
  await expect(registerPage.email).toHaveAttribute("aria-invalid", "true");
  await expect(registerPage.email).toHaveAttribute("aria-describedby", "email-hint email-error");
  await expect(registerPage.email).toBeFocused();
  expect(calls).toBe(0);

  // Fixing a field clears its message as you type.
  await registerPage.email.fill(user.email);
  await expect(registerPage.fieldError("email")).toHaveCount(0);
  await expect(registerPage.email).not.toHaveAttribute("aria-invalid", "true");
});

test("an email that is already registered is reported next to the email field", async ({ page, appURL, user, outsider, registerPage }) => {
  await registerByApi(outsider, appURL, user);

  await registerPage.goto();
  await registerPage.fill({ ...user, userName: `${user.userName}_2` });
  await registerPage.submit.click();

  await expect(registerPage.fieldError("email")).toHaveText("A user with that email already exists.");
  await expect(registerPage.fieldError("email")).toHaveRole("alert");
  await expect(registerPage.email).toBeFocused();
  await expect(registerPage.fieldError("user_name")).toHaveCount(0);
  await expect(page).toHaveURL(/\/register$/);
});

test("the server's password rules are shown next to the password field", async ({ user, registerPage }) => {
  await registerPage.goto();
  await registerPage.fill({ ...user, password: `${user.userName}-pass` });
  await registerPage.submit.click();
  await expect(registerPage.fieldError("password")).toHaveText("The password is too similar to the email or user name.");
  await expect(registerPage.password).toBeFocused();
});

test("the button is disabled while the account is being created, so one click is one account", async ({ page, user, registerPage }) => {
  let calls = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/register", async (route) => {
    calls += 1;
    await held;
    await route.continue();
  });
  await registerPage.goto();
  await registerPage.fill(user);
  await registerPage.submit.click();

  await expect(registerPage.submit).toBeDisabled();
  await expect(registerPage.submit).toHaveText("Creating account…");
  await registerPage.submit.click({ force: true });
  await registerPage.page.keyboard.press("Enter");
  release();

  await expect(page).toHaveURL(/\/verify$/);
  expect(calls).toBe(1);
});
