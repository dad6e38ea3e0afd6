// Next.js start-up hook: open the database and apply migrations before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerBackground } = await import("./server/startup");
  await startServerBackground();
  // scripts/server.mjs sends webhook URLs here, past Next.js's request pipeline (decision 0305).
  const { handleWebhookOverNode } = await import("./server/webhook-http");
  (globalThis as { __switchyardNodeIntake?: typeof handleWebhookOverNode }).__switchyardNodeIntake = handleWebhookOverNode;
}
