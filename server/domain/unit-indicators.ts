// Monthly indicators in today's units, whatever units they were reported in. A month reported in an
// earlier unit set is carried across the crosswalk (server/domain/crosswalk.ts): exact where an old commune
// went whole into one new one, estimated (and flagged, with the method) where it was divided; codes the
// crosswalk cannot follow are kept as "unallocated" in their province's totals, never dropped.
// Where a province reported a month in today's units, those rows are the month for that province (a
// re-import in today's units replaces the carried figures rather than adding to them).
// Each month is computed once and kept until the indicators or the unit sets change.
import type { createIndicatorsStore, IndicatorRow } from '../db/indicators.ts';
import type { createUnitSetsStore } from '../db/unit-sets.ts';
import { carryAcross, type CrosswalkLink, type ShareMethod, type UnitWeight } from './crosswalk.ts';

export interface UnitIndicatorRow extends IndicatorRow {
  /** The unit set the figures were reported in. */
  reported_in: string;
  /** Some figure was shared out of a divided old commune: never show it as exact. */
  estimated: boolean;
  estimate_method: ShareMethod[];
}

export interface UnallocatedRow {
  reported_in: string;
  code: string;
  /** Today's province the old unit's figures count towards. */
  province_code: string | null;
  subscribers: number;
  subscribers_2g: number;
  subscribers_3g: number | null;
  subscribers_no_volte: number | null;
  households: number;
  households_smartphone: number;
}

export interface IndicatorTotals {
  communes_reporting: number;
  subscribers: number;
  subscribers_2g: number;
  /** Null when some commune summed did not report it. */
  subscribers_3g: number | null;
  subscribers_no_volte: number | null;
  households: number;
  households_smartphone: number;
  /** Figures of codes no crosswalk follows, included in the sums above. */
  unallocated: number;
  estimated: boolean;
}

/** The totals of a place with no figures. */
export const NO_TOTALS: Readonly<IndicatorTotals> = Object.freeze({
  communes_reporting: 0,
  subscribers: 0,
  subscribers_2g: 0,
  subscribers_3g: null,
  subscribers_no_volte: null,
  households: 0,
  households_smartphone: 0,
  unallocated: 0,
  estimated: false,
});

interface MonthView {
  rows: Map<string, UnitIndicatorRow>;
  unallocated: UnallocatedRow[];
}

const FIELDS = ['subscribers', 'subscribers_2g', 'households', 'households_smartphone'] as const;
/** Figures a file may leave out (the 3G sunset's device classes): null means not reported, never zero. */
const OPTIONAL = ['subscribers_3g', 'subscribers_no_volte'] as const;
type Optional = (typeof OPTIONAL)[number];

/** Sums figures that may be unknown: unknown as soon as one part is. */
const addKnown = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

interface Step {
  from: string;
  to: string;
  links: CrosswalkLink[];
  weights: Map<string, UnitWeight>;
  /** Old province → the province of the next set it went into. */
  province: Map<string, string>;
  oldProvinceOf: Map<string, string>;
}

