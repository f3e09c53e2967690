-- CreateTable
CREATE TABLE "sign_in_failures" (
    "account_key" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL,
    "window_ends_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY ("account_key","client")
);

-- CreateIndex
CREATE INDEX "sign_in_failures_window_ends_at_idx" ON "sign_in_failures"("window_ends_at");
