// Matching the units of a user's file to the official GSO list. Codes win where the file has them;
// otherwise names, folded so that missing or misplaced diacritics, "Ð" typed for "Đ" and type prefixes do
// not matter. A name that still matches nothing may match by spelling closeness when exactly one official
// unit is that close; two equally close candidates are never chosen between: the feature is reported
// unmatched, with its closest candidates.
import { normalizeName } from './names.ts';

export interface OfficialUnit {
  code: string;
  name: string;
  /** For communes: the district, used to tell apart communes of the same name. */
  parent_code: string | null;
  parent_name: string | null;
}

export type MatchHow = 'code' | 'name' | 'close_spelling' | 'bridge';

export interface MatchResult {
  unit: OfficialUnit | null;
  how: MatchHow | null;
  /** Closest official names when nothing matched, best first. */
  candidates: OfficialUnit[];
  /** The name read from the file (what the report shows). */
  name: string;
  /** Why a code led where it did, or nowhere (the 2024-09 bridge). */
  note?: { en: string; vi: string };
}

const sameText = (a: string, b: string) =>
  a.normalize('NFC').toLowerCase().trim() === b.normalize('NFC').toLowerCase().trim();
const stripPrefix = (s: string) => s.replace(/^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thị trấn|Phường|Xã)\s+/i, '');

/** Levenshtein distance, for short names. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

const NAME_KEYS = /^(name|ten|name_vi|ten_xa|ten_huyen|ten_dvhc|name_en|tenxa|tenhuyen)$/i;
/** GADM-style levelled columns: NAME_n, VARNAME_n; the highest n is the unit itself, n − 1 its parent. */
const LEVELLED = /^(?:var)?name_(\d)$/i;
const CODE_KEYS = /^(code|ma|ma_?xa|ma_?huyen|ma_?dvhc|gso|gso_?code|ma_?gso|commune_?code|district_?code)$/i;
const PARENT_KEYS = /^(huyen|ten_huyen|district|district_name)$/i;

/** Names, codes and a parent name read from a feature's properties. */
export function readIdentity(props: Record<string, unknown>, level: 'district' | 'commune') {
  const names: string[] = [];
  const codes: string[] = [];
  let parent: string | null = null;
  const codeLength = level === 'district' ? 3 : 5;
  const levels = Object.keys(props ?? {})
    .map((k) => Number(LEVELLED.exec(k)?.[1] ?? NaN))
    .filter((n) => Number.isFinite(n));
  const own = levels.length ? Math.max(...levels) : null;
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined) continue;
    const s = String(v).trim();
    if (!s) continue;
    const lv = LEVELLED.exec(k);
    if (lv) {
      if (Number(lv[1]) === own) names.push(s);
      else if (Number(lv[1]) === own! - 1 && /^name/i.test(k)) parent = s;
      continue;
    }
    if (CODE_KEYS.test(k) && /^\d+$/.test(s) && s.length <= codeLength) codes.push(s.padStart(codeLength, '0'));
    else if (level === 'commune' && PARENT_KEYS.test(k)) parent = s;
    else if (NAME_KEYS.test(k)) names.push(s);
  }
  // Prefer the fuller (accented) spelling first, then variants.
  names.sort((a, b) => Number(/[^\x00-\x7f]/.test(b)) - Number(/[^\x00-\x7f]/.test(a)));
  return { names, codes, parent };
}

export function createMatcher(units: OfficialUnit[]) {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const byName = new Map<string, OfficialUnit[]>();
  for (const u of units) {
    const key = normalizeName(u.name);
    byName.set(key, [...(byName.get(key) ?? []), u]);
  }
  const keys = [...byName.keys()];

  return function match(props: Record<string, unknown>, level: 'district' | 'commune'): MatchResult {
    const id = readIdentity(props, level);
    const shown = id.names[0] ?? id.codes[0] ?? '(no name)';
    for (const code of id.codes) {
      const u = byCode.get(code);
      if (u) return { unit: u, how: 'code', candidates: [], name: shown };
    }
    const pick = (list: OfficialUnit[], name?: string): OfficialUnit | null => {
      if (list.length === 1) return list[0]!;
      // Same folded name twice ("Phường Chiềng An", "Xã Chiềng Ân"): the exact spelling, with its type
      // prefix or its diacritics, tells them apart when the file has it.
      if (name) {
        const exact = list.filter((u) => sameText(u.name, name));
        if (exact.length === 1) return exact[0]!;
        const marks = list.filter((u) => sameText(stripPrefix(u.name), stripPrefix(name)));
        if (marks.length === 1) return marks[0]!;
      }
      // Same name twice in the province: only the parent (district) may decide.
      if (id.parent) {
        const p = normalizeName(id.parent);
        const within = list.filter((u) => u.parent_name && normalizeName(u.parent_name) === p);
        if (within.length === 1) return within[0]!;
      }
      return null;
    };
    let ambiguous: OfficialUnit[] = [];
    for (const n of id.names) {
      const list = byName.get(normalizeName(n));
      if (!list) continue;
      const u = pick(list, n);
      if (u) return { unit: u, how: 'name', candidates: [], name: n };
      ambiguous = list;
    }
    if (ambiguous.length > 0) return { unit: null, how: null, candidates: ambiguous, name: shown };
    // Close spelling: the single official name within 2 edits (1 for short names), clearly ahead.
    let best: { key: string; d: number }[] = [];
    for (const n of id.names) {
      const folded = normalizeName(n);
      const scored = keys.map((key) => ({ key, d: editDistance(folded, key) })).sort((a, b) => a.d - b.d);
      if (best.length === 0 || (scored[0] && scored[0].d < best[0]!.d)) best = scored;
    }
    const top = best[0];
    const limit = top && top.key.length <= 5 ? 1 : 2;
    const candidates = best.slice(0, 3).flatMap((b) => byName.get(b.key) ?? []);
    if (top && top.d <= limit && (best[1]?.d ?? Infinity) > top.d) {
      const u = pick(byName.get(top.key)!);
      if (u) return { unit: u, how: 'close_spelling', candidates: [], name: shown };
    }
    return { unit: null, how: null, candidates, name: shown };
  };
}
