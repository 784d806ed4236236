// Search for the map's search box: today's communes and provinces and the former districts by name
// whatever the spelling ("thuy nguyen", "Thủy Nguyên", "Thuỷ Nguyên", "Ðồ Sơn" with U+00D0), sites by code,
// and the pre-reform communes by their old names, answered with the commune(s) of today each became
// ("Phường Quyết Thắng" → Phường Tô Hiệu, formerly Phường Quyết Thắng).
import type { Stores } from '../stores.ts';
import { normalizeName } from './names.ts';
import { PRE_REFORM_SET, perUnitSets, setsBefore } from './unit-sets.ts';
import { compareVi } from '../../common/fold.ts';

interface OldName {
  /** The unit set the name is from. */
  set: string;
  province_code: string;
  norm: string;
  code: string;
  name: string;
  context: string;
}

/** What old names lead to: former districts' extents, old → new provinces. */
const formerUnits = perUnitSets((stores) => {
  const districtBbox = new Map<string, [number, number, number, number]>();
  for (const d of stores.units.districts(null)) {
    if (typeof d.min_lon === 'number')
      districtBbox.set(d.code, [d.min_lon, d.min_lat as number, d.max_lon as number, d.max_lat as number]);
  }
  return { districtBbox, provinceTo: stores.unitSets.provinceMap(PRE_REFORM_SET, stores.unitSets.mapSet()) };
});

/**
 * The communes of every set before today's, by folded name (the pre-reform 10,033 scan in a millisecond):
 * what a name written before the last reorganisation can mean.
 */
const oldCommuneNames = perUnitSets((stores): OldName[] => {
  return setsBefore(stores, stores.unitSets.mapSet()).flatMap((set) => {
    const districts = new Map(stores.unitSets.districts(set.id).map((d) => [d.code, d.name]));
    const provinces = new Map(stores.unitSets.provinces(set.id).map((p) => [p.code, p.name]));
    return stores.unitSets.communes(set.id).map((c) => ({
      set: set.id,
      norm: normalizeName(c.name),
      code: c.code,
      name: c.name,
      province_code: c.province_code,
      context: [c.district_code ? districts.get(c.district_code) : null, provinces.get(c.province_code)]
        .filter(Boolean)
        .join(', '),
    }));
  });
});

export interface SearchResult {
  type: 'province' | 'district' | 'commune' | 'site';
  code: string;
  name: string;
  context: string | null;
  province_code: string;
  bbox: [number, number, number, number] | null;
  id?: number;
  /** A pre-reform unit the query named, which this result became (or, for a district, which it was). */
  formerly: string | null;
}

const LEVEL_RANK = { province: 0, district: 1, commune: 2 } as const;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function search(stores: Stores, q: string, province: string | null, limit = 12): SearchResult[] {
  const key = normalizeName(q);
  const out: SearchResult[] = [];
  if (key.length > 0) {
    const hits = stores.search.units(`%${escapeLike(key)}%`, province);
    // Exact name first, then names starting with the query, then the rest; larger units first.
    const score = (n: string) => (n === key ? 0 : n.startsWith(key) ? 1 : 2);
    const rank = (r: SearchResult) => {
      const former = r.formerly && r.type !== 'district' ? normalizeName(r.formerly.split(',')[0]!) : null;
      return Math.min(score(normalizeName(r.name)), former ? score(former) : 2);
    };
    hits.sort(
      (a, b) =>
        score(a.name_norm) - score(b.name_norm) ||
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        compareVi(a.name, b.name),
    );
    for (const h of hits.slice(0, limit)) {
      out.push({
        type: h.level,
        code: h.code,
        name: h.name,
        context: h.parent_name,
        province_code: h.province_code,
        bbox:
          h.level === 'district'
            ? (formerUnits(stores).districtBbox.get(h.code) ?? null)
            : h.min_lon === null
              ? null
              : [h.min_lon, h.min_lat!, h.max_lon!, h.max_lat!],
        formerly: h.level === 'district' ? `${h.name} (trước 01/07/2025 / before 1 July 2025)` : null,
      });
    }
    // Old names lead to today's units: each pre-reform commune whose name matches, as what it became.
    const seen = new Set(out.map((r) => `${r.type}:${r.code}`));
    const old = oldCommuneNames(stores)
      .filter((o) => o.norm.includes(key))
      .sort((a, b) => score(a.norm) - score(b.norm) || compareVi(a.name, b.name));
    for (const o of old.slice(0, limit)) {
      for (const b of stores.unitSets.became(o.set, stores.unitSets.mapSet(), o.code)) {
        if (province && b.province_code !== province) continue;
        const today = stores.search.commune(b.code);
        if (!today) continue;
        const formerly = `${o.name}, ${o.context}${b.relation === 'part' ? ' (một phần / part)' : ''}`;
        if (seen.has(`commune:${b.code}`)) continue;
        seen.add(`commune:${b.code}`);
        out.push({
          type: 'commune',
          code: b.code,
          name: today.name,
          context: today.province_name,
          province_code: b.province_code,
          bbox: today.min_lon === null ? null : [today.min_lon, today.min_lat!, today.max_lon!, today.max_lat!],
          formerly,
        });
      }
    }
    // Former provinces lead to the province they are part of today (Tỉnh Hải Dương → Thành phố Hải Phòng).
    const formerProvinces = stores.unitSets
      .provinces(PRE_REFORM_SET)
      .filter((p) => normalizeName(p.name).includes(key));
    if (formerProvinces.length > 0) {
      const today = formerUnits(stores).provinceTo;
      const current = new Map(stores.units.provinces().map((p) => [p.code, p]));
      for (const p of formerProvinces) {
        const to = today.get(p.code);
        const hit = to ? current.get(to) : undefined;
        if (!to || !hit || to === p.code || (province && to !== province)) continue;
        out.push({
          type: 'province',
          code: to,
          name: hit.name,
          context: null,
          province_code: to,
          bbox:
            typeof hit.min_lon === 'number'
              ? [hit.min_lon, hit.min_lat as number, hit.max_lon as number, hit.max_lat as number]
              : null,
          formerly: p.name,
        });
      }
    }
    // Exact matches first, whether of today's name or of a former one.
    out.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        LEVEL_RANK[a.type as keyof typeof LEVEL_RANK] - LEVEL_RANK[b.type as keyof typeof LEVEL_RANK],
    );
  }
  if (q.trim().length >= 2) {
    for (const s of stores.search.sites(`%${escapeLike(q.trim())}%`, province)) {
      const d = 0.005;
      out.push({
        type: 'site',
        id: s.id,
        code: s.site_code,
        name: s.name ?? s.site_code,
        // The operator as people name it ("VNPT"), not its id.
        context: stores.sites.operator(s.operator_id)?.name ?? s.operator_id,
        province_code: s.province_code,
        bbox: [s.lon - d, s.lat - d, s.lon + d, s.lat + d],
        formerly: null,
      });
    }
  }
  return out.slice(0, limit + 8);
}

