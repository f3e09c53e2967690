-- DropIndex
DROP INDEX "otp_challenges_user_id_created_at_idx";

-- AlterTable
ALTER TABLE "otp_challenges" ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'verify_email';

-- CreateIndex
CREATE INDEX "otp_challenges_user_id_purpose_created_at_idx" ON "otp_challenges"("user_id", "purpose", "created_at");
