"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

interface AuthError {
  status?: number;
  code?: string;
  message?: string;
}

export type AuthErrors<K extends string> = Partial<Record<K | "form", string>>;

/**
 * What sign-in and sign-up share: field errors, the busy flag, and, on success, going where the
 * user was heading (`?next=`, same-site paths only).
 */
export function useAuthForm<K extends string>() {
  const router = useRouter();
  const asked = useSearchParams().get("next");
  const next = asked?.startsWith("/") && !asked.startsWith("//") ? asked : "/workflows";
  const [errors, setErrors] = useState<AuthErrors<K>>({});
  const [busy, setBusy] = useState(false);

  async function submit(request: () => Promise<{ error: AuthError | null }>, explain: (e: AuthError) => AuthErrors<K>) {
    setBusy(true);
    const { error } = await request();
    setBusy(false);
    if (!error) {
      router.push(next);
      router.refresh();
      return;
    }
    setErrors(error.status === 429 ? ({ form: "Too many attempts. Wait a minute, then try again." } as AuthErrors<K>) : explain(error));
  }

  return { next, errors, setErrors, busy, submit };
}
