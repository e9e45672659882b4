import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

export type WasmSchemaEngine = bindings.SchemaEngine;

// Node has WebAssembly; the project's lib settings (no DOM) just do not declare it.
type WasmApi = {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

let loaded: Promise<void> | undefined;

/** Instantiates the WASM module once: Node cannot import a `.wasm` ES module the way bundlers do. */
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const entry = fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm"));
    const bytes = await readFile(entry.replace(/schema_engine\.js$/, "schema_engine_bg.wasm"));
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

export async function createWasmSchemaEngine(
  datamodels: [path: string, content: string][],
  adapterFactory: object,
  log: (message: string) => void,
): Promise<WasmSchemaEngine> {
  await loadWasm();
  return bindings.SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    log,
    adapterFactory,
  );
}
