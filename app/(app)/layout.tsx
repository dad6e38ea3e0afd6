import type { ReactNode } from "react";
import { requireSignedIn } from "@/server/api/server-caller";
import { ensureWorkspaceFor } from "@/server/services/workspaces";
import { AppShell } from "@/components/layout/app-shell";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { ctx, api } = await requireSignedIn("/workflows");
  await ensureWorkspaceFor(ctx.db, ctx.user);
  const mine = await api.workspace.mine();
  return (
    <AppShell user={{ name: ctx.user.name, email: ctx.user.email }} workspaces={mine.workspaces} current={mine.current}>
      {children}
    </AppShell>
  );
}
