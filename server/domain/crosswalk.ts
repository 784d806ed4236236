// Carrying figures reported in one unit set into the next through the official crosswalk. A figure stays
// in the units it was reported in; this computes what it is in other units, and says how:
// - an old unit with one link (whole, unchanged, renamed) hands its figure on exactly;
// - an old unit divided between several new ones shares its figure by an estimate — the new units'
//   population where every one of them has it, else their area — and every share is flagged estimated;
// - a `part` link that is the old unit's only known one hands on the whole figure, flagged estimated;
// - a code no link follows is listed as unallocated with its figure: never dropped, never guessed.
// Integer figures stay integers and the shares of one old figure add back to it exactly (largest
// remainder), so a province's total is the same in every unit set.

export type Relation = 'whole' | 'part' | 'unchanged' | 'renamed';
export type ShareMethod = 'population' | 'area' | 'single_known_target';

export interface CrosswalkLink {
  oldCode: string;
  newCode: string;
  relation: Relation;
}

export interface UnitWeight {
  population: number | null;
  areaKm2: number | null;
}

export interface Carried {
  value: number;
  /** Some of the value comes from a shared-out figure: never show it as exact. */
  estimated: boolean;
  /** How the estimated parts were shared (empty when exact). */
  methods: ShareMethod[];
}

export interface CarryResult {
  values: Map<string, Carried>;
  unallocated: { code: string; value: number }[];
}

/** Splits `total` by `weights` into integers (when `total` is one) that add back to `total` exactly. */
export function shareOut(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  if (!Number.isInteger(total)) return raw;
  const floors = raw.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

/** The figures of `figures` (old code → value) in the new units, with what could not be followed. */
export function carryAcross(
  figures: ReadonlyMap<string, number>,
  links: readonly CrosswalkLink[],
  weights: ReadonlyMap<string, UnitWeight>,
): CarryResult {
  const byOld = new Map<string, CrosswalkLink[]>();
  for (const l of links) {
    const list = byOld.get(l.oldCode);
    if (list) {
      if (!list.some((x) => x.newCode === l.newCode)) list.push(l);
    } else byOld.set(l.oldCode, [l]);
  }
  const values = new Map<string, Carried>();
  const add = (code: string, value: number, method: ShareMethod | null) => {
    const c = values.get(code) ?? { value: 0, estimated: false, methods: [] };
    c.value += value;
    if (method) {
      c.estimated = true;
      if (!c.methods.includes(method)) c.methods.push(method);
    }
    values.set(code, c);
  };
  const unallocated: { code: string; value: number }[] = [];
  for (const [code, value] of figures) {
    const targets = byOld.get(code);
    if (!targets) {
      unallocated.push({ code, value });
      continue;
    }
    if (targets.length === 1) {
      const t = targets[0]!;
      add(t.newCode, value, t.relation === 'part' ? 'single_known_target' : null);
      continue;
    }
    const w = targets.map((t) => weights.get(t.newCode));
    const byPopulation = w.every((x) => x?.population != null && x.population > 0);
    const method: ShareMethod = byPopulation ? 'population' : 'area';
    const shares = shareOut(
      value,
      w.map((x) => (byPopulation ? x!.population! : (x?.areaKm2 ?? 0))),
    );
    targets.forEach((t, i) => add(t.newCode, shares[i]!, method));
  }
  return { values, unallocated };
}
