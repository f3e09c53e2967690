import { describe, expect, it } from "vitest";
import { POST as register } from "@/app/api/register/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { toEmailKey, toUserNameKey } from "@/lib/identifiers";
import { call, decodeJwt, getFakeResend, newUser, readOtp, signUp, type RegisterBody, type ValidationBody } from "../support";

describe("POST /api/register/", () => {
  it("creates an active account, answers with a token pair and mails a code", async () => {
    const user = newUser();
    const res = await call<RegisterBody>(register, "/api/register/", user);
    expect(res.status).toBe(201);
    expect(res.body.response).toBe("Registration Successful!");
    expect(res.body.user).toMatchObject({ email: user.email, user_name: user.user_name, is_verified: false });
    expect(decodeJwt(res.body.access).payload).toMatchObject({ token_type: "access", verified: false, user_id: res.body.user.id });
    expect(decodeJwt(res.body.refresh).payload).toMatchObject({ token_type: "refresh" });
    expect(res.text).not.toContain(user.password);
    expect(await readOtp(user.email)).toMatch(/^\d{6}$/);
    const mail = getFakeResend().emails.find((m) => m.to.includes(user.email));
    expect(mail?.from).toBe("Auth Tests <auth@example.test>");
    const row = await (await getPrisma()).user.findUnique({ where: { id: res.body.user.id } });
    expect(row).toMatchObject({ isActive: true, isVerified: false });
    expect(row?.passwordHash.startsWith("$argon2id$")).toBe(true);
  });

  it("answers without a trailing slash too", async () => {
    expect((await call(register, "/api/register", newUser())).status).toBe(201);
  });

  it("refuses a duplicate email, case-insensitively, next to the field", async () => {
    const first = await signUp();
    const twin = { ...newUser(), email: first.email.toUpperCase() };
    const res = await call<ValidationBody>(register, "/api/register/", twin);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(res.body.errors.email).toEqual(["A user with that email already exists."]);
  });

  it("reports every problem at once: a taken email, a common password and a mismatch", async () => {
    const first = await signUp();
    const res = await call<ValidationBody>(register, "/api/register/", { ...newUser(), email: first.email, password: "password", password2: "password" });
    expect(res.body.errors.email).toEqual(["A user with that email already exists."]);
    expect(res.body.errors.password).toContain("This password is too common.");
    const mismatch = await call<ValidationBody>(register, "/api/register/", { ...newUser(), email: "broken", password2: "Something-else-1" });
    expect(Object.keys(mismatch.body.errors).sort()).toEqual(["email", "password2"]);
  });

  it("reports a taken email, a taken user name and a short, mismatched password in one answer, and writes nothing", async () => {
    const first = await signUp();
    const prisma = await getPrisma();
    await settleBackground();
    // Scoped to the two identifiers: on PostgreSQL other test files write beside this one.
    const written = async (): Promise<number[]> => [
      await prisma.user.count({ where: { OR: [{ emailKey: toEmailKey(first.email) }, { userNameKey: toUserNameKey(first.userName) }] } }),
      await prisma.session.count({ where: { userId: first.userId } }),
      await prisma.otpChallenge.count({ where: { userId: first.userId } }),
      await prisma.auditEvent.count({ where: { userId: first.userId } }),
      getFakeResend().emails.filter((mail) => mail.to.includes(first.email)).length,
    ];
    const before = await written();
    const res = await call<ValidationBody>(register, "/api/register/", { email: first.email.toUpperCase(), user_name: first.userName, password: "Ab1!", password2: "Ab1?" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(res.body.errors).toEqual({
      email: ["A user with that email already exists."],
      user_name: ["A user with that user name already exists."],
      password: ["Passwords have at least 8 characters."],
      password2: ["The two passwords do not match."],
    });
    await settleBackground();
    expect(await written()).toEqual(before);
  });

  it("says a short password's rule breaks beside its shape, and looks up only well-formed names", async () => {
    const first = await signUp();
    const res = await call<ValidationBody>(register, "/api/register/", { email: "broken", user_name: first.userName, password: "1234", password2: "1234" });
    expect(res.body.errors).toEqual({
      email: ["Enter a valid email address."],
      user_name: ["A user with that user name already exists."],
      password: ["Passwords have at least 8 characters.", "This password is too common.", "This password is entirely numeric."],
    });
    const unknownField = await call<ValidationBody>(register, "/api/register/", { ...newUser(), email: first.email, is_staff: true });
    expect(unknownField.body.errors).toEqual({ email: ["A user with that email already exists."], is_staff: ["Unknown field."] });
  });

  it("tells a wrong type from a missing field", async () => {
    const res = await call<ValidationBody>(register, "/api/register/", { email: 5, user_name: "x", password2: "x" });
    expect(res.body.errors.email).toEqual(["Enter an email address."]);
    expect(res.body.errors.password).toEqual(["This field is required."]);
  });

  it("refuses a duplicate user name", async () => {
    const first = await signUp();
    const res = await call<ValidationBody>(register, "/api/register/", { ...newUser(), user_name: first.userName });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ user_name: ["A user with that user name already exists."] });
  });

  it("registers exactly one of two concurrent twins", async () => {
    const user = newUser();
    const results = await Promise.all([call(register, "/api/register/", user), call(register, "/api/register/", user)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    // The loser is told why: both fields are taken (not some other error on them).
    expect(results.find((r) => r.status === 400)!.body.errors).toEqual({
      email: ["A user with that email already exists."],
      user_name: ["A user with that user name already exists."],
    });
    const count = await (await getPrisma()).user.count({ where: { emailKey: user.email.toLowerCase() } });
    expect(count).toBe(1);
  });

  it.each([
    ["mismatched passwords", { password2: "Different-Pass-123" }, "password2"],
    ["a short password", { password: "Ab1!", password2: "Ab1!" }, "password"],
    ["a common password", { password: "password123", password2: "password123" }, "password"],
    ["a 129-character password", { password: "x".repeat(129), password2: "x".repeat(129) }, "password"],
    ["an invalid email", { email: "not-an-email" }, "email"],
    ["a missing user name", { user_name: undefined }, "user_name"],
    ["a user name with spaces", { user_name: "a b" }, "user_name"],
    ["an unknown field", { is_staff: true }, "is_staff"],
  ])("refuses %s with a field error and writes nothing", async (_label, patch, field) => {
    const user = { ...newUser(), ...patch };
    const res = await call<ValidationBody>(register, "/api/register/", user);
    expect(res.status).toBe(400);
    expect(res.body.errors[field]).toBeDefined();
    if (typeof user.email === "string") {
      expect(await (await getPrisma()).user.count({ where: { emailKey: user.email.toLowerCase() } })).toBe(0);
    }
  });

  it("refuses a password that contains the user name", async () => {
    const user = newUser();
    const password = `${user.user_name}-Secret9`;
    const res = await call<ValidationBody>(register, "/api/register/", { ...user, password, password2: password });
    expect(res.status).toBe(400);
    expect(res.body.errors.password).toContain("The password is too similar to the email or user name.");
  });

  it("still registers when the email provider fails, and the failure is audited", async () => {
    getFakeResend().setMode("fail");
    const user = newUser();
    const res = await call<RegisterBody>(register, "/api/register/", user);
    expect(res.status).toBe(201);
    await settleBackground();
    const events = await (await getPrisma()).auditEvent.findMany({ where: { userId: res.body.user.id } });
    expect(events.map((e) => e.event)).toContain("email_failed");
  });
});
