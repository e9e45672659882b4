-- CreateEnum
CREATE TYPE "QueueStrategy" AS ENUM ('LONGEST_IDLE', 'ROUND_ROBIN', 'FEWEST_CALLS', 'RING_ALL', 'SKILLS');

-- CreateEnum
CREATE TYPE "AgentEndpointKind" AS ENUM ('TWILIO_CLIENT', 'PHONE', 'SIP');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "agentAnsweredAt" TIMESTAMP(3),
ADD COLUMN     "agentId" UUID,
ADD COLUMN     "queueId" UUID,
ADD COLUMN     "queueOutcome" TEXT,
ADD COLUMN     "queuedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Queue" ADD COLUMN     "allowSelfJoin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "awayOnNoAnswer" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "maxSize" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ringTimeoutSeconds" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "serviceLevelSeconds" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "shortAbandonSeconds" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "strategy" "QueueStrategy" NOT NULL DEFAULT 'LONGEST_IDLE',
ADD COLUMN     "wrapUpSeconds" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "QueueMember" ADD COLUMN     "joined" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "Skill" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentSkill" (
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "skillId" UUID NOT NULL,
    "level" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "AgentSkill_pkey" PRIMARY KEY ("agentId","skillId")
);

-- CreateTable
CREATE TABLE "QueueSkill" (
    "tenantId" UUID NOT NULL,
    "queueId" UUID NOT NULL,
    "skillId" UUID NOT NULL,
    "minLevel" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "QueueSkill_pkey" PRIMARY KEY ("queueId","skillId")
);

-- CreateTable
CREATE TABLE "AgentEndpoint" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "kind" "AgentEndpointKind" NOT NULL,
    "address" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AgentEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentAwayReason" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AgentAwayReason_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Skill_tenantId_name_key" ON "Skill"("tenantId", "name");

-- CreateIndex
CREATE INDEX "AgentSkill_tenantId_skillId_idx" ON "AgentSkill"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "QueueSkill_tenantId_skillId_idx" ON "QueueSkill"("tenantId", "skillId");

-- CreateIndex
CREATE INDEX "AgentEndpoint_tenantId_agentId_idx" ON "AgentEndpoint"("tenantId", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentEndpoint_agentId_kind_address_key" ON "AgentEndpoint"("agentId", "kind", "address");

-- CreateIndex
CREATE UNIQUE INDEX "AgentAwayReason_tenantId_label_key" ON "AgentAwayReason"("tenantId", "label");

-- CreateIndex
CREATE INDEX "Call_tenantId_agentId_startedAt_idx" ON "Call"("tenantId", "agentId", "startedAt" DESC);

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Skill" ADD CONSTRAINT "Skill_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSkill" ADD CONSTRAINT "AgentSkill_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSkill" ADD CONSTRAINT "AgentSkill_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueSkill" ADD CONSTRAINT "QueueSkill_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueSkill" ADD CONSTRAINT "QueueSkill_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentEndpoint" ADD CONSTRAINT "AgentEndpoint_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentAwayReason" ADD CONSTRAINT "AgentAwayReason_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Skills kept as plain names on agents and queues become the tenant's skill catalog (level 1).
INSERT INTO "Skill" ("id", "tenantId", "name")
SELECT gen_random_uuid(), names."tenantId", names."name"
FROM (
    SELECT "tenantId", unnest("skills") AS "name" FROM "Agent"
    UNION
    SELECT "tenantId", unnest("skills") AS "name" FROM "Queue"
) AS names
ON CONFLICT ("tenantId", "name") DO NOTHING;

INSERT INTO "AgentSkill" ("tenantId", "agentId", "skillId", "level")
SELECT a."tenantId", a."id", s."id", 1
FROM "Agent" a CROSS JOIN LATERAL unnest(a."skills") AS n("name")
JOIN "Skill" s ON s."tenantId" = a."tenantId" AND s."name" = n."name"
ON CONFLICT DO NOTHING;

INSERT INTO "QueueSkill" ("tenantId", "queueId", "skillId", "minLevel")
SELECT q."tenantId", q."id", s."id", 1
FROM "Queue" q CROSS JOIN LATERAL unnest(q."skills") AS n("name")
JOIN "Skill" s ON s."tenantId" = q."tenantId" AND s."name" = n."name"
ON CONFLICT DO NOTHING;

-- AlterTable
ALTER TABLE "Agent" DROP COLUMN "skills";

-- AlterTable
ALTER TABLE "Queue" DROP COLUMN "skills";
