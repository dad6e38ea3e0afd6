import { describe, expect, it } from "vitest";
import { z } from "zod";
import { coreNodes, getNodeDefinition } from "@/server/nodes/catalog";
import { defaultConfig, describeConfigForm, fieldErrors, isVisible } from "./schema-form";

const def = (type: string) => getNodeDefinition(type)!;

describe("describeConfigForm", () => {
  it("Set: select, a mappings list with template values, a switch and a template expression, with showWhen", () => {
    const fields = describeConfigForm(def("data.set"));
    expect(fields.map((f) => [f.key, f.kind, f.label])).toEqual([
      ["mode", "select", "Mode"],
      ["fields", "mappings", "Fields"],
      ["keepInput", "switch", "Keep input fields"],
      ["json", "template", "Output"],
    ]);
    const mode = fields[0]!;
    expect(mode.options).toEqual(["fields", "json"]);
    expect(mode.default).toBe("fields");
    const list = fields[1]!;
    expect(list.itemFields!.map((f) => [f.key, f.kind, f.required, f.template])).toEqual([
      ["name", "text", true, false],
      ["value", "template", true, true],
    ]);
    expect(list.itemFields![0]!.help).toBe("Dots create nested objects: customer.email");
    expect(fields[3]!.multiline).toBe(true);
    expect(isVisible(fields[1]!, {}, fields)).toBe(true); // mode defaults to "fields"
    expect(isVisible(fields[3]!, {}, fields)).toBe(false);
    expect(isVisible(fields[3]!, { mode: "json" }, fields)).toBe(true);
  });

  it("If: the condition builder and a plain (non-template) expression", () => {
    const fields = describeConfigForm(def("logic.if"));
    expect(fields.find((f) => f.key === "groups")!.kind).toBe("conditions");
    const expr = fields.find((f) => f.key === "expression")!;
    expect([expr.kind, expr.template]).toEqual(["expression", false]);
  });

  it("infers widgets without hints: numbers with bounds, booleans, enums, required strings, unions, objects", () => {
    const schema = z.object({
      count: z.number().int().min(1).max(5),
      on: z.boolean().default(true),
      color: z.enum(["red", "blue"]),
      title: z.string(),
      loose: z.union([z.string(), z.number()]).optional(),
      blob: z.record(z.string(), z.unknown()).optional(),
      apiKeyName: z.string().optional(),
    });
    const fields = describeConfigForm({ config: schema });
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ["count", "number", true],
      ["on", "switch", false],
      ["color", "select", true],
      ["title", "text", true],
      ["loose", "text", false],
      ["blob", "json", false],
      ["apiKeyName", "text", false],
    ]);
    expect(fields[0]).toMatchObject({ min: 1, max: 5, integer: true });
    expect(fields[6]!.label).toBe("Api key name");
  });

  it("every catalogue node type yields a form without unsupported fields", () => {
    for (const d of coreNodes) {
      const kinds = describeConfigForm(d).map((f) => f.kind);
      expect(kinds, d.type).not.toContain("unsupported");
    }
  });
});

describe("defaultConfig and fieldErrors", () => {
  it("a new node starts from the schema's defaults", () => {
    expect(defaultConfig(def("data.set"))).toEqual({ mode: "fields", fields: [], keepInput: false, json: "" });
    // Log requires a message, so the defaults are collected field by field.
    expect(defaultConfig(def("data.log"))).toEqual({ level: "info", data: "" });
  });

  it("maps schema issues to field paths with short messages", () => {
    expect(fieldErrors(def("data.log"), { level: "info" })).toEqual({ message: "Required" });
    expect(fieldErrors(def("data.set"), { fields: [{ name: "", value: "x" }] })).toEqual({ "fields[0].name": "Required" });
    expect(fieldErrors(def("logic.loop"), { concurrency: 0 })["concurrency"]).toMatch(/>=\s*1/);
    expect(fieldErrors(def("data.set"), {})).toEqual({});
  });
});
