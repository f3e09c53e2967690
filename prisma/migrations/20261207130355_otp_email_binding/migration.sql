-- AlterTable
-- Codes are bound to the address they were issued for (issue 17). Rows from before carry no such address:
-- the live ones end here (a code lasts minutes; its owner asks for a new one) and every row records the
-- account's address at the upgrade, so the column can be required. Ended rows are flushed a day after expiry.
ALTER TABLE "otp_challenges" ADD COLUMN     "email_key" TEXT;
UPDATE "otp_challenges" SET "consumed_at" = CURRENT_TIMESTAMP WHERE "consumed_at" IS NULL;
UPDATE "otp_challenges" AS "c" SET "email_key" = "u"."email_key" FROM "users" AS "u" WHERE "u"."id" = "c"."user_id";
ALTER TABLE "otp_challenges" ALTER COLUMN "email_key" SET NOT NULL;
