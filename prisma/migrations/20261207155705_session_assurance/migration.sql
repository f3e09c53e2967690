-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "aal" SMALLINT NOT NULL DEFAULT 1,
ADD COLUMN     "amr" TEXT[] DEFAULT ARRAY['pwd']::TEXT[],
ADD COLUMN     "auth_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Sessions from before were opened by a password (or a registration) when they were created.
UPDATE "sessions" SET "auth_time" = "created_at";
