"use client";
import Link from "next/link";
import type { FormEvent } from "react";
import { authClient } from "@/components/auth-client";
import { Field } from "@/components/ui/field";
import { useAuthForm, type AuthErrors } from "./use-auth-form";

const MIN_PASSWORD = 10;
type FieldName = "name" | "email" | "password";
type Errors = AuthErrors<FieldName>;

function validate(name: string, email: string, password: string): Errors {
  const errors: Errors = {};
  if (!name.trim()) errors.name = "Tell us your name.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = "Enter a valid e-mail address, like name@company.com.";
  if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
  return errors;
}

export function SignUpForm() {
  const { next, errors, setErrors, busy, submit } = useAuthForm<FieldName>();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "");
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const found = validate(name, email, password);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await submit(
      () => authClient.signUp.email({ name: name.trim(), email, password }),
      (error): Errors => {
        if (error.code?.startsWith("USER_ALREADY_EXISTS")) return { email: "An account with this e-mail already exists. Sign in instead." };
        if (error.code === "PASSWORD_TOO_SHORT") return { password: `Use at least ${MIN_PASSWORD} characters.` };
        if (error.code === "PASSWORD_TOO_LONG") return { password: "Use at most 128 characters." };
        if (error.code === "INVALID_EMAIL") return { email: "Enter a valid e-mail address." };
        return { form: error.message ?? "Could not create the account. Please try again." };
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
        <p className="mt-1 text-sm text-slate-600">Build automations for your business without writing code.</p>
      </div>
      <Field id="name" label="Your name" autoComplete="name" error={errors.name} />
      <Field id="email" label="Work e-mail" type="email" autoComplete="email" error={errors.email} />
      <Field id="password" label="Password" type="password" autoComplete="new-password" error={errors.password} help={`At least ${MIN_PASSWORD} characters.`} />
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/sign-in${next !== "/workflows" ? `?next=${encodeURIComponent(next)}` : ""}`} className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
