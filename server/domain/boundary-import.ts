// Importing a province's commune boundaries in the unit set the file is in: every feature matched to an
// official unit (code, then name), a report before anything is written (matched, unmatched with
// candidates, duplicates, invalid geometry, and a hint when the names are those of the other unit set),
// then one transaction. In today's units it adds a new boundary version — the previous one stays
// queryable; in the pre-reform units it gives the old communes the polygons phusong does not ship.
// Districts have no boundaries of their own since 1 July 2025: a district-level file is refused.
import * as turf from '../analysis/turf.ts';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { ringCrossings } from '../analysis/ring-check.ts';
import type { Stores } from '../stores.ts';
import { DomainError } from './errors.ts';
import type { MatchHow } from './unit-matching.ts';
import { importSet, otherSetHint, setMatcher, type OtherSetHint } from './official-units.ts';
import type { BoundaryFile } from './boundary-files.ts';
import { boundaryRow } from '../analysis/simplify.ts';
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
  /** The unit set the file was matched against and is written into. */
  unit_set: string;
  /** The names match another unit set better: how to import the file there. */
  other_set: OtherSetHint | null;
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
}

/** A boundary above this many vertices is refused (the largest real commune has about 60,000). */
export const MAX_FEATURE_VERTICES = 500_000;
/** A self-intersecting boundary is repaired only when it is this small and crosses itself this few times. */
const REPAIR_MAX_VERTICES = 50_000;
const REPAIR_MAX_CROSSINGS = 50;

const polygonsOf = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const fmt = (p: Position) => p.map((x) => x.toFixed(5)).join(', ');

/** The first crossings of the polygons' rings, up to `max`; islands of a MultiPolygon may touch each other. */
function crossingsOf(g: Polygon | MultiPolygon, max: number) {
  const crossings: Position[] = [];
  for (const p of polygonsOf(g)) {
    const r = ringCrossings(p, max - crossings.length);
    crossings.push(...r.crossings);
    if (r.tooComplex) return { crossings, tooComplex: true };
    if (crossings.length >= max) break;
  }
  return { crossings, tooComplex: false };
}

