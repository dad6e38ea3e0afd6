// Stable node ids ("set_k3j9x") and unique display names ("Set / Transform 2").

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 7).padEnd(5, "0");
}

/** An id from the type's last segment: readable in expressions, valid as a bare JSONata name. */
export function newNodeId(type: string, taken: { has(id: string): boolean }): string {
  const slug = (type.split(".").pop() ?? "node").replace(/[^A-Za-z0-9]/g, "").toLowerCase() || "node";
  const base = /^[a-z]/.test(slug) ? slug : `n${slug}`;
  for (;;) {
    const id = `${base}_${randomSuffix()}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(): string {
  return `e_${randomSuffix()}${randomSuffix()}`;
}

/** "Name", or "Name 2", "Name 3"… — node names must be unique within a workflow. */
export function uniqueName(base: string, taken: { has(name: string): boolean }): string {
  const stem = base.replace(/\s+\d+$/, "").trim() || "Step";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const name = `${stem} ${i}`;
    if (!taken.has(name)) return name;
  }
}
