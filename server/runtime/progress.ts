// Live progress behind one small interface: LISTEN/NOTIFY on Postgres (works across processes),
// an in-process EventEmitter on PGlite (one process owns the embedded database).
// Events are batched per tick so a busy worker sends few notifications.
import { EventEmitter } from "node:events";
import type { Db } from "@/db/client";

export type ProgressEvent =
  | { type: "step"; workspaceId: string; executionId: string; stepId: number; nodeId: string; scope: string; status: string; attempt: number }
  | { type: "execution"; workspaceId: string; executionId: string; status: string }
  /** New work is due: idle workers should claim now. */
  | { type: "wake" };

export interface ProgressBus {
  publish(events: ProgressEvent[]): void;
  subscribe(listener: (e: ProgressEvent) => void): () => void;
  close(): Promise<void>;
}

export const PROGRESS_CHANNEL = "switchyard_progress";
const CHANNEL = PROGRESS_CHANNEL;
const MAX_PAYLOAD = 7000;

type PgPool = import("pg").Pool;
type PgClient = import("pg").PoolClient;

function clientOf(db: Db): unknown {
  return (db as unknown as { $client: unknown }).$client;
}

function isPgPool(c: unknown): c is PgPool {
  return !!c && typeof c === "object" && "totalCount" in c && typeof (c as PgPool).connect === "function";
}

const buses = new WeakMap<object, ProgressBus>();

/**
 * Whether events reach other processes through NOTIFY on this database, so that a statement can
 * send its own (in the payload format above) instead of publishing them: it saves a round trip
 * per batch, delivered at the same moment, the commit.
 */
export function deliversByNotify(db: Db): boolean {
  return isPgPool(clientOf(db));
}

/** The bus for a database (one per underlying client, shared by everything in the process). */
export function progressBus(db: Db): ProgressBus {
  const client = clientOf(db) as object;
  let bus = buses.get(client);
  if (!bus) {
    const created: ProgressBus = isPgPool(client) ? new PgProgressBus(client) : new LocalProgressBus();
    const close = created.close.bind(created);
    // A closed bus is forgotten, so the next caller gets a fresh one.
    created.close = async () => {
      buses.delete(client);
      await close();
    };
    bus = created;
    buses.set(client, bus);
  }
  return bus;
}

class LocalProgressBus implements ProgressBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  publish(events: ProgressEvent[]): void {
    // Deliver after the current task so listeners never run inside the publisher's transaction.
    if (events.length) queueMicrotask(() => events.forEach((e) => this.emitter.emit("e", e)));
  }
  subscribe(listener: (e: ProgressEvent) => void): () => void {
    this.emitter.on("e", listener);
    return () => this.emitter.off("e", listener);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

class PgProgressBus implements ProgressBus {
  private readonly local = new LocalProgressBus();
  private pending: ProgressEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private listenClient: PgClient | undefined;
  private listening: Promise<void> | undefined;
  private listeners = 0;
  private closed = false;

  constructor(private readonly pool: PgPool) {}

  publish(events: ProgressEvent[]): void {
    if (this.closed || events.length === 0) return;
    this.pending.push(...events);
    this.flushTimer ??= setTimeout(() => void this.flush(), 5);
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const events = this.pending;
    this.pending = [];
    // Collapse repeated wake-ups; chunk under the 8000-byte NOTIFY payload limit.
    const chunks: string[] = [];
    let cur: ProgressEvent[] = [];
    let size = 2;
    let woke = false;
    for (const e of events) {
      if (e.type === "wake") {
        if (woke) continue;
        woke = true;
      }
      const s = JSON.stringify(e).length + 1;
      if (size + s > MAX_PAYLOAD && cur.length) {
        chunks.push(JSON.stringify(cur));
        cur = [];
        size = 2;
      }
      cur.push(e);
      size += s;
    }
    if (cur.length) chunks.push(JSON.stringify(cur));
    for (const c of chunks) await this.pool.query("select pg_notify($1, $2)", [CHANNEL, c]).catch(() => {});
  }

  subscribe(listener: (e: ProgressEvent) => void): () => void {
    const off = this.local.subscribe(listener);
    this.listeners++;
    this.listening ??= this.listen();
    return () => {
      off();
      this.listeners--;
    };
  }

  private async listen(): Promise<void> {
    try {
      const client = await this.pool.connect();
      this.listenClient = client;
      client.on("notification", (msg) => {
        if (msg.channel !== CHANNEL || !msg.payload) return;
        try {
          this.local.publish(JSON.parse(msg.payload) as ProgressEvent[]);
        } catch {
          /* a malformed payload is dropped */
        }
      });
      client.on("error", () => {
        // Reconnect on the next subscribe; polling covers the gap.
        this.listenClient = undefined;
        this.listening = undefined;
      });
      await client.query(`listen ${CHANNEL}`);
    } catch {
      this.listening = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.flush();
    const c = this.listenClient;
    this.listenClient = undefined;
    if (c) {
      await c.query(`unlisten ${CHANNEL}`).catch(() => {});
      c.release();
    }
    await this.local.close();
  }
}
