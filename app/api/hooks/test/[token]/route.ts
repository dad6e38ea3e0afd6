import { handleWebhookRequest } from "@/server/webhook-http";

export const dynamic = "force-dynamic";

async function handler(req: Request, { params }: { params: Promise<{ token: string }> }) {
  return handleWebhookRequest(req, (await params).token, "test");
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
