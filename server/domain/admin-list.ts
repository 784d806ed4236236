// Reads the official GSO list of provinces, districts and communes shipped in data/gso/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const ADMIN_LIST_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../data/gso/admin-units-vn-2024-09.csv',
);

export interface AdminListRow {
  province_code: string;
  province_name: string;
  district_code: string;
  district_name: string;
  commune_code: string;
  commune_name: string;
}

const HEADER = ['province_code', 'province_name', 'district_code', 'district_name', 'commune_code', 'commune_name'];
const cache = new Map<string, readonly AdminListRow[]>();

/** The official list, parsed once per file (a quoted name with a comma stays one field). */
export function readAdminList(path = ADMIN_LIST_PATH): readonly AdminListRow[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const rows = parse(readFileSync(path, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  }) as AdminListRow[];
  const header = Object.keys(rows[0] ?? {});
  if (header.join() !== HEADER.join()) throw new Error(`${path}: unexpected header ${header.join(',')}`);
  const list = Object.freeze(rows);
  cache.set(path, list);
  return list;
}

/** Unit type from its official name prefix: phường (urban ward), thị trấn (township) or xã (rural commune). */
export function communeKind(name: string): 'ward' | 'township' | 'commune' {
  if (name.startsWith('Phường')) return 'ward';
  if (name.startsWith('Thị trấn')) return 'township';
  return 'commune';
}
