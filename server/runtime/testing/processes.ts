// Spawns real worker processes (node + tsx loader, so signals reach the worker itself).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnWorker(url: string, env: Record<string, string> = {}): WorkerProcess {
  const root = path.resolve(__dirname, "../../..");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server/runtime/testing/worker-process.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, pid: child.pid!, output: () => out, exited };
}

export async function waitForOutput(w: WorkerProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(w.output())) {
    if (Date.now() > deadline) throw new Error(`worker ${w.pid} did not print ${pattern}: ${w.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
