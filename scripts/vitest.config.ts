import { packageTestConfig } from "../vitest.shared.ts";

const config = packageTestConfig(import.meta.dirname);
config.test!.include = ["*.test.ts", "lib/**/*.test.ts"];
export default config;
