// The load test's 10,000 request bodies: deterministic (seeded), 5% invalid, 10% repeats of an
// earlier valid lead whose e-mail differs only in letter case and surrounding spaces.
export interface LeadPlan {
  bodies: Record<string, unknown>[];
  uniqueValid: number;
  duplicates: number;
  invalid: number;
}

/** mulberry32: a tiny seeded generator, so every run posts the same leads. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = ["website", "referral", "partner", "newsletter", "demo request", "trade show"];
const INVALID = [
  (i: number) => ({ email: `lead${i} at example.com`, name: `Lead ${i}` }),
  (i: number) => ({ name: `Lead ${i}`, employees: 12 }),
  (i: number) => ({ email: `lead${i}@example.com`, employees: -4 }),
  (i: number) => ({ email: `lead${i}@example.com`, employees: "many" }),
];

function respell(email: string, rnd: () => number): string {
  const cased = [...email].map((ch) => (rnd() < 0.5 ? ch.toUpperCase() : ch)).join("");
  return `${" ".repeat(1 + Math.floor(rnd() * 2))}${cased}${" ".repeat(Math.floor(rnd() * 3))}`;
}

export function generateLeads(total: number, seed = 42): LeadPlan {
  const rnd = random(seed);
  const invalidCount = Math.round(total * 0.05);
  const duplicateCount = Math.round(total * 0.1);
  const kinds: ("valid" | "invalid" | "duplicate")[] = [
    ...Array<"invalid">(invalidCount).fill("invalid"),
    ...Array<"duplicate">(duplicateCount).fill("duplicate"),
    ...Array<"valid">(total - invalidCount - duplicateCount).fill("valid"),
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  // A duplicate needs an earlier valid lead: the first item is made valid by swapping.
  const firstValid = kinds.indexOf("valid");
  [kinds[0], kinds[firstValid]] = [kinds[firstValid]!, kinds[0]!];
  const valid: Record<string, unknown>[] = [];
  const duplicated = new Set<number>();
  const bodies = kinds.map((kind, i) => {
    if (kind === "invalid") return INVALID[i % INVALID.length]!(i);
    if (kind === "duplicate") {
      // Each valid lead is repeated at most once, so "unique valid" stays simple to state.
      let k = Math.floor(rnd() * valid.length);
      while (duplicated.has(k) && duplicated.size < valid.length) k = (k + 1) % valid.length;
      duplicated.add(k);
      const orig = valid[k]!;
      return { ...orig, email: respell(String(orig.email), rnd), name: String(orig.name).toUpperCase() };
    }
    const lead = { email: `lead${i}.${Math.floor(rnd() * 1e6)}@company${i % 97}.example`, name: `lead number ${i}`, company: `Company ${i % 97}`, employees: Math.floor(rnd() ** 2 * 1000), source: SOURCES[Math.floor(rnd() * SOURCES.length)] };
    valid.push(lead);
    return lead;
  });
  return { bodies, uniqueValid: valid.length, duplicates: duplicateCount, invalid: invalidCount };
}
