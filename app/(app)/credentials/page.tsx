import { ComingSoon } from "@/components/layout/coming-soon";

export const metadata = { title: "Credentials" };

export default function Page() {
  return <ComingSoon title="Credentials" what="Here you will store passwords and API keys for the services your workflows connect to, encrypted." />;
}
