"use client";
import Link from "next/link";
import type { FormEvent } from "react";
import { authClient } from "@/components/auth-client";
import { Field } from "@/components/ui/field";
import { useAuthForm, type AuthErrors } from "./use-auth-form";

export function SignInForm() {
  const { next, errors, setErrors, busy, submit } = useAuthForm<"email" | "password">();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const found: AuthErrors<"email" | "password"> = {};
    if (!email) found.email = "Enter your e-mail address.";
    if (!password) found.password = "Enter your password.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await submit(
      () => authClient.signIn.email({ email, password }),
      (error) => ({ form: error.code === "INVALID_EMAIL_OR_PASSWORD" ? "That e-mail and password do not match an account." : (error.message ?? "Could not sign in.") }),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <Field id="email" label="E-mail" type="email" autoComplete="email" error={errors.email} />
      <Field id="password" label="Password" type="password" autoComplete="current-password" error={errors.password} />
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm text-slate-600">
        New to Switchyard?{" "}
        <Link href={`/sign-up${next !== "/workflows" ? `?next=${encodeURIComponent(next)}` : ""}`} className="font-medium text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