export function createUnitIndicators(
  raw: ReturnType<typeof createIndicatorsStore>,
  unitSets: ReturnType<typeof createUnitSetsStore>,
) {
  let context: {
    key: string;
    steps: Step[];
    provinceOf: Map<string, string>;
    order: string[];
    mapSet: string;
  } | null = null;
  const months = new Map<string, MonthView>();
  let generation = '';

  /** The crosswalk steps from each set to the next, up to today's set (rebuilt when sets are added). */
  function ctx() {
    const sets = unitSets.sets();
    const mapSet = unitSets.mapSet();
    const key = `${sets.map((s) => s.id).join('|')}>${mapSet}`;
    if (context?.key === key) return context;
    const order = sets.map((s) => s.id);
    const steps: Step[] = [];
    for (let i = 0; i + 1 < order.length && order[i] !== mapSet; i++) {
      const from = order[i]!;
      const to = order[i + 1]!;
      const rows = unitSets.crosswalk(from, to);
      const newCommunes = unitSets.communes(to);
      const oldCommunes = unitSets.communes(from);
      const newProvince = new Map(newCommunes.map((c) => [c.code, c.province_code]));
      const oldProvinceOf = new Map(oldCommunes.map((c) => [c.code, c.province_code]));
      const province = new Map<string, string>();
      for (const l of rows) {
        const op = oldProvinceOf.get(l.old_code);
        const np = newProvince.get(l.new_code);
        if (op && np && !province.has(op)) province.set(op, np);
      }
      steps.push({
        from,
        to,
        links: rows.map((l) => ({ oldCode: l.old_code, newCode: l.new_code, relation: l.relation })),
        weights: new Map(newCommunes.map((c) => [c.code, { population: c.population, areaKm2: c.area_km2 }])),
        province,
        oldProvinceOf,
      });
    }
    const provinceOf = new Map(unitSets.communes(mapSet).map((c) => [c.code, c.province_code]));
    context = { key, steps, provinceOf, order, mapSet };
    return context;
  }

  function carried(set: string, rows: IndicatorRow[]): MonthView {
    const c = ctx();
    let start = c.steps.findIndex((s) => s.from === set);
    const view: MonthView = { rows: new Map(), unallocated: [] };
    if (start < 0) {
      // A set after today's or unknown: nothing can carry it here; keep every row as unallocated.
      for (const r of rows)
        view.unallocated.push({ reported_in: set, code: r.commune_code, province_code: null, ...pick(r) });
      return view;
    }
    // Carry each figure along the chain of crosswalks, one step at a time. A figure some old units did not
    // report is carried from those that did, and the new units any of the others went into lose it (null).
    let figures = FIELDS.map((f) => new Map(rows.map((r) => [r.commune_code, r[f]] as const)));
    let optional = OPTIONAL.map((f) => ({
      known: new Map(rows.flatMap((r) => (r[f] === null ? [] : [[r.commune_code, r[f]] as const]))),
      missing: new Set(rows.filter((r) => r[f] === null).map((r) => r.commune_code)),
    }));
    let flags = new Map<string, Set<ShareMethod>>();
    for (; start < c.steps.length; start++) {
      const step = c.steps[start]!;
      const results = figures.map((m) => carryAcross(m, step.links, step.weights));
      const nextFlags = new Map<string, Set<ShareMethod>>();
      const byOld = new Map<string, string[]>();
      for (const l of step.links) byOld.set(l.oldCode, [...(byOld.get(l.oldCode) ?? []), l.newCode]);
      for (const [code, v] of results[0]!.values) {
        const methods = new Set<ShareMethod>(v.methods);
        for (const r of results) for (const m of r.values.get(code)?.methods ?? []) methods.add(m);
        nextFlags.set(code, methods);
      }
      // An estimate stays an estimate through every later step.
      for (const [old, ms] of flags) for (const n of byOld.get(old) ?? []) for (const m of ms) nextFlags.get(n)?.add(m);
      const lost = new Map<string, Partial<Record<(typeof FIELDS)[number], number>>>();
      results.forEach((r, i) => {
        for (const u of r.unallocated) lost.set(u.code, { ...lost.get(u.code), [FIELDS[i]!]: u.value });
      });
      for (const [code, v] of lost) {
        let p = step.oldProvinceOf.get(code) ?? null;
        for (let k = start; p && k < c.steps.length; k++) p = c.steps[k]!.province.get(p) ?? null;
        view.unallocated.push({
          reported_in: step.from,
          code,
          province_code: p,
          subscribers: v.subscribers ?? 0,
          subscribers_2g: v.subscribers_2g ?? 0,
          subscribers_3g: null,
          subscribers_no_volte: null,
          households: v.households ?? 0,
          households_smartphone: v.households_smartphone ?? 0,
        });
      }
      figures = results.map((r) => new Map([...r.values].map(([k, v]) => [k, v.value] as const)));
      optional = optional.map(({ known, missing }) => {
        const r = carryAcross(known, step.links, step.weights);
        const lostToo = new Set<string>();
        for (const old of missing) for (const n of byOld.get(old) ?? []) lostToo.add(n);
        return {
          known: new Map([...r.values].filter(([k]) => !lostToo.has(k)).map(([k, v]) => [k, v.value] as const)),
          missing: lostToo,
        };
      });
      flags = nextFlags;
    }
    const month = rows[0]?.month ?? '';
    for (const [code, subscribers] of figures[0]!) {
      const methods = [...(flags.get(code) ?? [])];
      view.rows.set(code, {
        commune_code: code,
        month,
        subscribers,
        subscribers_2g: figures[1]!.get(code) ?? 0,
        subscribers_3g: optional[0]!.known.get(code) ?? null,
        subscribers_no_volte: optional[1]!.known.get(code) ?? null,
        households: figures[2]!.get(code) ?? 0,
        households_smartphone: figures[3]!.get(code) ?? 0,
        notes: null,
        reported_in: set,
        estimated: methods.length > 0,
        estimate_method: methods,
      });
    }
    return view;
  }

  function monthView(month: string): MonthView {
    const g = raw.generation() + ctx().key;
    if (g !== generation) {
      months.clear();
      generation = g;
    }
    const hit = months.get(month);
    if (hit) return hit;
    const c = ctx();
    const bySet = new Map<string, IndicatorRow[]>();
    for (const r of raw.forMonth(month)) bySet.set(r.unit_set, [...(bySet.get(r.unit_set) ?? []), r]);
    const view: MonthView = { rows: new Map(), unallocated: [] };
    const exactProvinces = new Set<string>();
    for (const r of bySet.get(c.mapSet) ?? []) {
      view.rows.set(r.commune_code, { ...r, reported_in: c.mapSet, estimated: false, estimate_method: [] });
      const p = c.provinceOf.get(r.commune_code);
      if (p) exactProvinces.add(p);
    }
    for (const [set, rows] of bySet) {
      if (set === c.mapSet) continue;
      const v = carried(set, rows);
      for (const [code, r] of v.rows) {
        if (exactProvinces.has(c.provinceOf.get(code) ?? '')) continue;
        const had = view.rows.get(code);
        view.rows.set(code, had ? merge(had, r) : r);
      }
      for (const u of v.unallocated) if (!exactProvinces.has(u.province_code ?? '')) view.unallocated.push(u);
    }
    months.set(month, view);
    return view;
  }

  /** A filter on today's province; reads the unit sets once, not once per commune. */
  const inProvince = (province: string | null) => {
    const provinceOf = ctx().provinceOf;
    return (code: string) => province === null || provinceOf.get(code) === province;
  };

  function allMonths(): string[] {
    return [...new Set(raw.months().map((m) => m.month))];
  }

  let provinceMonths: { generation: string; byProvince: Map<string, Set<string>> } | null = null;
  /**
   * Today's province → the months it has figures for, from which provinces reported when (cheap: no
   * figure is carried). Old provinces went whole into new ones, so the province is enough.
   */
  function monthsByProvince(): Map<string, Set<string>> {
    const g = raw.generation() + ctx().key;
    if (provinceMonths?.generation === g) return provinceMonths.byProvince;
    const c = ctx();
    const byProvince = new Map<string, Set<string>>();
    for (const r of raw.monthProvinces()) {
      let p = r.province_code;
      for (let k = c.steps.findIndex((s) => s.from === r.unit_set); p && k >= 0 && k < c.steps.length; k++)
        p = c.steps[k]!.province.get(p) ?? null;
      if (!p) continue;
      byProvince.set(p, (byProvince.get(p) ?? new Set()).add(r.month));
    }
    provinceMonths = { generation: g, byProvince };
    return byProvince;
  }

  return {
    /** One month in today's units, keyed by commune code; empty when there is no month yet. */
    byCommune(month: string | null, province: string | null): Map<string, UnitIndicatorRow> {
      if (!month) return new Map();
      const keep = inProvince(province);
      return new Map([...monthView(month).rows].filter(([code]) => keep(code)));
    },
    /** Figures no crosswalk could follow, in today's province they count towards. */
    unallocated(month: string | null, province: string | null): UnallocatedRow[] {
      if (!month) return [];
      return monthView(month).unallocated.filter((u) => province === null || u.province_code === province);
    },
    /** One commune of today's units, every month it has figures for. */
    series(code: string): UnitIndicatorRow[] {
      return allMonths().flatMap((m) => monthView(m).rows.get(code) ?? []);
    },
    /** The months with figures for a province (or anywhere). */
    months(province: string | null): string[] {
      if (province === null) return allMonths();
      return [...(monthsByProvince().get(province) ?? [])].sort();
    },
    latestMonth(province: string | null): string | null {
      return this.months(province).at(-1) ?? null;
    },
    /** The indicator month that goes with a date: the date's own month when it has figures, else the latest before it. */
    monthAt(province: string | null, date: string): string | null {
      const month = date.slice(0, 7);
      return (
        this.months(province)
          .filter((m) => m <= month)
          .at(-1) ?? null
      );
    },
    /** Sums of a month over a province (with its unallocated figures) or over a set of communes. */
    totals(month: string, province: string | null, communes: ReadonlySet<string> | null = null): IndicatorTotals {
      const keep = inProvince(province);
      const t: IndicatorTotals = { ...NO_TOTALS };
      const v = monthView(month);
      for (const [code, r] of v.rows) {
        if (!keep(code) || (communes && !communes.has(code))) continue;
        t.communes_reporting++;
        for (const f of FIELDS) t[f] += r[f];
        addOptional(t, r);
        // A province's total is exact however its communes' figures were shared; a subset of communes is not.
        if (communes && r.estimated) t.estimated = true;
      }
      if (!communes) {
        for (const u of v.unallocated) {
          if (province !== null && u.province_code !== province) continue;
          t.unallocated++;
          for (const f of FIELDS) t[f] += u[f];
          for (const f of OPTIONAL) t[f] = addKnown(t[f], u[f]);
        }
      }
      return t;
    },
  };
}

