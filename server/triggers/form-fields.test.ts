import { describe, expect, it } from "vitest";
import { formDefSchema, validateSubmission } from "./form-fields";

const form = formDefSchema.parse({
  fields: [
    { name: "name", label: "Your name", type: "text", required: true },
    { name: "email", label: "E-mail", type: "email", required: true },
    { name: "phone", label: "Phone", type: "phone", defaultCountry: "GB" },
    { name: "employees", label: "Employees", type: "number", integer: true, min: 1 },
    { name: "topic", label: "Topic", type: "select", options: ["Sales", "Support"], required: true },
    { name: "message", label: "Message", type: "long_text", maxLength: 20 },
    { name: "consent", label: "I agree to be contacted", type: "consent" },
  ],
});

describe("validateSubmission", () => {
  it("cleans a valid form post", () => {
    const r = validateSubmission(form.fields, {
      name: "  Ann   Smith ",
      email: " Ann@Example.COM",
      phone: "07911 123456",
      employees: "12",
      topic: "sales",
      message: "Hi",
      consent: "on",
      company_website: "",
      csrf: "token",
    });
    expect(r).toEqual({ ok: true, values: { name: "Ann Smith", email: "ann@example.com", phone: "+447911123456", employees: 12, topic: "Sales", message: "Hi", consent: true } });
  });

  it("gives a message per field and starts nothing", () => {
    const r = validateSubmission(form.fields, { name: " ", email: "ann@", phone: "12", employees: "2.5", topic: "Other", message: "x".repeat(21) });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: "name", message: "Please fill in this field" },
        { field: "email", message: "Please enter a valid e-mail address, like name@example.com" },
        { field: "phone", message: "Please enter a valid phone number" },
        { field: "employees", message: "Please enter a whole number" },
        { field: "topic", message: "Please choose one of the options" },
        { field: "message", message: "Please use at most 20 characters" },
        { field: "consent", message: "Please tick this box to continue" },
      ],
    });
  });

  it("handles JSON posts, repeated keys and optional empty fields", () => {
    const r = validateSubmission(form.fields, { name: ["Old", "Ann"], email: "a@x.com", topic: "Support", consent: true, employees: 0 });
    expect(r).toEqual({ ok: false, errors: [{ field: "employees", message: "Please enter 1 or more" }] });
    expect(validateSubmission(form.fields, { name: "Ann", email: "a@x.com", topic: "Support", consent: true, phone: "" })).toEqual({
      ok: true,
      values: { name: "Ann", email: "a@x.com", topic: "Support", consent: true },
    });
    expect(validateSubmission(form.fields, { name: { $gt: "" }, email: "a@x.com", topic: "Support", consent: true })).toMatchObject({
      ok: false,
      errors: [{ field: "name", message: "Please enter text here" }],
    });
  });

  it("drops bots: a filled honeypot, or a submit faster than a human can type", () => {
    const valid = { name: "Ann", email: "a@x.com", topic: "Sales", consent: "on" };
    expect(validateSubmission(form.fields, { ...valid, company_website: "http://spam.example" })).toEqual({ ok: false, bot: true, reason: "honeypot" });
    expect(validateSubmission(form.fields, { ...valid, hp: "x" }, { honeypotName: "hp" })).toEqual({ ok: false, bot: true, reason: "honeypot" });
    expect(validateSubmission(form.fields, valid, { renderedAtMs: 1000, nowMs: 1500 })).toEqual({ ok: false, bot: true, reason: "too_fast" });
    expect(validateSubmission(form.fields, valid, { renderedAtMs: 1000, nowMs: 9000 }).ok).toBe(true);
  });
});

describe("formDefSchema", () => {
  it("fills defaults and refuses clashing names", () => {
    expect(form).toMatchObject({ honeypotName: "company_website", submitLabel: "Send" });
    expect(form.fields[6]).toMatchObject({ type: "consent", required: true });
    const bad = formDefSchema.safeParse({
      fields: [
        { name: "a", label: "A", type: "text" },
        { name: "a", label: "B", type: "text" },
        { name: "company_website", label: "C", type: "text" },
      ],
    });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["Two fields are named 'a'", "A field uses the honeypot's name"]);
    expect(formDefSchema.safeParse({ fields: form.fields, redirectUrl: "javascript:alert(1)" }).success).toBe(false);
  });
});
