import { getAuth } from "@/server/auth";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return (await getAuth()).handler(req);
}
export async function POST(req: Request) {
  return (await getAuth()).handler(req);
}
