import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { coreCatalog, coreNodes } from "./index";
import { getDefaultRegistry } from "../registry";

const CATEGORIES = ["Triggers", "Logic", "Data", "Integrations", "Notifications"];

describe("node catalogue", () => {
  it("declares every core node with a valid palette entry and a JSON-schema-able config", () => {
    const types = coreNodes.map((n) => n.type);
    for (const t of ["trigger.manual", "trigger.error", "trigger.webhook", "trigger.schedule", "logic.if", "logic.switch", "data.set", "logic.merge", "logic.loop", "logic.delay", "logic.stop", "data.log", "logic.callWorkflow", "note"]) {
      expect(types).toContain(t);
    }
    for (const def of coreNodes) {
      expect(CATEGORIES).toContain(def.category);
      expect(def.label.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(0);
      expect(typeof def.icon).toBe("string");
      expect(() => z.toJSONSchema(def.config)).not.toThrow();
      // Defaults make an empty config valid for nodes that need nothing.
      if (!["logic.callWorkflow", "data.log"].includes(def.type)) expect(def.config.safeParse({}).success, def.type).toBe(true);
    }
    expect(coreCatalog.entries().find((e) => e.type === "logic.if")?.outputs).toEqual(["true", "false"]);
  });

  it("gives every node that can fail an error handle, and nodes that cannot fail none", async () => {
    const { handlesOf } = await import("@/server/engine/node-spec");
    for (const def of coreNodes) {
      const handles = handlesOf(def, def.config.safeParse({}).success ? def.config.parse({}) : {});
      expect(handles.includes("error"), def.type).toBe(def.canFail);
    }
  });

  it("has an executor for every declared type", () => {
    const reg = getDefaultRegistry();
    for (const def of coreNodes) expect(reg.executor(def.type), def.type).toBeDefined();
  });

  it("stays client-safe: catalogue files import no server code, no node: modules, no db", () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const files = [...fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => path.join(dir, f)), path.join(dir, "../define-node.ts")];
    for (const f of files) {
      const src = fs.readFileSync(f, "utf8");
      for (const m of src.matchAll(/from "([^"]+)"/g)) {
        const spec = m[1]!;
        expect(spec.startsWith("node:") || spec.startsWith("@/db") || spec.includes("/runtime") || spec.includes("/run/") || spec.includes("registry") || spec === "pg", `${f} imports ${spec}`).toBe(false);
      }
    }
  });
});
