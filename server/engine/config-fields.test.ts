import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findTemplateFields, resolveConfigTemplates } from "./config-fields";

const schema = z.object({
  title: z.string().meta({ template: true }),
  fields: z.array(z.object({ name: z.string(), value: z.string().meta({ template: true }) })),
  options: z.object({ retries: z.number(), tags: z.array(z.string()) }),
});

const ctx = { trigger: { body: { email: " Ana@Example.com ", n: 7 } }, steps: {}, item: null, vars: {} };

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

describe("resolveConfigTemplates", () => {
  it("renders template fields at any depth and leaves the (frozen) config untouched", async () => {
    const config = deepFreeze({
      title: "Lead {{ $trim(trigger.body.email) }}",
      fields: [
        { name: "{{ not a template }}", value: "{{ trigger.body.n }}" },
        { name: "b", value: "plain" },
      ],
      options: { retries: 2, tags: ["x"] },
    });
    const out = (await resolveConfigTemplates(schema, config, ctx)) as typeof config;
    expect(out).toEqual({
      title: "Lead Ana@Example.com",
      fields: [
        { name: "{{ not a template }}", value: 7 },
        { name: "b", value: "plain" },
      ],
      options: { retries: 2, tags: ["x"] },
    });
    expect(config.title).toBe("Lead {{ $trim(trigger.body.email) }}");
    expect(config.fields[0]!.value).toBe("{{ trigger.body.n }}");
    // Only containers on a template's path are copied; the rest is shared.
    expect(out.fields).not.toBe(config.fields);
    expect(out.fields[0]).not.toBe(config.fields[0]);
    expect(out.options).toBe(config.options);
  });

  it("copies a container once when several templates sit in it", async () => {
    const config = deepFreeze({ title: "{{ trigger.body.n }}", fields: [{ name: "a", value: "{{ trigger.body.n + 1 }}" }, { name: "b", value: "{{ trigger.body.n + 2 }}" }], options: { retries: 0, tags: [] } });
    const out = (await resolveConfigTemplates(schema, config, ctx, {}, findTemplateFields(schema, config))) as { fields: Array<{ value: unknown }> };
    expect(out.fields.map((f) => f.value)).toEqual([8, 9]);
  });

  it("names the field in an expression error", async () => {
    const config = { title: "ok", fields: [{ name: "a", value: "{{ trigger.body. }}" }], options: { retries: 0, tags: [] } };
    await expect(resolveConfigTemplates(schema, config, ctx)).rejects.toThrow(/^fields\[0\]\.value: /);
  });
});
