import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getNodeDefinition } from "@/server/nodes/catalog";
import { defineNode, type NodeDefinition } from "@/server/nodes/define-node";
import type { WorkflowGraph } from "@/server/engine/graph";
import { hasBlockingIssues, lintSettingsFrom, lintWorkflow, namingRule, type LintIssue } from "./lint";
import { findSecrets } from "./lint-secrets";

// A side-effecting node like the coming HTTP node, with a literal header list.
const httpLike = defineNode({
  type: "test.http",
  version: 1,
  kind: "action",
  label: "HTTP",
  category: "Integrations",
  icon: "globe",
  description: "test",
  config: z.object({
    url: z.string().min(1).meta({ label: "URL", template: true }),
    headers: z.array(z.object({ key: z.string(), value: z.string().meta({ template: true }) })).default([]).meta({ label: "Headers", widget: "keyvalue" }),
  }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
}) as unknown as NodeDefinition;

const lookup = (t: string) => (t === httpLike.type ? httpLike : getNodeDefinition(t));

type N = WorkflowGraph["nodes"][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}, extra: Partial<N> = {}): N => ({ id, type, name: extra.name ?? id, position: { x: 0, y: 0 }, config, notes: "", ...extra });
const edge = (source: string, target: string, sourceHandle = "main") => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target });
const graph = (nodes: N[], edges: ReturnType<typeof edge>[] = []): WorkflowGraph => ({ schemaVersion: 1, nodes, edges, settings: {} });
const codes = (issues: LintIssue[]) => issues.map((i) => `${i.severity}:${i.code}${i.nodeId ? `@${i.nodeId}` : ""}`);

const trigger = node("start", "trigger.manual", {}, { name: "Start" });
const set = (id: string, name = id) => node(id, "data.set", { fields: [{ name: "a", value: "1" }] }, { name });

