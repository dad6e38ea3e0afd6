// The load generator of bench/webhooks, in its own thread so that its work (a real sender's, on
// another machine) is not counted against the server's event loop. A minimal HTTP/1.1 client over
// raw keep-alive sockets, one per concurrent sender: node:http's client cost about 0.4 ms of CPU
// per request, a fifth of the 2 cores' budget at 2,000 requests/s, on the machine under test.
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";

const { url, total, concurrency } = workerData;
const target = new URL(url);
const port = Number(target.port || 80);

function request(i) {
  const invalid = i % 20 === 7; // 5%
  const payload = Buffer.from(JSON.stringify({ name: invalid ? "" : `  Lead ${i} `, email: invalid ? "no-at-sign" : ` Lead${i}@Example.COM `, employees: (i * 37) % 120 }));
  const head = `POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), payload]);
}

/** Where the response starting at 0 ends (its status and whether the server closes), or null if incomplete. */
function parseResponse(buf) {
  const headEnd = buf.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const head = buf.toString("latin1", 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection: *close/.test(head);
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) {
    const end = headEnd + 4 + Number(length[1]);
    return buf.length < end ? null : { status, close, end };
  }
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) return { status, close: true, end: buf.length };
  let pos = headEnd + 4;
  for (;;) {
    const lineEnd = buf.indexOf("\r\n", pos);
    if (lineEnd < 0) return null;
    const size = parseInt(buf.toString("latin1", pos, lineEnd), 16);
    pos = lineEnd + 2 + size + 2;
    if (buf.length < pos) return null;
    if (size === 0) return { status, close, end: pos };
  }
}

function openConnection() {
  const socket = net.connect(port, target.hostname);
  socket.setNoDelay(true);
  let buf = Buffer.alloc(0);
  let waiting = null;
  socket.on("data", (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    const r = waiting && parseResponse(buf);
    if (!r) return;
    buf = buf.subarray(r.end);
    const w = waiting;
    waiting = null;
    w.resolve(r);
  });
  socket.on("error", (e) => waiting?.reject(e));
  socket.on("close", () => waiting?.reject(new Error("The server closed the connection")));
  return {
    send: (bytes) =>
      new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(bytes);
      }),
    close: () => socket.destroy(),
  };
}

const latencies = [];
const statuses = {};
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    let conn = openConnection();
    while (next < total) {
      const bytes = request(next++);
      const t0 = performance.now();
      const r = await conn.send(bytes);
      latencies.push(performance.now() - t0);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.close) {
        conn.close();
        conn = openConnection();
      }
    }
    conn.close();
  }),
);
const seconds = (performance.now() - started) / 1000;
parentPort.postMessage({ latencies, statuses, seconds });
