import { requireSignedIn } from "@/server/api/server-caller";
import { roleAtLeast } from "@/server/services/roles";
import { TableList } from "@/components/data/table-list";

export const metadata = { title: "Data" };

export default async function DataPage() {
  const { api } = await requireSignedIn("/data");
  const { current } = await api.workspace.mine();
  return <TableList canEdit={roleAtLeast(current.role, "editor")} />;
}
