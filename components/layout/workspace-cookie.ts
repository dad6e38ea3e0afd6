/** Remembers the chosen workspace for the server (read by the tRPC context as `sy_ws`). */
export function rememberWorkspace(id: string) {
  document.cookie = `sy_ws=${encodeURIComponent(id)}; path=/; samesite=lax; max-age=31536000`;
}
