import Link from "next/link";
import { Logo } from "@/components/layout/logo";
import { AcceptInvite } from "@/components/settings/accept-invite";
import { requireSignedIn } from "@/server/api/server-caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Join a workspace" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { api } = await requireSignedIn(`/invite/${token}`, { ensureWorkspace: false });
  const invite = await api.workspace.describeInvite({ token });
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <div className="mb-8 flex items-center gap-2 text-xl font-semibold">
        <Logo /> Switchyard
      </div>
      <div className="card w-full max-w-md p-8">
        {invite.valid ? (
          <>
            <h1 className="text-xl font-semibold text-slate-900">Join “{invite.workspaceName}”</h1>
            <p className="mt-2 text-sm text-slate-600">You were invited as {invite.role}.</p>
            <AcceptInvite token={token} />
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold text-slate-900">This link does not work</h1>
            <p className="mt-2 text-sm text-slate-600">{invite.reason}</p>
            <Link href="/workflows" className="btn-secondary mt-6">
              Go to your workflows
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
