import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Every package's Vitest config starts here. Under `npm test` each package also writes a JSON report,
 * so the run ends with one line that counts every test in the repository.
 */
export function packageTestConfig(
  packageDir: string,
  overrides: { environment?: "node" | "jsdom"; testTimeout?: number } = {},
) {
  const resultsDir = process.env.TEST_RESULTS_DIR;
  const name = path.basename(packageDir);
  return defineConfig({
    test: {
      root: packageDir,
      include: ["src/**/*.test.{ts,tsx}", "schema-engine/**/*.test.ts"],
      environment: overrides.environment ?? "node",
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: 60_000,
      // expect.poll waits for what a loaded 2-core machine may take seconds to show (1 s by default); it still
      // fails when the condition never holds.
      expect: { poll: { timeout: 10_000 } },
      reporters: resultsDir
        ? ["default", ["json", { outputFile: path.join(resultsDir, `${name}.json`) }]]
        : ["default"],
    },
  });
}