/**
 * Polygonal and without self-intersections; a self-intersecting ring is repaired by re-noding it when it
 * is small and crosses itself a few times (the repair's cost grows with the crossings: a 1,001-point
 * star took 156 s and 2.6 GB), else refused with where it crosses and how to fix it.
 */
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
  const vertices = rings.reduce((s, r) => s + r.length, 0);
  if (vertices > MAX_FEATURE_VERTICES) {
    return {
      error: `${vertices.toLocaleString('en')} vertices, more than the ${MAX_FEATURE_VERTICES.toLocaleString('en')} a boundary may have: simplify it first (QGIS: Vector › Geometry Tools › Simplify)`,
      error_vi: `${vertices.toLocaleString('vi')} đỉnh, nhiều hơn giới hạn ${MAX_FEATURE_VERTICES.toLocaleString('vi')} đỉnh của một ranh giới: hãy đơn giản hoá trước (QGIS: Vector › Geometry Tools › Simplify)`,
    };
  }
  const found = crossingsOf(g, REPAIR_MAX_CROSSINGS + 1);
  if (found.tooComplex) {
    return {
      error: 'too intricate to check for self-intersections: simplify it first',
      error_vi: 'quá phức tạp để kiểm tra tự cắt: hãy đơn giản hoá trước',
    };
  }
  if (found.crossings.length === 0) return { geometry: g };
  const at = fmt(found.crossings[0]!);
  if (found.crossings.length > REPAIR_MAX_CROSSINGS || vertices > REPAIR_MAX_VERTICES) {
    const many =
      found.crossings.length > REPAIR_MAX_CROSSINGS
        ? `more than ${REPAIR_MAX_CROSSINGS} self-intersections`
        : 'a self-intersection';
    const manyVi = found.crossings.length > REPAIR_MAX_CROSSINGS ? `hơn ${REPAIR_MAX_CROSSINGS} chỗ tự cắt` : 'tự cắt';
    return {
      error: `${many} (first at ${at}), too large to repair here: fix it in your GIS (QGIS: Processing › Fix geometries)`,
      error_vi: `${manyVi} (đầu tiên tại ${at}), quá lớn để tự sửa: hãy sửa trong phần mềm GIS (QGIS: Processing › Fix geometries)`,
    };
  }
  try {
    const fixed = turf.union(
      turf.featureCollection([turf.feature(g), turf.feature(g)] as Feature<Polygon | MultiPolygon>[]),
    );
    if (fixed && crossingsOf(fixed.geometry, 1).crossings.length === 0 && turf.area(fixed) > 0) {
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
    unitsAt?: string | null;
    skipUnmatched?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): BoundaryPlan {
  if (opts.level === 'district') {
    throw new DomainError(
      'invalid_parameter',
      'level: since 1 July 2025 there are no districts, and phusong draws former districts by their communes: import commune boundaries (level=commune)',
      'level: từ 01/07/2025 không còn cấp huyện; phusong thể hiện huyện cũ qua các xã: hãy nhập ranh giới cấp xã (level=commune)',
      'level',
    );
  }
  const set = importSet(stores, opts.unitsAt);
  const match = setMatcher(stores, set, opts.province);
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
    unit_set: set.id,
    other_set: null,
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
    set.id === stores.unitSets.mapSet()
      ? stores.units.communesWithGeometry({ province: opts.province }).map((r) => r.code)
      : stores.unitSets.geometryCodes(set.id, opts.province),
  );
  for (const m of report.matches) {
    if (current.has(m.code)) report.updated++;
    else report.created++;
  }
  const inFile = new Set(report.matches.map((m) => m.code));
  report.kept = [...current].filter((c) => !inFile.has(c)).length;
  if (report.unmatched.length > 0) {
    report.other_set = otherSetHint(
      stores,
      set,
      opts.province,
      file.features.map((f) => (f.properties ?? {}) as Record<string, unknown>),
      report.matched,
    );
  }
  report.ok =
    report.other_set === null &&
    report.matched > 0 &&
    report.invalid.length === 0 &&
    report.duplicates.length === 0 &&
    (report.unmatched.length === 0 || !!opts.skipUnmatched);
  return {
    report,
    geometries: report.matches.map((m) => ({ code: m.code, geometry: byCode.get(m.code)!.geometry! })),
  };
}

function round(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const r = (p: number[]) => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7];
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(r)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

/** Writes the planned boundaries: a new version of today's communes, or the old communes' polygons. */
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
      r.other_set
        ? `file: ${r.other_set.en}; nothing was written`
        : `file: ${r.invalid.length} invalid, ${r.duplicates.length} duplicated and ${r.unmatched.length} unmatched features: nothing was written`,
      r.other_set
        ? `file: ${r.other_set.vi}; chưa ghi gì`
        : `file: ${r.invalid.length} hình lỗi, ${r.duplicates.length} trùng và ${r.unmatched.length} không khớp: chưa ghi gì`,
      'file',
    );
  }
  const at = new Date().toISOString();
  if (r.unit_set !== stores.unitSets.mapSet()) {
    // The pre-reform units have no versions of their own: the department's file gives them their polygons.
    stores.db.transaction(() => {
      const before = new Set(stores.unitSets.geometryCodes(r.unit_set, r.province));
      for (const g of plan.geometries)
        stores.unitSets.setGeometry(r.unit_set, g.code, JSON.stringify(round(g.geometry)));
      stores.audit.record(
        {
          user_id: user?.id ?? null,
          actor: user?.username ?? 'cli',
          via,
          entity: 'unit_set_boundaries',
          entity_id: `${r.unit_set}:${r.province}`,
          action: 'import',
          before: { with_polygon: before.size },
          after: { file: r.file, crs: r.crs, matched: r.matched, created: r.created, updated: r.updated },
        },
        at,
      );
    })();
    return { ...r, version_id: 0 };
  }
  const versionId = stores.db.transaction(() => {
    const previous = stores.units
      .communesWithGeometry({ province: r.province })
      .map((x) => ({ code: x.code, geojson: x.geojson }));
    const id = stores.units.addBoundaryVersion(r.province, r.level, `${r.file} (${r.crs})`, `import:${r.file}`, at);
    const store = (code: string, g: Polygon | MultiPolygon) =>
      stores.units.insertGeometry({ version_id: id, level: r.level, code, ...boundaryRow(g) });
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
