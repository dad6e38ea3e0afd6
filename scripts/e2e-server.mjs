// Starts the production app for the end-to-end specs on a wiped data folder.
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(process.env.SWITCHYARD_DATA_DIR ?? ".test-data/e2e");
fs.rmSync(dir, { recursive: true, force: true });
await import("./start.mjs");
