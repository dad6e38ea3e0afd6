// The load generator of bench/webhooks, in its own thread so that its HTTP client work (a real
// sender's, on another machine) is not counted against the server's event loop. Plain node:http
// with keep-alive connections, one per concurrent sender.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { url, total, concurrency } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function body(i) {
  const invalid = i % 20 === 7; // 5%
  return JSON.stringify({ name: invalid ? "" : `  Lead ${i} `, email: invalid ? "no-at-sign" : ` Lead${i}@Example.COM `, employees: (i * 37) % 120 });
}

function post(payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const latencies = [];
const statuses = {};
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const status = await post(body(i));
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
parentPort.postMessage({ latencies, statuses, seconds });
