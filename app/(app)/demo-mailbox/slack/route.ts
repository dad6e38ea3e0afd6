// The demo's stand-in for a Slack incoming webhook: the demo lead flow's alerts are posted here
// and kept in the Demo mailbox. Answers 404 unless the server runs with SWITCHYARD_DEMO=1.
import { getAppDb } from "@/server/app-db";
import { receiveDemoSlack } from "@/server/demo/seed";

export async function POST(req: Request): Promise<Response> {
  if (process.env.SWITCHYARD_DEMO !== "1") return new Response("Not found", { status: 404 });
  let payload: unknown;
  try {
    payload = await req.json();
  } catch {
    return new Response("Send JSON like {\"text\": \"…\"}", { status: 400 });
  }
  const { db } = await getAppDb();
  const stored = await receiveDemoSlack(db, payload);
  return stored ? new Response("ok") : new Response("No demo workspace", { status: 404 });
}
