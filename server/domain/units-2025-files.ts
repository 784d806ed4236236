// Reads the shipped 2025 unit files (data/units-2025/): the communes with their population and area, and
// the official crosswalk from the units in force on 30 June 2025.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { feature as topoFeature, merge as topoMerge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';
import type { CrosswalkLink, Relation, UnitWeight } from './crosswalk.ts';

export const UNITS_2025_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../data/units-2025');

const RELATIONS: readonly Relation[] = ['whole', 'part', 'unchanged', 'renamed'];

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(UNITS_2025_DIR, file), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

export interface CrosswalkRow extends CrosswalkLink {
  oldName: string;
  oldDistrictCode: string;
  oldDistrictName: string;
  oldProvinceCode: string;
  oldProvinceName: string;
  note: string;
  newName: string;
  newProvinceCode: string;
}

export function readCrosswalk2025(): CrosswalkRow[] {
  return readCsv('crosswalk-2025-07-01.csv').map((r, i) => {
    const relation = r.relation as Relation;
    if (!RELATIONS.includes(relation)) throw new Error(`crosswalk row ${i + 2}: unknown relation ${r.relation}`);
    return {
      oldCode: r.old_code!,
      oldName: r.old_name!,
      oldDistrictCode: r.old_district_code!,
      oldDistrictName: r.old_district_name!,
      oldProvinceCode: r.old_province_code!,
      oldProvinceName: r.old_province_name!,
      note: r.note ?? '',
      newCode: r.new_code!,
      newName: r.new_name!,
      newProvinceCode: r.new_province_code!,
      relation,
    };
  });
}

export interface Commune2025 extends UnitWeight {
  code: string;
  name: string;
  provinceCode: string;
  unitType: string;
  formedFrom: string;
}

export function readCommunes2025(): Commune2025[] {
  const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
  return readCsv('communes-2025.csv').map((r) => ({
    code: r.ward_code!,
    name: r.full_name!,
    provinceCode: r.province_code!,
    unitType: r.unit_type!,
    formedFrom: r.formed_from_text ?? '',
    population: num(r.population_sapnhap),
    areaKm2: num(r.area_km2_sapnhap),
  }));
}

export function readProvinces2025(): { code: string; name: string }[] {
  return readCsv('provinces-2025.csv').map((r) => ({ code: r.province_code!, name: r.name! }));
}

/**
 * Commune boundaries keyed by their code, as GeoJSON geometries, and each province's outline: the union
 * of its communes, merged along their shared arcs (exact, and far cheaper than polygon unions).
 */
export function readBoundaries2025(): { communes: Map<string, Geometry>; provinces: Map<string, Geometry> } {
  const topo = JSON.parse(readFileSync(join(UNITS_2025_DIR, 'communes-2025.topojson'), 'utf8')) as Topology;
  const object = topo.objects.communes as GeometryCollection<{ ward_code: string; province_code: string }>;
  const fc = topoFeature(topo, object) as unknown as FeatureCollection<Geometry, { ward_code: string }>;
  const byProvince = new Map<string, (typeof object.geometries)[number][]>();
  for (const g of object.geometries) {
    const p = (g.properties as { province_code: string }).province_code;
    byProvince.set(p, [...(byProvince.get(p) ?? []), g]);
  }
  const provinces = new Map<string, Geometry>(
    [...byProvince].map(([p, gs]) => [p, topoMerge(topo, gs as never) as Geometry]),
  );
  return { communes: new Map(fc.features.map((f) => [f.properties.ward_code, f.geometry])), provinces };
}

export interface BridgeEntry {
  name: string;
  status: 'direct' | 'via_nso_change_2024-11-10' | 'unresolved';
  /** The 2024-11 code it was merged into (via_nso_change only). */
  via: string | null;
  newCodes: string[];
}

let bridge: Map<string, BridgeEntry> | null = null;
/** The bridge from every code of the 2024-09 list to the 2025 codes (read once). */
export function readBridge2024To2025(): Map<string, BridgeEntry> {
  bridge ??= new Map(
    readCsv('gso-2024-09-to-2025.csv').map((r) => [
      r.gso2024_code!,
      {
        name: r.gso2024_name!,
        status: r.status as BridgeEntry['status'],
        via: r.via_code || null,
        newCodes: (r.new_codes ?? '').split(';').filter(Boolean),
      },
    ]),
  );
  return bridge;
}
