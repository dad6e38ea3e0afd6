// Editor benchmark (Playwright, real Chromium, production build):
//  - time from navigation to an interactive canvas for workflows of 20, 200 and 1,000 steps;
//  - frame times while dragging a step, and while panning the canvas, in the 200-step workflow
//    (and in the 20-step workflow as a control).
// Writes bench/results/editor.json. Usage: `npx tsx bench/editor/run.ts` (starts the app on a
// scratch data folder) or BENCH_URL=http://127.0.0.1:3000 to use a running app.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { writeSection } from "../report";

const SIZES = [20, 200, 1000];
const RUNS = 3;
const root = path.resolve(import.meta.dirname, "../..");

async function waitForHealth(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`The app did not start at ${url}`);
}

async function startApp(): Promise<{ url: string; child?: ChildProcess }> {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL };
  const port = process.env.BENCH_PORT ?? "3105";
  const child = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: port, SWITCHYARD_DATA_DIR: ".test-data/bench-editor", SWITCHYARD_AUTH_RATE_LIMIT: "off" },
    stdio: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, 300_000);
  return { url, child };
}

/** A straight chain: trigger → Set → Set …, laid out in rows of 20. */
function chainGraph(n: number) {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: i === 0 ? "start" : `set_${i}`,
    type: i === 0 ? "trigger.manual" : "data.set",
    name: i === 0 ? "Start" : `Step ${i}`,
    position: { x: (i % 20) * 300, y: Math.floor(i / 20) * 160 },
    config: i === 0 ? {} : { mode: "fields", fields: [{ name: "n", value: `{{ ${i} }}` }], keepInput: false, json: "" },
    notes: "",
  }));
  const edges = nodes.slice(1).map((nd, i) => ({ id: `e_${i}`, source: nodes[i]!.id, sourceHandle: "main", target: nd.id }));
  return { schemaVersion: 1, nodes, edges, settings: {} };
}

async function trpc<T>(page: Page, proc: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ proc, input }) => {
      const res = await fetch(`/api/trpc/${proc}?batch=1`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ 0: { json: input } }) });
      const body = (await res.json()) as Array<{ result?: { data: { json: unknown } }; error?: unknown }>;
      if (!body[0]?.result) throw new Error(`${proc}: ${JSON.stringify(body[0]?.error)}`);
      return body[0].result.data.json;
    },
    { proc, input },
  ) as Promise<T>;
}

async function timeToInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator(".react-flow__node").first().waitFor();
  // Interactive: nodes are on screen and the main thread is free for the next frame and task.
  return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))));
}

/** Frame gaps with nothing happening: what this headless, GPU-less browser manages on its own. */
async function idleFrames(page: Page) {
  const frames = await page.evaluate(
    `new Promise((r) => { const f = []; const t0 = performance.now(); requestAnimationFrame(function tick(t) { f.push(t); if (t - t0 < 1500) requestAnimationFrame(tick); else r(f); }); })`,
  );
  return summarize(frames as number[]);
}

/** Main-thread time Chrome spends (DevTools Performance metrics): call the result again to read the ms since. */
async function mainThreadClock(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
    return { script: m("ScriptDuration"), task: m("TaskDuration") };
  };
  const t0 = await read();
  return async () => {
    const t1 = await read();
    await cdp.detach();
    return { scriptMs: Math.round((t1.script - t0.script) * 1000), mainThreadMs: Math.round((t1.task - t0.task) * 1000) };
  };
}

