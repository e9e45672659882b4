-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "language" TEXT;

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "language" TEXT;

-- AlterTable
ALTER TABLE "AnalyticsAgentHour" ADD COLUMN     "holdMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "holds" INTEGER NOT NULL DEFAULT 0;
