import { ComingSoon } from "@/components/layout/coming-soon";

export const metadata = { title: "Data" };

export default function Page() {
  return <ComingSoon title="Data" what="Here you will keep your business data — leads, tasks, reports — in tables your automations keep clean." />;
}
