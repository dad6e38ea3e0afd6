import { getAppDb } from "@/server/app-db";
import { getAppRegistry } from "@/server/app-registry";
import { submitForm } from "@/server/services/form-intake";
import { readBodyCapped } from "@/server/triggers/body";

export const dynamic = "force-dynamic";

const MAX_FORM_BYTES = 64 * 1024;

export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const body = await readBodyCapped(req.body, MAX_FORM_BYTES);
  if (!body.ok) return Response.json({ message: "The form is too large." }, { status: 413 });
  let input: unknown;
  try {
    const text = new TextDecoder().decode(body.bytes);
    input = req.headers.get("content-type")?.includes("application/json") ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
  } catch {
    return Response.json({ message: "The form data could not be read." }, { status: 400 });
  }
  if (!input || typeof input !== "object" || Array.isArray(input)) return Response.json({ message: "The form data could not be read." }, { status: 400 });
  try {
    const { db } = await getAppDb();
    const answer = await submitForm(db, token, input as Record<string, unknown>, { catalog: getAppRegistry(db) });
    return Response.json(answer, { status: answer.status });
  } catch (e) {
    console.error("Form intake failed:", e);
    return Response.json({ message: "We could not save your answers right now. Please try again in a minute." }, { status: 503 });
  }
}
