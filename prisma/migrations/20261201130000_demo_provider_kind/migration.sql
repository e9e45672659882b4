-- AlterEnum
ALTER TYPE "ProviderKind" ADD VALUE 'DEMO';
