import { notFound } from "next/navigation";
import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";
import { TableView } from "@/components/data/table-view";

export const metadata = { title: "Data table" };

export default async function DataTablePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { api } = await requireSignedIn(`/data/${id}`);
  const table = /^[0-9a-f-]{36}$/i.test(id) ? await api.data.get({ table: id }).catch(() => null) : null;
  if (!table) notFound();
  const { current } = await api.workspace.mine();
  return <TableView tableId={table.id} canEdit={roleAtLeast(current.role, "editor")} />;
}
