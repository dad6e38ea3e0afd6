// `npm start`: builds the app when the build is missing or older than the sources, then serves it.
// Migrations are applied by the server at start-up (instrumentation.ts).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sourceDirs = ["app", "components", "server", "db", "public"];
const sourceFiles = ["package.json", "next.config.js", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const sources = Math.max(...[...sourceDirs, ...sourceFiles].map((d) => newestMtime(path.join(root, d))));
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (sources > built) {
  console.log("Building Switchyard (first start or sources changed)…");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// scripts/server.mjs serves the build: Next.js for pages and API, webhooks on a direct path.
const child = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
