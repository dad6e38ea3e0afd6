import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "db/migrations/**", "next-env.d.ts", "test-results/**", "playwright-report/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The engine is the pure interpreter: no database, no framework, no UI.
    files: ["server/engine/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/db/*", "@/app/*", "@/components/*", "next/*", "react"] }],
    },
  },
  {
    // Client UI takes only types from the server side.
    files: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/server/*", "@/db/*"], allowTypeImports: true, message: "Client code may import only types from server/ and db/." }] },
      ],
    },
  },
];
export default config;
