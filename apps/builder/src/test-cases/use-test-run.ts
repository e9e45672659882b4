import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { trpc } from "../api/trpc.ts";

/** Every test-case query of a flow starts with this, so saving, renaming or deleting a case reruns them. */
export const testCasesKey = (flowId: string) => ["testCases", flowId] as const;

/**
 * The draft's cases played on the draft as saved at `revision`: run again after every save (a new revision),
 * the last answer kept while the next one runs so the line beside Test call does not flicker.
 */
export function useTestRun(flowId: string, revision: number | null) {
  return useQuery({
    queryKey: [...testCasesKey(flowId), "run", revision],
    queryFn: () => trpc.testCases.run.query({ flowId }),
    enabled: revision !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}
