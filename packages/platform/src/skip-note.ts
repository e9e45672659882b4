import { writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A test suite that cannot run on this machine says why, and the one command that enables it: `npm test`
 * prints these lines at the end of the run (TEST_RESULTS_DIR), so nothing is skipped silently.
 */
export function noteSkippedSuite(name: string, reason: string, enable: string): void {
  const line = `${name}: ${reason} (enable: ${enable})`;
  console.warn(`skipped ${line}`);
  const dir = process.env.TEST_RESULTS_DIR;
  if (dir) writeFileSync(path.join(dir, `${name.replace(/[^\w.-]+/g, "-")}.skip`), `${line}\n`);
}
