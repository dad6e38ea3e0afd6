import { PageHeader } from "@/components/layout/page-header";
import { CredentialsPanel } from "@/components/credentials/credentials-panel";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";

export const metadata = { title: "Credentials" };

export default async function CredentialsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { api } = await requireSignedIn("/credentials");
  const { current } = await api.workspace.mine();
  const q = await searchParams;
  // Set by the OAuth2 callback route after the provider sent the admin back.
  const connected = typeof q.connected === "string" ? q.connected : undefined;
  const failed = typeof q.oauthError === "string" ? q.oauthError : undefined;
  const notice = connected ? { ok: true, text: `Connected "${connected.slice(0, 100)}".` } : failed ? { ok: false, text: `The connection failed: ${failed.slice(0, 300)}` } : undefined;
  return (
    <>
      <PageHeader title="Credentials" description="Passwords, API keys and accounts your workflows use to reach other services. Stored encrypted; secrets are never shown again after you save them." />
      <CredentialsPanel isAdmin={roleAtLeast(current.role, "admin")} notice={notice} />
    </>
  );
}