describe("lintWorkflow", () => {
  it("accepts a clean flow", () => {
    const g = graph([trigger, set("s1", "Build record")], [edge("start", "s1")]);
    expect(lintWorkflow(g, lookup)).toEqual([]);
  });

  it("no trigger is an error that blocks publishing", () => {
    const issues = lintWorkflow(graph([set("s1")]), lookup);
    expect(codes(issues)).toContain("error:no_trigger");
    expect(hasBlockingIssues(issues)).toBe(true);
  });

  it("missing required config is an error naming the field by its label", () => {
    const log = node("log", "data.log", { level: "info" }, { name: "Write log" });
    const issues = lintWorkflow(graph([trigger, log], [edge("start", "log")]), lookup);
    const missing = issues.find((i) => i.code === "missing_config");
    expect(missing).toMatchObject({ severity: "error", nodeId: "log", path: "message" });
    expect(missing!.message).toBe('"Write log": Message is required');
  });

  it("invalid (not missing) config is reported as invalid", () => {
    const loop = node("loop", "logic.loop", { concurrency: 500 });
    const issues = lintWorkflow(graph([trigger, loop], [edge("start", "loop", "main")]), lookup);
    expect(issues.find((i) => i.code === "invalid_config")).toMatchObject({ nodeId: "loop", path: "concurrency" });
  });

  it("an invalid template is an error on its field", () => {
    const s = node("s1", "data.set", { fields: [{ name: "a", value: "{{ trigger. }}" }] });
    const issues = lintWorkflow(graph([trigger, s], [edge("start", "s1")]), lookup);
    expect(issues.find((i) => i.code === "expression")).toMatchObject({ severity: "error", nodeId: "s1", path: "fields[0].value" });
  });

  it("nodes not reachable from a trigger are warnings, even when they have inputs", () => {
    const g = graph([trigger, set("a"), set("b"), set("c")], [edge("start", "a"), edge("b", "c")]);
    const issues = lintWorkflow(g, lookup);
    expect(codes(issues).filter((c) => c.includes("unreachable"))).toEqual(["warning:unreachable@b", "warning:unreachable@c"]);
    expect(hasBlockingIssues(issues)).toBe(false);
  });

  it("notes are never unreachable", () => {
    const note = node("n", "note", { text: "hello" });
    expect(lintWorkflow(graph([trigger, note]), lookup)).toEqual([]);
  });

  it("unconnected If and Switch outputs are warnings naming the output", () => {
    const iff = node("if", "logic.if", { mode: "expression", expression: "true" });
    const sw = node("sw", "logic.switch", { routes: [{ key: "big", expression: "true" }] });
    const g = graph([trigger, iff, sw, set("t")], [edge("start", "if"), edge("if", "t", "true"), edge("start", "sw"), edge("sw", "t", "big")]);
    const issues = lintWorkflow(g, lookup).filter((i) => i.code === "unconnected_output");
    expect(issues.map((i) => `${i.nodeId}:${i.path}`)).toEqual(["if:output:false", "sw:output:default"]);
  });

  it("side-effect nodes need an error path or a retry policy", () => {
    const bare = node("h1", "test.http", { url: "https://example.com" });
    const retried = node("h2", "test.http", { url: "https://example.com" }, { retry: { maxAttempts: 3 } });
    const branched = node("h3", "test.http", { url: "https://example.com" });
    const continued = node("h4", "test.http", { url: "https://example.com" }, { onError: "continue" });
    const g = graph(
      [trigger, bare, retried, branched, continued, set("alert")],
      [edge("start", "h1"), edge("start", "h2"), edge("start", "h3"), edge("start", "h4"), edge("h3", "alert", "error")],
    );
    expect(codes(lintWorkflow(g, lookup)).filter((c) => c.includes("side_effect"))).toEqual(["warning:unprotected_side_effect@h1"]);
  });

  it("names that break the workspace naming convention are warnings", () => {
    const orders = node("start", "trigger.manual", {}, { name: "New order" });
    const g = graph([orders, set("a", "check order total"), set("b", "Send invoice")], [edge("start", "a"), edge("a", "b")]);
    expect(lintWorkflow(g, lookup)).toEqual([]);
    const verbFirst = lintWorkflow(g, lookup, { namingConvention: { preset: "verb-first" } });
    expect(codes(verbFirst)).toEqual(["warning:naming_convention@start"]);
    const pattern = lintWorkflow(g, lookup, { namingConvention: { pattern: "^[A-Z]", description: "start with a capital" } });
    expect(codes(pattern)).toEqual(["warning:naming_convention@a"]);
    expect(pattern[0]!.message).toContain("start with a capital");
  });

  it("reads the convention from workspace settings leniently", () => {
    expect(lintSettingsFrom({ namingConvention: { preset: "title-case" } }).namingConvention).toEqual({ preset: "title-case" });
    expect(lintSettingsFrom({ namingConvention: 42 }).namingConvention).toBeNull();
    expect(lintSettingsFrom(null).namingConvention).toBeNull();
    expect(namingRule({ pattern: "([" })).toBeNull();
    expect(namingRule({ preset: "title-case" })!.test("Send Welcome E-mail to the Customer")).toBe(true);
    expect(namingRule({ preset: "sentence-case" })!.test("send it")).toBe(false);
  });

  it("secrets typed into plain fields are warnings on their field", () => {
    const h = node("h1", "test.http", { url: "https://api.example.com", headers: [{ key: "Authorization", value: "Bearer abcdefghijklmnopqrstuvwxyz123456" }] }, { retry: { maxAttempts: 3 } });
    const issues = lintWorkflow(graph([trigger, h], [edge("start", "h1")]), lookup);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: "warning", code: "secret_in_plain_field", nodeId: "h1", path: "headers[0].value" });
    expect(issues[0]!.message).toContain("Headers › row 1 › value");
  });

  it("structural validator errors pass through (duplicate names, bad handles)", () => {
    const g = graph([trigger, set("a", "Same"), set("b", "Same")], [edge("start", "a"), edge("start", "b", "nope")]);
    const c = codes(lintWorkflow(g, lookup));
    expect(c).toContain("error:duplicate_node_name@b");
    expect(c).toContain("error:unknown_handle@start");
  });

  it("lists errors before warnings", () => {
    const g = graph([trigger, set("a"), node("log", "data.log", {})], [edge("start", "log")]);
    const sev = lintWorkflow(g, lookup).map((i) => i.severity);
    expect(sev).toEqual([...sev].sort((x, y) => (x === y ? 0 : x === "error" ? -1 : 1)));
  });
});

describe("findSecrets", () => {
  it("finds well-known token shapes and secret-named keys, not references", () => {
    expect(findSecrets({ a: "sk_live_abcdefghijklmnopqrstu" })).toEqual([{ path: "a", what: "a Stripe key" }]);
    expect(findSecrets({ url: "https://bob:hunter2@example.com/x" })[0]!.what).toBe("a password inside a URL");
    expect(findSecrets({ apiKey: "plain-secret-value" })).toEqual([{ path: "apiKey", what: 'a literal value for "apiKey"' }]);
    expect(findSecrets({ apiKey: "{{ vars.key }}" })).toEqual([]);
    expect(findSecrets({ rows: [{ name: "password", value: "letmein" }] })).toEqual([{ path: "rows[0].value", what: 'a literal value for "password"' }]);
    expect(findSecrets({ text: "Our token policy is strict" })).toEqual([]);
  });
});
