// Importing a province's boundaries: every feature matched to an official unit (code, then name), a
// report before anything is written (matched, unmatched with candidates, duplicates, invalid geometry),
// then one transaction that adds a new boundary version — the previous one stays queryable.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import { DomainError } from './errors.ts';
import { provinceAdminList, type AdminListRow } from './admin-list.ts';
import { normalizeName } from './names.ts';
import { createMatcher, type MatchHow, type OfficialUnit } from './unit-matching.ts';
import type { BoundaryFile } from './boundary-files.ts';
import type { AuthUser } from './auth.ts';

export type Level = 'district' | 'commune';

export interface BoundaryReport {
  file: string;
  province: string;
  level: Level;
  crs: string;
  features: number;
  matched: number;
  matches: { name: string; code: string; official_name: string; how: MatchHow }[];
  unmatched: { name: string; candidates: { code: string; name: string }[] }[];
  duplicates: { code: string; official_name: string; names: string[] }[];
  invalid: { name: string; reason: string; reason_vi: string }[];
  repaired: { name: string; reason: string }[];
  /** Units that get a boundary for the first time. */
  created: number;
  /** Units whose boundary is replaced (the old one stays in the previous version). */
  updated: number;
  /** Units absent from the file, whose current boundary is carried into the new version. */
  kept: number;
  /** Official units added to the database from the GSO list (a province new to phusong). */
  units_added: number;
  /** Whether the report allows a commit. */
  ok: boolean;
}

interface Planned {
  code: string;
  geometry: Polygon | MultiPolygon;
}

export interface BoundaryPlan {
  report: BoundaryReport;
  geometries: Planned[];
  list: AdminListRow[];
}

function officialUnits(list: AdminListRow[], level: Level): OfficialUnit[] {
  if (level === 'district') {
    const seen = new Map<string, OfficialUnit>();
    for (const r of list)
      seen.set(r.district_code, {
        code: r.district_code,
        name: r.district_name,
        parent_code: r.province_code,
        parent_name: r.province_name,
      });
    return [...seen.values()];
  }
  return list.map((r) => ({
    code: r.commune_code,
    name: r.commune_name,
    parent_code: r.district_code,
    parent_name: r.district_name,
  }));
}

/** Polygonal and without self-intersections; a self-intersecting ring is repaired by re-noding it. */
export function checkGeometry(
  f: Feature,
): { geometry: Polygon | MultiPolygon; repaired?: string } | { error: string; error_vi: string } {
  const g = f.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return {
      error: `geometry is ${g?.type ?? 'missing'}, expected a polygon`,
      error_vi: `hình học là ${g?.type ?? 'trống'}, cần đa giác`,
    };
  }
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  if (
    rings.length === 0 ||
    rings.some((r) => r.length < 4 || r.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1])))
  ) {
    return {
      error: 'a ring has fewer than 4 points or a coordinate that is not a number',
      error_vi: 'một vòng có ít hơn 4 điểm hoặc tọa độ không phải số',
    };
  }
  // Self-intersections within each polygon; islands of a MultiPolygon may touch one another, which is fine.
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const kinks = polygons.flatMap((p) => turf.kinks(turf.polygon(p)).features);
  if (kinks.length === 0) return { geometry: g };
  const at = kinks[0]!.geometry.coordinates.map((x) => x.toFixed(5)).join(', ');
  try {
    const fixed = turf.union(
      turf.featureCollection([turf.feature(g), turf.feature(g)] as Feature<Polygon | MultiPolygon>[]),
    );
    const fixedPolys = fixed
      ? fixed.geometry.type === 'Polygon'
        ? [fixed.geometry.coordinates]
        : fixed.geometry.coordinates
      : [];
    if (fixed && fixedPolys.every((p) => turf.kinks(turf.polygon(p)).features.length === 0) && turf.area(fixed) > 0) {
      return { geometry: fixed.geometry, repaired: `self-intersection at ${at} repaired` };
    }
  } catch {
    // fall through to refusal
  }
  return {
    error: `self-intersection at ${at} that could not be repaired`,
    error_vi: `tự cắt tại ${at}, không sửa được`,
  };
}