/** Records requestAnimationFrame times and main-thread time while `gesture` runs; returns the frame gaps. */
async function framesDuring(page: Page, gesture: () => Promise<void>) {
  // A string, not a function: tsx's keepNames helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__rec = true;
    requestAnimationFrame(function tick(t) {
      window.__frames.push(t);
      if (window.__rec) requestAnimationFrame(tick);
    });
  })()`);
  const since = await mainThreadClock(page);
  await gesture();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __rec: boolean };
    w.__rec = false;
    return w.__frames;
  });
  // Frame gaps hide work that still fits in a frame on a quiet machine; the main thread's time
  // does not (it is what a busier or slower machine would drop frames over).
  return { ...summarize(frames), ...(await since()) };
}

/** 90 mouse moves 8 ms apart, 4 px right each and up to 40 px up and down, with the button held. */
async function mouseDrag(page: Page, x: number, y: number) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 90; i++) {
    await page.mouse.move(x + i * 4, y + Math.sin(i / 8) * 40);
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
}

const viewportTransform = (page: Page) => page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);

/**
 * Drags the fourth step by its centre. (Before decision 0403 this grabbed the step 60 px right of its
 * left edge; at the zoom that fits 200 steps a step is about 26 px wide, so that point was empty
 * canvas and the "drag" was a pan. Both are now measured, and checked to be what they claim.)
 */
async function dragFrames(page: Page) {
  const target = page.locator(".react-flow__node").nth(3);
  const box = (await target.boundingBox())!;
  const before = await viewportTransform(page);
  const result = await framesDuring(page, () => mouseDrag(page, box.x + box.width / 2, box.y + box.height / 2));
  const after = (await target.boundingBox())!;
  if ((await viewportTransform(page)) !== before || Math.abs(after.x - box.x - 360) > 8) throw new Error("The drag did not move the step alone: the benchmark no longer measures a drag.");
  return result;
}

/** Pans the canvas: the same mouse path, starting on empty canvas near its top-left corner. */
async function panFrames(page: Page) {
  const pane = (await page.locator(".react-flow__pane").boundingBox())!;
  const x = pane.x + 30;
  const y = pane.y + 60;
  const hit = await page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.classList.contains("react-flow__pane") ?? false, [x, y]);
  if (!hit) throw new Error("The pan would not start on empty canvas.");
  const before = await viewportTransform(page);
  const result = await framesDuring(page, () => mouseDrag(page, x, y));
  if ((await viewportTransform(page)) === before) throw new Error("The pan did not move the canvas.");
  return result;
}

function summarize(frames: number[]) {
  const raw = frames.slice(1).map((t, i) => t - frames[i]!);
  const gaps = [...raw].sort((a, b) => a - b);
  const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] ?? 0;
  return {
    frames: gaps.length,
    meanMs: +(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)).toFixed(2),
    p95Ms: +pct(0.95).toFixed(2),
    maxMs: +(gaps[gaps.length - 1] ?? 0).toFixed(2),
    // A frame longer than 1.5 vsync intervals (60 Hz) means at least one frame was dropped.
    droppedFrames: gaps.filter((g) => g > 25).length,
    // Where the long frames were (frame index of raw.length): start, middle or end of the drag.
    longFrames: raw.map((g, i) => [i, +g.toFixed(1)] as const).filter(([, g]) => g > 25),
  };
}

async function main() {
  const { url, child } = await startApp();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${url}/sign-up`);
    await page.getByLabel("Your name").fill("Bench");
    await page.getByLabel("Work e-mail").fill(`bench-${Date.now()}@example.test`);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/workflows$/);

    const tti: Record<string, { medianMs: number; runsMs: number[] }> = {};
    let drag: Frames | undefined;
    let dragSmall: Frames | undefined;
    let pan: Frames | undefined;
    let panSmall: Frames | undefined;
    let idle: Frames | undefined;
    for (const n of SIZES) {
      const wf = await trpc<{ id: string; draftRevision: number }>(page, "workflow.create", { name: `Bench ${n}` });
      await trpc(page, "workflow.saveDraft", { id: wf.id, graph: chainGraph(n), baseRevision: wf.draftRevision });
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(Math.round(await timeToInteractive(page, `${url}/workflows/${wf.id}`)));
      tti[String(n)] = { medianMs: [...runs].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!, runsMs: runs };
      console.log(`${n} steps: interactive in ${tti[String(n)]!.medianMs} ms (runs ${runs.join(", ")})`);
      if (n === 20) {
        idle = await idleFrames(page);
        dragSmall = await dragFrames(page);
        panSmall = await panFrames(page);
        console.log(`idle frames: ${JSON.stringify({ ...idle, longFrames: undefined })}; drag in 20 steps: ${JSON.stringify({ ...dragSmall, longFrames: undefined })}; pan in 20 steps: ${JSON.stringify({ ...panSmall, longFrames: undefined })}`);
      }
      if (n === 200) {
        drag = await dragFrames(page);
        console.log(`drag in 200 steps: ${JSON.stringify(drag)}`);
        pan = await panFrames(page);
        console.log(`pan in 200 steps: ${JSON.stringify(pan)}`);
      }
    }
    // Browser timings depend on what else the machine runs: keep the load next to the figures.
    const machine = { cpus: os.cpus().length, loadAverage1m: +os.loadavg()[0]!.toFixed(2) };
    const out = { date: new Date().toISOString(), machine, browser: `Chromium ${browser.version()} (headless, --disable-gpu)`, viewport: "1600x900", timeToInteractive: tti, dragIn200Steps: drag, dragIn20Steps: dragSmall, panIn200Steps: pan, panIn20Steps: panSmall, idleFrames: idle };
    fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(root, "bench/results/editor.json"), JSON.stringify(out, null, 2) + "\n");
    console.log("Wrote bench/results/editor.json");
    writeSection("editor", editorSection(out));
  } finally {
    await browser.close();
    child?.kill("SIGTERM");
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

type Frames = ReturnType<typeof summarize> & { scriptMs?: number; mainThreadMs?: number };
function editorSection(o: { date: string; machine: { cpus: number; loadAverage1m: number }; browser: string; viewport: string; timeToInteractive: Record<string, { medianMs: number }>; dragIn200Steps?: Frames; dragIn20Steps?: Frames; panIn200Steps?: Frames; panIn20Steps?: Frames; idleFrames?: Frames }): string {
  const f = (x?: Frames) => (x ? `${x.frames} frames, mean ${x.meanMs} ms, p95 ${x.p95Ms} ms, ${x.droppedFrames} over 25 ms${x.scriptMs !== undefined ? `; main thread ${x.mainThreadMs} ms, of it script ${x.scriptMs} ms` : ""}` : "–");
  return `## Editor (bench/editor)

Run ${o.date} in ${o.browser}, viewport ${o.viewport}, on ${o.machine.cpus} cores with a load average of ${o.machine.loadAverage1m}.
\`npx tsx bench/editor/run.ts\` (Playwright against the production build, PGlite).

| workflow size | navigation → interactive canvas (median of ${RUNS}) |
|---|---|
${SIZES.map((n) => `| ${n.toLocaleString("en")} steps | ${o.timeToInteractive[String(n)]?.medianMs ?? "–"} ms |`).join("\n")}

Frame gaps (requestAnimationFrame) at the zoom that fits the whole workflow, during 90 mouse moves 8 ms apart with the
button held:
- dragging a step (grabbed by its centre), 200-step workflow: ${f(o.dragIn200Steps)};
- dragging a step, 20-step workflow (control): ${f(o.dragIn20Steps)};
- panning the canvas (grabbed on empty canvas), 200-step workflow: ${f(o.panIn200Steps)};
- panning the canvas, 20-step workflow (control): ${f(o.panIn20Steps)};
- idle canvas, nothing moving (baseline of this headless browser without GPU): ${f(o.idleFrames)}.

Before decision 0403 the "drag" grabbed the step 60 px right of its left edge; at the zoom that fits 200 steps a step
is about 26 px wide, so the mouse went down on empty canvas and those figures were a pan of the whole canvas. The
script now grabs the step by its centre and checks that only the step moved, and measures the pan on its own.

Decision 0403 (lighter canvas steps): the "+" buttons show only on the step under the pointer, the selected step
and the step with keyboard focus; handles are placed without transforms and step icons without a clip; the
dragged step gets its own compositor layer; while panning, the viewport moves as one layer; no text selection on
the canvas. This script on the code before and after, alternating, 2026-11-26: panning 200 steps 113, 103 and 50
frames over 25 ms before, 9, 19 and 28 after; dragging a step 26, 61 and 42 before, 9, 43 and 65 after (the third
pair ran while a process outside the project kept one of the 2 cores busy). Panning gained clearly. For dragging
the counts scatter too much to show a change, although Chrome's work per frame fell (layerization 7.0 to 5.0 ms in
a synthetic check, 32 % fewer paint operations for the canvas).

Decision 0405 (drag outside the editor store): a drag's frames move the steps in React Flow's store only and reach
the editor store once, at the drop; steps no longer subscribe to React Flow's store themselves; at first load the
view starts at an estimate of the fit, so steps are first drawn for the fitted zoom. "Main thread" and "script" above
are Chrome's own totals (DevTools Performance metrics) over the gesture: on a quiet machine the frame gaps hide work
that still fits in a frame, these do not. Alternating runs before and after are in docs/decisions/0405.

Aim: 200 steps interactive under 1.5 s, and dragging without dropped frames. Interactive: met (0.5-0.7 s in the
0405 runs at load 2-3.4; 1.3-2.4 s in earlier runs under heavier load). Dropped frames: at load 2-3.4 the 200-step
drag and pan kept all but 0-1 frames, before 0405 as after; under heavier load (0403, 0404) they dropped 4-13 and
more, so on this machine the count follows the load more than the code. A 200-step drag still costs 1.5-2 times the
main-thread time of the 20-step control (Chrome layerizes the paint of every step again on each frame in which the
moved step's edges repaint, \`PaintArtifactCompositor::Update\`), and the main thread, raster and compositor share 2
cores with the app server, the test driver and anything else running.
`;
}
