import { describe, expect, it } from "vitest";
import { evaluateExpression } from "@/server/engine/expression";
import { validateGraph } from "@/server/engine/validate";
import { getProductNode, productCatalog } from "@/server/nodes/catalog/all";
import { lintWorkflow } from "@/server/services/lint";
import { getTemplate, summarizeTemplate, workflowTemplates } from "./index";
import { exampleInput } from "./types";

describe("workflow templates", () => {
  it("has the lead flow and at least three more, with unique ids and names", () => {
    expect(workflowTemplates.map((t) => t.id)).toContain("lead-to-client");
    expect(workflowTemplates.length).toBeGreaterThanOrEqual(4);
    expect(new Set(workflowTemplates.map((t) => t.id)).size).toBe(workflowTemplates.length);
    expect(new Set(workflowTemplates.map((t) => t.workflowName)).size).toBe(workflowTemplates.length);
  });

  for (const t of workflowTemplates) {
    it(`${t.id}: builds a graph that passes validateGraph with its example setup values`, () => {
      const result = validateGraph(t.build(exampleInput(t)), productCatalog);
      expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(result.ok).toBe(true);
      // No dead ends: every step is reachable and every branch is connected.
      const lint = lintWorkflow(t.build(exampleInput(t)), getProductNode);
      expect(lint.filter((i) => ["unreachable", "unconnected_output", "unprotected_side_effect"].includes(i.code))).toEqual([]);
    });

    it(`${t.id}: left blank, the problems panel names exactly the fields to fill in`, () => {
      const blank = t.build({ credentials: {}, values: {} });
      const errors = lintWorkflow(blank, getProductNode).filter((i) => i.severity === "error");
      expect(errors.map((e) => `${e.nodeId}.${e.path}`).sort()).toEqual(t.setup.map((s) => `${s.nodeId}.${s.field}`).sort());
      expect(errors.every((e) => e.code === "missing_config" && /is required/.test(e.message))).toBe(true);
    });

    it(`${t.id}: summarizes for the gallery in plain words`, () => {
      const s = summarizeTemplate(t);
      expect(s.steps.length).toBeGreaterThan(3);
      expect(s.credentials.every((c) => /needs setup/.test(c.name))).toBe(true);
      expect(s.setup.length).toBe(t.setup.length);
    });
  }
});

describe("lead-to-client expressions", () => {
  const lead = getTemplate("lead-to-client")!;
  const graph = lead.build(exampleInput(lead));
  const cfg = (id: string) => graph.nodes.find((n) => n.id === id)!.config as Record<string, unknown>;
  const ctx = (checkLead: Record<string, unknown>, input: unknown = null) => ({ trigger: { body: {} }, steps: { checkLead }, item: null, vars: { input } });
  const routes = cfg("segment").routes as { key: string; expression: string }[];
  const segmentOf = async (lead: Record<string, unknown>) => {
    for (const r of routes) if ((await evaluateExpression(r.expression, ctx(lead))) === true) return r.key;
    return "default";
  };

  it("segments by company size and source, tolerating missing or empty values", async () => {
    expect(await segmentOf({ employees: 500 })).toBe("enterprise");
    expect(await segmentOf({ employees: 3, source: "Partner" })).toBe("enterprise");
    expect(await segmentOf({ employees: 40 })).toBe("smb");
    expect(await segmentOf({ source: "referral" })).toBe("smb");
    expect(await segmentOf({ employees: 2 })).toBe("default");
    expect(await segmentOf({ employees: null, source: null })).toBe("default");
    expect(await segmentOf({})).toBe("default");
  });

  it("answers an invalid lead with every reason", async () => {
    const body = String(cfg("answerInvalid").body).replace(/^\{\{|\}\}$/g, "");
    const error = { message: "2 problems", data: { errors: [{ field: "email", message: "E-mail is needed" }, { field: "employees", message: "Employees: not a number" }] } };
    expect(await evaluateExpression(body, ctx({}, error))).toMatchObject({ ok: false, problems: [{ field: "email" }, { field: "employees" }] });
    const one = { message: "1 problem", data: { errors: [{ field: "email", message: "E-mail is needed" }] } };
    expect(await evaluateExpression(body, ctx({}, one))).toMatchObject({ problems: [{ field: "email", message: "E-mail is needed" }] });
  });
});