export function planBoundaryImport(
  stores: Stores,
  file: BoundaryFile,
  opts: {
    filename: string;
    province: string;
    level: Level;
    skipUnmatched?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): BoundaryPlan {
  const list = provinceAdminList(opts.province);
  const match = createMatcher(officialUnits(list, opts.level));
  const report: BoundaryReport = {
    file: opts.filename,
    province: opts.province,
    level: opts.level,
    crs: file.crs,
    features: file.features.length,
    matched: 0,
    matches: [],
    unmatched: [],
    duplicates: [],
    invalid: [],
    repaired: [],
    created: 0,
    updated: 0,
    kept: 0,
    units_added: 0,
    ok: false,
  };
  const byCode = new Map<string, { names: string[]; geometry: Polygon | MultiPolygon | null; official: string }>();
  file.features.forEach((f, i) => {
    if (i % 50 === 0) opts.onProgress?.(i, file.features.length);
    const m = match(f.properties ?? {}, opts.level);
    const checked = checkGeometry(f as Feature);
    if ('error' in checked) {
      report.invalid.push({ name: m.name, reason: checked.error, reason_vi: checked.error_vi });
      return;
    }
    if (checked.repaired) report.repaired.push({ name: m.name, reason: checked.repaired });
    if (!m.unit) {
      report.unmatched.push({
        name: m.name,
        candidates: m.candidates
          .slice(0, 5)
          .map((c) => ({ code: c.code, name: c.parent_name ? `${c.name} (${c.parent_name})` : c.name })),
      });
      return;
    }
    const seen = byCode.get(m.unit.code);
    if (seen) {
      seen.names.push(m.name);
      return;
    }
    byCode.set(m.unit.code, { names: [m.name], geometry: checked.geometry, official: m.unit.name });
    report.matches.push({ name: m.name, code: m.unit.code, official_name: m.unit.name, how: m.how! });
  });
  opts.onProgress?.(file.features.length, file.features.length);
  for (const [code, v] of byCode) {
    if (v.names.length > 1) report.duplicates.push({ code, official_name: v.official, names: v.names });
  }
  const dupCodes = new Set(report.duplicates.map((d) => d.code));
  report.matches = report.matches.filter((m) => !dupCodes.has(m.code));
  report.matched = report.matches.length;
  const current = new Set(
    (opts.level === 'district'
      ? stores.units.districtGeometries(opts.province)
      : stores.units.communesWithGeometry({ province: opts.province })
    ).map((r) => r.code),
  );
  for (const m of report.matches) {
    if (current.has(m.code)) report.updated++;
    else report.created++;
  }
  const inFile = new Set(report.matches.map((m) => m.code));
  report.kept = [...current].filter((c) => !inFile.has(c)).length;
  const known = new Set(stores.units.districts(opts.province).map((d) => d.code));
  report.units_added =
    opts.level === 'district'
      ? [...new Set(list.map((r) => r.district_code))].filter((d) => !known.has(d)).length
      : list.filter((r) => !stores.units.commune(r.commune_code)).length;
  report.ok =
    report.matched > 0 &&
    report.invalid.length === 0 &&
    report.duplicates.length === 0 &&
    (report.unmatched.length === 0 || !!opts.skipUnmatched);
  return {
    report,
    geometries: report.matches.map((m) => ({ code: m.code, geometry: byCode.get(m.code)!.geometry! })),
    list,
  };
}

function round(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const r = (p: number[]) => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7];
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(r)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

/** Adds the official units a new province needs (from the GSO list), then the new boundary version. */
export function commitBoundaryImport(
  stores: Stores,
  user: AuthUser | null,
  via: string,
  plan: BoundaryPlan,
): BoundaryReport & { version_id: number } {
  const r = plan.report;
  if (!r.ok) {
    throw new DomainError(
      'import_refused',
      `file: ${r.invalid.length} invalid, ${r.duplicates.length} duplicated and ${r.unmatched.length} unmatched features: nothing was written`,
      `file: ${r.invalid.length} hình lỗi, ${r.duplicates.length} trùng và ${r.unmatched.length} không khớp: chưa ghi gì`,
      'file',
    );
  }
  const at = new Date().toISOString();
  const versionId = stores.db.transaction(() => {
    const first = plan.list[0]!;
    if (!stores.units.province(r.province))
      stores.units.insertProvince(r.province, first.province_name, normalizeName(first.province_name));
    const districts = new Set(stores.units.districts(r.province).map((d) => d.code));
    for (const row of plan.list) {
      if (!districts.has(row.district_code)) {
        stores.units.insertDistrict(row.district_code, r.province, row.district_name, normalizeName(row.district_name));
        districts.add(row.district_code);
      }
      if (!stores.units.commune(row.commune_code)) {
        stores.units.insertCommune(
          row.commune_code,
          row.district_code,
          r.province,
          row.commune_name,
          normalizeName(row.commune_name),
        );
      }
    }
    const previous =
      r.level === 'district'
        ? stores.units.districtGeometries(r.province).map((x) => ({ code: x.code, geojson: x.geojson }))
        : stores.units
            .communesWithGeometry({ province: r.province })
            .map((x) => ({ code: x.code, geojson: x.geojson }));
    const id = stores.units.addBoundaryVersion(r.province, r.level, `${r.file} (${r.crs})`, `import:${r.file}`, at);
    const store = (code: string, g: Polygon | MultiPolygon) => {
      const f = turf.feature(g);
      const [min_lon, min_lat, max_lon, max_lat] = turf.bbox(f);
      stores.units.insertGeometry({
        version_id: id,
        level: r.level,
        code,
        geojson: JSON.stringify(g),
        area_km2: Math.round((turf.area(f) / 1e6) * 1000) / 1000,
        min_lon,
        min_lat,
        max_lon,
        max_lat,
      });
    };
    const inFile = new Set(plan.geometries.map((g) => g.code));
    for (const g of plan.geometries) store(g.code, round(g.geometry));
    // Units absent from the file keep their current boundary in the new version.
    for (const p of previous) if (!inFile.has(p.code)) store(p.code, JSON.parse(p.geojson) as Polygon | MultiPolygon);
    stores.audit.record(
      {
        user_id: user?.id ?? null,
        actor: user?.username ?? 'cli',
        via,
        entity: 'boundary_version',
        entity_id: String(id),
        action: 'import',
        before: null,
        after: {
          file: r.file,
          province: r.province,
          level: r.level,
          crs: r.crs,
          matched: r.matched,
          created: r.created,
          updated: r.updated,
          kept: r.kept,
          skipped: r.unmatched.length,
        },
      },
      at,
    );
    return id;
  })();
  return { ...r, version_id: versionId };
}
