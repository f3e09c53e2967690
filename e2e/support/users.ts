import { randomBytes } from "node:crypto";

export interface TestUser {
  email: string;
  userName: string;
  password: string;
}

/** A fresh account for each test: nothing is shared, so tests run in any order and in parallel. */
export function createTestUser(): TestUser {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  return {
    email: `e2e-${id}@example.test`,
    userName: `e2e_${id}`,
    password: `Quiet-Harbor-${randomBytes(4).toString("hex")}!`,
  };
}