/**
 * Adds a commune's optional figures to totals whose communes_reporting already counts it: the first
 * commune's value, then sums that stay unknown once one part is.
 */
export function addOptional(t: IndicatorTotals, r: Pick<IndicatorRow, Optional>): void {
  for (const f of OPTIONAL) t[f] = t.communes_reporting === 1 ? r[f] : addKnown(t[f], r[f]);
}

function pick(r: IndicatorRow) {
  const { subscribers, subscribers_2g, subscribers_3g, subscribers_no_volte, households, households_smartphone } = r;
  return { subscribers, subscribers_2g, subscribers_3g, subscribers_no_volte, households, households_smartphone };
}

function merge(a: UnitIndicatorRow, b: UnitIndicatorRow): UnitIndicatorRow {
  return {
    ...a,
    subscribers: a.subscribers + b.subscribers,
    subscribers_2g: a.subscribers_2g + b.subscribers_2g,
    ...(Object.fromEntries(OPTIONAL.map((f) => [f, addKnown(a[f], b[f])])) as Record<Optional, number | null>),
    households: a.households + b.households,
    households_smartphone: a.households_smartphone + b.households_smartphone,
    estimated: a.estimated || b.estimated,
    estimate_method: [...new Set([...a.estimate_method, ...b.estimate_method])],
  };
}