/** A search answered in an earlier unit set (units_at before today's): its own units, each with what it became. */
export interface SearchResultInSet extends SearchResult {
  unit_set: string;
  /** Today's units it went into (wholly or partly). */
  became: { code: string; name: string; relation: string }[];
}

export function searchInSet(
  stores: Stores,
  set: string,
  q: string,
  province: string | null,
  limit = 12,
): SearchResultInSet[] {
  const key = normalizeName(q);
  if (!key) return [];
  const map = stores.unitSets.mapSet();
  const score = (n: string) => (n === key ? 0 : n.startsWith(key) ? 1 : 2);
  const today = new Map(stores.units.provinces().map((p) => [p.code, p]));
  const provinceTo = stores.unitSets.provinceMap(set, map);
  const provinces = stores.unitSets.provinces(set);
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  // An old unit's extent on today's map: that of the units it went into.
  const extent = (codes: string[]): SearchResult['bbox'] => {
    let box: [number, number, number, number] | null = null;
    for (const code of codes) {
      const c = stores.search.commune(code);
      if (!c || c.min_lon === null) continue;
      box = box
        ? [
            Math.min(box[0], c.min_lon),
            Math.min(box[1], c.min_lat!),
            Math.max(box[2], c.max_lon!),
            Math.max(box[3], c.max_lat!),
          ]
        : [c.min_lon, c.min_lat!, c.max_lon!, c.max_lat!];
    }
    return box;
  };
  const out: (SearchResultInSet & { rank: number })[] = [];
  for (const p of provinces) {
    const norm = normalizeName(p.name);
    if (!norm.includes(key) || (province && p.code !== province)) continue;
    const to = provinceTo.get(p.code);
    const t = to ? today.get(to) : undefined;
    out.push({
      rank: score(norm) * 3,
      unit_set: set,
      type: 'province',
      code: p.code,
      name: p.name,
      context: null,
      province_code: p.code,
      bbox:
        t && typeof t.min_lon === 'number'
          ? [t.min_lon, t.min_lat as number, t.max_lon as number, t.max_lat as number]
          : null,
      formerly: null,
      became: t ? [{ code: t.code, name: t.name, relation: to === p.code ? 'unchanged' : 'whole' }] : [],
    });
  }
  const districtBbox = formerUnits(stores).districtBbox;
  for (const d of stores.unitSets.districts(set)) {
    const norm = normalizeName(d.name);
    if (!norm.includes(key) || (province && d.province_code !== province)) continue;
    out.push({
      rank: score(norm) * 3 + 1,
      unit_set: set,
      type: 'district',
      code: d.code,
      name: d.name,
      context: provinceName.get(d.province_code) ?? null,
      province_code: d.province_code,
      bbox: set === PRE_REFORM_SET ? (districtBbox.get(d.code) ?? null) : null,
      formerly: null,
      became: [],
    });
  }
  for (const o of oldCommuneNames(stores)) {
    if (o.set !== set || !o.norm.includes(key) || (province && o.province_code !== province)) continue;
    // What it became is looked up below, for the results kept only.
    out.push({
      rank: score(o.norm) * 3 + 2,
      unit_set: set,
      type: 'commune',
      code: o.code,
      name: o.name,
      context: o.context,
      province_code: o.province_code,
      bbox: null,
      formerly: null,
      became: [],
    });
  }
  return out
    .sort((a, b) => a.rank - b.rank || compareVi(a.name, b.name))
    .slice(0, limit)
    .map(({ rank: _rank, ...r }) => {
      if (r.type !== 'commune') return r;
      const became = stores.unitSets.became(set, map, r.code);
      return {
        ...r,
        bbox: extent(became.map((b) => b.code)),
        became: became.map((b) => ({ code: b.code, name: b.name, relation: b.relation })),
      };
    });
}
