import type { ReactNode } from "react";
import { requireSignedIn } from "@/server/api/server-caller";
import { AppShell } from "@/components/layout/app-shell";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { ctx, api } = await requireSignedIn("/workflows");
  const mine = await api.workspace.mine();
  return (
    <AppShell user={{ name: ctx.user.name, email: ctx.user.email }} workspaces={mine.workspaces} current={mine.current}>
      {children}
    </AppShell>
  );
}
