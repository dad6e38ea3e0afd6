// `npm test`: every check the project has, in order, stopping at the first failing stage.
// Prints one closing line "tests: N passed, N failed" summed over Vitest and Playwright.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, ".test-results");
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const bin = (name) => path.join(root, "node_modules", ".bin", name);
let passed = 0;
let failed = 0;

function run(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`--- ${title}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function countVitest(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += j.numPassedTests ?? 0;
    failed += j.numFailedTests ?? 0;
  } catch {
    failed += 1;
  }
}

function countPlaywright(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += j.stats?.expected ?? 0;
    failed += (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0);
  } catch {
    failed += 1;
  }
}

function finish(ok) {
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  process.exit(ok && failed === 0 ? 0 : 1);
}

if (!run("type check", bin("tsc"), ["--noEmit", "-p", "."])) finish(false);
if (!run("lint", bin("eslint"), ["--max-warnings=0", "."])) finish(false);

const vitestJson = (name) => ["--reporter=default", "--reporter=json", `--outputFile.json=${path.join(out, name)}`];
const okLite = run("unit and integration tests on PGlite", bin("vitest"), ["run", ...vitestJson("vitest-pglite.json")]);
countVitest(path.join(out, "vitest-pglite.json"));
if (!okLite) finish(false);

if (process.env.TEST_DATABASE_URL) {
  const okPg = run("integration tests on PostgreSQL", bin("vitest"), ["run", "db.test", ...vitestJson("vitest-pg.json")], { TEST_DB: "pg" });
  countVitest(path.join(out, "vitest-pg.json"));
  if (!okPg) finish(false);
} else {
  console.log("\n(TEST_DATABASE_URL is not set: skipping the PostgreSQL run of the integration tests)");
}

if (!run("production build", bin("next"), ["build"])) finish(false);
const okE2e = run("end-to-end tests in Chromium", bin("playwright"), ["test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(out, "playwright.json"),
});
countPlaywright(path.join(out, "playwright.json"));
finish(okE2e);
