-- CreateTable
CREATE TABLE "AnalyticsSetting" (
    "tenantId" UUID NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',

    CONSTRAINT "AnalyticsSetting_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "QueueEventRecord" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "event" JSONB NOT NULL,

    CONSTRAINT "QueueEventRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsCursor" (
    "name" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsCursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "AnalyticsCallHour" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "flowId" UUID,
    "flowVersionId" UUID,
    "phoneNumberId" UUID,
    "calls" INTEGER NOT NULL,
    "ended" INTEGER NOT NULL,
    "durationSeconds" INTEGER NOT NULL,
    "queued" INTEGER NOT NULL,
    "agentAnswered" INTEGER NOT NULL,
    "callerHungUp" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsCallHour_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsBlockHour" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "flowId" UUID NOT NULL,
    "flowVersionId" UUID NOT NULL,
    "nodeId" TEXT NOT NULL,
    "exit" TEXT NOT NULL,
    "entered" INTEGER NOT NULL,
    "left" INTEGER NOT NULL,
    "hungUp" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsBlockHour_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsQueueHour" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "queueId" UUID NOT NULL,
    "offered" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "shortAbandoned" INTEGER NOT NULL,
    "answeredWithinThreshold" INTEGER NOT NULL,
    "overflowed" INTEGER NOT NULL,
    "callbacks" INTEGER NOT NULL,
    "answerWaitMs" DOUBLE PRECISION NOT NULL,
    "abandonWaitMs" DOUBLE PRECISION NOT NULL,
    "handled" INTEGER NOT NULL,
    "handleMs" DOUBLE PRECISION NOT NULL,
    "wrapUps" INTEGER NOT NULL,
    "wrapUpMs" DOUBLE PRECISION NOT NULL,
    "holds" INTEGER NOT NULL,
    "holdMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AnalyticsQueueHour_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalyticsAgentHour" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" UUID NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "agentId" UUID NOT NULL,
    "handled" INTEGER NOT NULL,
    "handleMs" DOUBLE PRECISION NOT NULL,
    "wrapUpMs" DOUBLE PRECISION NOT NULL,
    "signedInMs" DOUBLE PRECISION NOT NULL,
    "workingMs" DOUBLE PRECISION NOT NULL,
    "stateMs" JSONB NOT NULL,
    "dispositions" JSONB NOT NULL,

    CONSTRAINT "AnalyticsAgentHour_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QueueEventRecord_tenantId_at_idx" ON "QueueEventRecord"("tenantId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "QueueEventRecord_tenantId_key_key" ON "QueueEventRecord"("tenantId", "key");

-- CreateIndex
CREATE INDEX "AnalyticsCallHour_tenantId_hour_idx" ON "AnalyticsCallHour"("tenantId", "hour");

-- CreateIndex
CREATE INDEX "AnalyticsBlockHour_tenantId_hour_idx" ON "AnalyticsBlockHour"("tenantId", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsBlockHour_tenantId_flowVersionId_hour_nodeId_exit_key" ON "AnalyticsBlockHour"("tenantId", "flowVersionId", "hour", "nodeId", "exit");

-- CreateIndex
CREATE INDEX "AnalyticsQueueHour_tenantId_hour_idx" ON "AnalyticsQueueHour"("tenantId", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsQueueHour_tenantId_queueId_hour_key" ON "AnalyticsQueueHour"("tenantId", "queueId", "hour");

-- CreateIndex
CREATE INDEX "AnalyticsAgentHour_tenantId_hour_idx" ON "AnalyticsAgentHour"("tenantId", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "AnalyticsAgentHour_tenantId_agentId_hour_key" ON "AnalyticsAgentHour"("tenantId", "agentId", "hour");

-- AddForeignKey
ALTER TABLE "AnalyticsSetting" ADD CONSTRAINT "AnalyticsSetting_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueEventRecord" ADD CONSTRAINT "QueueEventRecord_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsCallHour" ADD CONSTRAINT "AnalyticsCallHour_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsBlockHour" ADD CONSTRAINT "AnalyticsBlockHour_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsQueueHour" ADD CONSTRAINT "AnalyticsQueueHour_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsAgentHour" ADD CONSTRAINT "AnalyticsAgentHour_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


