// Spawns real worker processes (node + tsx loader, so signals reach the worker itself).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** A fixed throw-away key for test worker processes (no credential of value is ever made with it). */
const TEST_ENCRYPTION_KEY = "v1:" + Buffer.alloc(32, 7).toString("base64");

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
    // Worker processes refuse to start without a credentials key when DATABASE_URL is set.
    env: { ...process.env, SWITCHYARD_ENCRYPTION_KEY: process.env.SWITCHYARD_ENCRYPTION_KEY ?? TEST_ENCRYPTION_KEY, DATABASE_URL: url, ...env },
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
