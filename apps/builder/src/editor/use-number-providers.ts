import { providerSupportOf, type ProviderSupport } from "@ringflow/flow-schema";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { trpc } from "../api/trpc.ts";
import type { FlowStore } from "../store/flow-store.ts";

/**
 * Validation of the draft also says what the accounts of the numbers answering with this flow cannot carry out
 * (a Telnyx number and a Start recording block), as binding a number says it.
 */
export function useNumberProviders(store: FlowStore, flowId: string) {
  // The Numbers panel's query: binding a number there validates again.
  const numbers = useQuery({
    queryKey: ["numbers.list"],
    queryFn: () => trpc.numbers.list.query(),
    retry: false,
  });
  useEffect(() => {
    if (!numbers.data) return;
    const accounts = new Map<string, { kind: string; name: string }>();
    for (const number of numbers.data)
      if (number.binding?.flow.id === flowId && number.providerAccount)
        accounts.set(number.providerAccount.id, number.providerAccount);
    const providers = [...accounts.values()]
      .map(providerSupportOf)
      .filter((support): support is ProviderSupport => support !== null);
    // Nothing to add and nothing to take back: no second validation of a large flow on opening.
    if (!providers.length && !store.getState().validationOptions.providers?.length) return;
    store.getState().setValidationOptions({ providers });
  }, [store, flowId, numbers.data]);
}
