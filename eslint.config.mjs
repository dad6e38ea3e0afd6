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
    // Client UI takes only types from the server side, except the pure, client-safe modules the
    // editor needs as values: the node catalogue and declarations (palette, forms), the pure
    // engine (graph schema, validator, expressions, templates) and the workflow linter.
    files: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/(db/|server/(?!nodes/catalog(/|$)|nodes/define-node$|engine/(?!testing/)|services/lint(-secrets)?$))",
              allowTypeImports: true,
              message: "Client code may import only types from server/ and db/ (except the client-safe catalogue, engine and linter).",
            },
          ],
        },
      ],
    },
  },
  {
    // The data-table UI also reuses the pure, client-safe field and query definitions of
    // server/data (type labels, operators per type) rather than copying them. Same rule as above
    // for components/**, plus these two modules.
    files: ["components/data/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/(db/|server/(?!data/(field-types|row-query)$|nodes/catalog(/|$)|nodes/define-node$|engine/(?!testing/)|services/lint(-secrets)?$))",
              allowTypeImports: true,
              message: "Client code may import only types from server/ and db/ (except the client-safe catalogue, engine, linter and server/data field-types and row-query).",
            },
          ],
        },
      ],
    },
  },
];
export default config;
