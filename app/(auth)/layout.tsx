import type { ReactNode } from "react";
import { Logo } from "@/components/layout/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8 flex items-center gap-2 text-xl font-semibold text-slate-900">
        <Logo /> Switchyard
      </div>
      <div className="card w-full max-w-md p-8">{children}</div>
    </main>
  );
}
