import { z } from "zod";
import { defineNode } from "../define-node";

export const switchRouteSchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]+$/).min(1).max(64).meta({ label: "Output name" }),
  label: z.string().max(200).default("").meta({ label: "Label" }),
  expression: z.string().min(1).max(10_000).meta({ label: "Condition", widget: "expression", help: "JSONata; the first route whose condition is true is taken." }),
});

export const switchConfigSchema = z.object({
  routes: z
    .array(switchRouteSchema)
    .max(50)
    .default([])
    .refine((r) => new Set(r.map((x) => x.key)).size === r.length, "Route names must be unique")
    .refine((r) => !r.some((x) => x.key === "default" || x.key === "error"), "\"default\" and \"error\" are reserved")
    .meta({ label: "Routes", widget: "routes" }),
});

export const switchNode = defineNode({
  type: "logic.switch",
  version: 1,
  kind: "action",
  label: "Switch",
  category: "Logic",
  icon: "split",
  description: "Routes to the first matching named route, or to default.",
  config: switchConfigSchema,
  outputs: (c) => [...c.routes.map((r) => r.key), "default"],
  sideEffect: false,
  canFail: true,
  expressions: (c) => c.routes.map((r, i) => ({ path: `routes[${i}].expression`, source: r.expression })),
});
