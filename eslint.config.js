import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const NO_IO = "The engine does no I/O; the call session performs its commands.";
const NO_CLOCK = "The engine has no clock of its own: use the event's `at` (ctx.at).";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.turbo/**",
      ".data/**",
      "**/generated/**",
      "test-artifacts/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // The engine is a pure step function: no I/O, and no clock or randomness of its own (the clock comes
    // from events' `at`), so that a replayed event gives the same commands.
    files: ["apps/runtime/src/engine/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...["fs", "net", "http", "https", "dns", "child_process"].flatMap((name) => [
              name,
              `node:${name}`,
            ]),
            "fs/promises",
            "node:fs/promises",
            "ioredis",
            "bullmq",
            "fastify",
            "undici",
            "pg",
            "@ringflow/db",
            "@ringflow/platform",
          ].map((name) => ({ name, message: NO_IO })),
          patterns: [
            {
              group: ["@prisma/*", "@ringflow/db/*", "@ringflow/platform/*"],
              message: NO_IO,
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: NO_CLOCK,
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: NO_CLOCK,
        },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "Date",
          property: "now",
          message: NO_CLOCK,
        },
        {
          object: "Math",
          property: "random",
          message: "The engine is deterministic: randomness would make replays differ.",
        },
      ],
    },
  },
);
