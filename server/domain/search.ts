// Search for the map's search box: districts, communes and provinces by name whatever the spelling
// ("thuy nguyen", "Thủy Nguyên", "Thuỷ Nguyên", "Ðồ Sơn" with U+00D0), and sites by code.
import type { Stores } from '../stores.ts';
import { normalizeName } from './names.ts';

export interface SearchResult {
  type: 'province' | 'district' | 'commune' | 'site';
  code: string;
  name: string;
  context: string | null;
  province_code: string;
  bbox: [number, number, number, number] | null;
  id?: number;
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
    hits.sort(
      (a, b) =>
        score(a.name_norm) - score(b.name_norm) ||
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        a.name.localeCompare(b.name, 'vi'),
    );
    for (const h of hits.slice(0, limit)) {
      out.push({
        type: h.level,
        code: h.code,
        name: h.name,
        context: h.parent_name,
        province_code: h.province_code,
        bbox: h.min_lon === null ? null : [h.min_lon, h.min_lat!, h.max_lon!, h.max_lat!],
      });
    }
  }
  if (q.trim().length >= 2) {
    for (const s of stores.search.sites(`%${escapeLike(q.trim())}%`, province)) {
      const d = 0.005;
      out.push({
        type: 'site',
        id: s.id,
        code: s.site_code,
        name: s.name ?? s.site_code,
        context: s.operator_id,
        province_code: s.province_code,
        bbox: [s.lon - d, s.lat - d, s.lon + d, s.lat + d],
      });
    }
  }
  return out.slice(0, limit + 8);
}
