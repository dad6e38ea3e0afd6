// Next.js start-up hook: open the database and apply migrations before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerBackground } = await import("./server/startup");
  await startServerBackground();
}
