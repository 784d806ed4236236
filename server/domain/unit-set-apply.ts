// A new unit list becomes a new unit set, and the map moves to it on the day it comes into force.
//
// Writing the set (commitUnitList): the list's units and links, each new unit's population, area and
// polygon where its sources give them exactly (a unit formed from whole old units: the sum and the union;
// a unit formed from part of an old one: none — say so, invent nothing; a department imports its polygon
// afterwards), and a composed crosswalk from every earlier set to the new one, so pre-reform names,
// districts and figures lead to the new units in one step.
//
// Moving the map (applyUnitSetsInForce): the map's own tables — provinces, communes, their boundary
// versions, former districts — follow the new set; each station in a commune that is no more is placed in
// the unit its commune went into (point-in-polygon where it was divided), audited like any change to a
// station. Figures are never rewritten: months reported in earlier sets are carried across the crosswalks
// when read (server/domain/unit-indicators.ts).
import * as turf from '../analysis/turf.ts';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Stores } from '../stores.ts';
import type { AuthUser } from './auth.ts';
import type { Relation } from './crosswalk.ts';
import { createMapMoves } from '../db/map-moves.ts';
import { boundaryRow, roundGeometry } from '../analysis/simplify.ts';
import { DomainError } from './errors.ts';
import { normalizeName } from './names.ts';
import type { UnitListPlan, UnitListReport } from './unit-list-import.ts';
import { previousSet, setsBefore } from './unit-sets.ts';
import { today } from '../../common/month.ts';

type Area = Polygon | MultiPolygon;

export interface UnitSetWritten {
  report: UnitListReport;
  unit_set: { id: string; in_force_from: string; name: string };
  /** New units without a polygon: formed from part of an old unit (import their boundaries). */
  without_polygon: string[];
  /** The map moved to the new set now (it comes into force today or earlier). */
  applied: MapMoveReport | null;
}

export interface MapMoveReport {
  from: string;
  to: string;
  provinces: number;
  communes: number;
  communes_removed: number;
  sites_moved: number;
  sites_without_commune: number;
  boundary_versions: number;
}

const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

function union(parts: Area[]): Area | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  const merged = turf.union(turf.featureCollection(parts.map((g) => turf.feature(g))));
  return (merged?.geometry as Area | undefined) ?? null;
}

/** Writes a checked unit list as a new unit set (refused, nothing written, if the check found problems). */
/** The refusal of a list whose check found problems (the report says which). */
export function unitListRefused(r: UnitListReport): DomainError {
  const n = Object.values(r.problems).reduce((s, p) => s + p.count, 0);
  return new DomainError(
    'import_refused',
    `file: ${n} problems in the unit list (see report): nothing was written`,
    `file: danh mục đơn vị có ${n} lỗi (xem report): chưa ghi gì`,
    'file',
  );
}

export function commitUnitList(
  stores: Stores,
  user: AuthUser | null,
  via: string,
  plan: UnitListPlan,
  opts: { filename: string; name?: string },
): UnitSetWritten {
  const r = plan.report;
  if (!r.ok) throw unitListRefused(r);
  const from = r.replaces;
  const to = r.in_force_from;
  const u = stores.unitSets;
  const oldUnits = new Map(u.communes(from).map((c) => [c.code, c]));
  const incoming = new Map<string, { old: string; relation: Relation }[]>();
  const outgoing = new Map<string, string[]>();
  for (const l of plan.links) {
    incoming.set(l.new_code, [...(incoming.get(l.new_code) ?? []), { old: l.old_code, relation: l.relation }]);
    outgoing.set(l.old_code, [...(outgoing.get(l.old_code) ?? []), l.new_code]);
  }
  const name =
    opts.name?.trim() ||
    `Từ ${dmy(to)}: ${plan.provinces.length} tỉnh › ${plan.units.length.toLocaleString('vi-VN')} xã, phường, đặc khu`;
  const withoutPolygon: string[] = [];
  stores.db.transaction(() => {
    u.insertSet({
      id: to,
      in_force_from: to,
      name,
      has_districts: 0,
      source: `${opts.filename} (imported by ${user?.username ?? 'cli'})`,
    });
    for (const p of plan.provinces) u.insertProvince(to, p.code, p.name);
    for (const unit of plan.units) {
      const sources = incoming.get(unit.code) ?? [];
      // Exact only where every source went wholly into this unit.
      const whole = sources.every((s) => s.relation !== 'part' && outgoing.get(s.old)?.length === 1);
      const olds = sources.map((s) => oldUnits.get(s.old)!);
      const sum = (k: 'population' | 'area_km2') =>
        whole && olds.every((o) => o[k] != null) ? Math.round(olds.reduce((t, o) => t + o[k]!, 0) * 100) / 100 : null;
      const polygons = whole ? olds.map((o) => u.geometry(from, o.code)) : [];
      const geometry =
        whole && polygons.every((g) => g !== null) ? union(polygons.map((g) => JSON.parse(g!) as Area)) : null;
      if (!geometry) withoutPolygon.push(unit.code);
      u.insertCommune(to, {
        code: unit.code,
        name: unit.name,
        unit_type: unit.unit_type,
        province_code: unit.province_code,
        district_code: null,
        population: sum('population'),
        area_km2: sum('area_km2'),
        formed_from: olds.map((o, i) => (sources[i]!.relation === 'part' ? `một phần ${o.name}` : o.name)).join(', '),
        geometry: geometry ? JSON.stringify(roundGeometry(geometry)) : null,
      });
    }
    for (const l of plan.links) u.insertLink(from, to, l);
    composeCrosswalks(stores, from, to);
    stores.audit.record({
      user_id: user?.id ?? null,
      actor: user?.username ?? 'cli',
      via,
      entity: 'unit_sets',
      entity_id: to,
      action: 'import',
      before: null,
      after: {
        file: opts.filename,
        replaces: from,
        provinces: plan.provinces.length,
        communes: plan.units.length,
        links: r.links,
        without_polygon: withoutPolygon.length,
      },
    });
  })();
  return {
    report: r,
    unit_set: { id: to, in_force_from: to, name },
    without_polygon: withoutPolygon,
    applied: applyUnitSetsInForce(stores, user, via).at(-1) ?? null,
  };
}

/**
 * Links from every set before `from` straight to `to`, composed through `from`: an old unit that ends in
 * one new unit went wholly into it (unchanged or renamed if every step says so), otherwise in part.
 */
function composeCrosswalks(stores: Stores, from: string, to: string) {
  const u = stores.unitSets;
  const next = new Map<string, { code: string; relation: Relation }[]>();
  for (const l of u.crosswalk(from, to))
    next.set(l.old_code, [...(next.get(l.old_code) ?? []), { code: l.new_code, relation: l.relation }]);
  for (const earlier of setsBefore(stores, from)) {
    const byOld = new Map<string, Map<string, Relation[]>>();
    for (const l of u.crosswalk(earlier.id, from)) {
      for (const n of next.get(l.new_code) ?? []) {
        const targets = byOld.get(l.old_code) ?? new Map<string, Relation[]>();
        targets.set(n.code, [...(targets.get(n.code) ?? []), l.relation, n.relation]);
        byOld.set(l.old_code, targets);
      }
    }
    for (const [old, targets] of byOld) {
      for (const [code, steps] of targets) {
        const relation: Relation =
          targets.size > 1
            ? 'part'
            : steps.every((s) => s === 'unchanged')
              ? 'unchanged'
              : steps.every((s) => s === 'unchanged' || s === 'renamed')
                ? 'renamed'
                : 'whole';
        u.insertLink(earlier.id, to, { old_code: old, new_code: code, relation, note: `qua bộ ${from} / via ${from}` });
      }
    }
  }
}

/** Moves the map to every stored unit set that is in force today and not yet applied, oldest first. */
export function applyUnitSetsInForce(stores: Stores, user: AuthUser | null, via: string): MapMoveReport[] {
  const done: MapMoveReport[] = [];
  for (;;) {
    const current = stores.unitSets.mapSet();
    const next = stores.unitSets
      .sets()
      .find((s) => previousSet(stores, s.id) === current && s.in_force_from <= today());
    if (!next) return done;
    done.push(
      stores.db.transaction(() => {
        const moved = moveMap(stores, current, next.id, user, via);
        stores.siteStates.flush(); // sites moved to the new communes and provinces
        return moved;
      })(),
    );
  }
}

function moveMap(stores: Stores, from: string, to: string, user: AuthUser | null, via: string): MapMoveReport {
  const u = stores.unitSets;
  const moves = createMapMoves(stores.db);
  const at = new Date().toISOString();
  const actor = { user_id: user?.id ?? null, actor: user?.username ?? 'system', via };
  const links = u.crosswalk(from, to);
  const oldUnits = new Map(u.communes(from).map((c) => [c.code, c]));
  const newUnits = new Map(u.communes(to).map((c) => [c.code, c]));
  const targetsOf = new Map<string, string[]>();
  const sourcesOf = new Map<string, string[]>();
  for (const l of links) {
    targetsOf.set(l.old_code, [...(targetsOf.get(l.old_code) ?? []), l.new_code]);
    sourcesOf.set(l.new_code, [...(sourcesOf.get(l.new_code) ?? []), l.old_code]);
  }
  const provinceTo = u.provinceMap(from, to);
  const report: MapMoveReport = {
    from,
    to,
    provinces: 0,
    communes: newUnits.size,
    communes_removed: 0,
    sites_moved: 0,
    sites_without_commune: 0,
    boundary_versions: 0,
  };
  const provinces = u.provinces(to);
  report.provinces = provinces.length;
  for (const p of provinces) moves.upsertProvince(p.code, p.name, normalizeName(p.name));

  // A commune keeps its boundary when it is the same unit: one source, same code, not divided.
  const same = (code: string) => {
    const s = sourcesOf.get(code);
    return s?.length === 1 && s[0] === code && targetsOf.get(code)?.length === 1;
  };
  const versionsBefore = new Map<string, number | null>();
  for (const p of provinces) versionsBefore.set(p.code, moves.currentVersion(p.code, 'commune'));
  for (const c of newUnits.values())
    moves.upsertCommune({
      code: c.code,
      province: c.province_code,
      name: c.name,
      norm: normalizeName(c.name),
      type: c.unit_type,
    });

  const store = (version: number, level: 'province' | 'commune', code: string, g: Area) =>
    stores.units.insertGeometry({ version_id: version, level, code, ...boundaryRow(g) });
  const label = `Bộ đơn vị từ ${dmy(to)} / units from ${to}`;
  const byProvince = <T extends { province_code: string }>(units: Iterable<T>) => {
    const out = new Map<string, T[]>();
    for (const c of units) out.set(c.province_code, [...(out.get(c.province_code) ?? []), c]);
    return out;
  };
  const newIn = byProvince(newUnits.values());
  const oldIn = byProvince(oldUnits.values());
  for (const p of provinces) {
    const codes = (newIn.get(p.code) ?? []).map((c) => c.code);
    const kept = new Set(codes.filter((c) => same(c) && oldUnits.get(c)?.province_code === p.code));
    const olds = oldIn.get(p.code) ?? [];
    const lostSome = olds.some((o) => !kept.has(o.code));
    if (kept.size === codes.length && !lostSome) continue;
    const before = versionsBefore.get(p.code) ?? null;
    const version = stores.units.addBoundaryVersion(p.code, 'commune', label, `unit set ${to}`, at);
    report.boundary_versions++;
    if (before !== null) moves.copyGeometries(before, version, [...kept]);
    for (const code of codes) {
      if (kept.has(code)) continue;
      const text = u.geometry(to, code);
      if (text) store(version, 'commune', code, JSON.parse(text) as Area);
    }
    // The outline changes only when communes came from or went to another province.
    const crossed =
      codes.some((c) => (sourcesOf.get(c) ?? []).some((o) => oldUnits.get(o)?.province_code !== p.code)) ||
      olds.some((o) => (targetsOf.get(o.code) ?? []).some((n) => newUnits.get(n)?.province_code !== p.code));
    if (!crossed && moves.currentVersion(p.code, 'province') !== null) continue;
    const polygons = codes.map((code) => moves.geometry(version, code));
    if (polygons.some((g) => g === null)) continue;
    const outline = union(polygons.map((g) => JSON.parse(g!) as Area));
    if (outline) {
      store(
        stores.units.addBoundaryVersion(p.code, 'province', label, `unit set ${to}`, at),
        'province',
        p.code,
        outline,
      );
      report.boundary_versions++;
    }
  }

  // Stations follow their commune into the new units.
  const place = (site: { id: number; lon: number; lat: number; province_code: string }, oldCode: string | null) => {
    const targets = oldCode ? (targetsOf.get(oldCode) ?? []) : [];
    let commune: string | null = targets.length === 1 ? targets[0]! : null;
    if (targets.length > 1) {
      const pt = turf.point([site.lon, site.lat]);
      commune =
        targets.find((t) => {
          const g = u.geometry(to, t);
          return g !== null && turf.booleanPointInPolygon(pt, JSON.parse(g) as Area);
        }) ?? null;
    }
    const province =
      (commune ? newUnits.get(commune)?.province_code : newUnits.get(targets[0] ?? '')?.province_code) ??
      provinceTo.get(site.province_code) ??
      site.province_code;
    if (commune === oldCode && province === site.province_code) return;
    moves.placeSite(site.id, commune, province);
    report.sites_moved++;
    if (!commune) report.sites_without_commune++;
    stores.audit.record(
      {
        ...actor,
        entity: 'site',
        entity_id: String(site.id),
        action: 'units_moved',
        before: { commune_code: oldCode, province_code: site.province_code },
        after: { commune_code: commune, province_code: province, unit_set: to },
      },
      at,
    );
  };
  for (const o of oldUnits.values()) {
    const n = newUnits.get(o.code);
    if (n && same(o.code) && n.province_code === o.province_code) continue;
    for (const s of moves.sitesIn(o.code)) place(s, o.code);
  }
  const remaining = new Set(provinces.map((p) => p.code));
  for (const p of u.provinces(from)) {
    if (remaining.has(p.code)) continue;
    const successor = provinceTo.get(p.code);
    if (!successor) continue;
    for (const s of moves.sitesWithoutCommune(p.code)) place(s, null);
    moves.moveProvince(p.code, successor);
  }
  for (const o of oldUnits.values()) {
    if (newUnits.has(o.code)) continue;
    moves.deleteCommune(o.code);
    report.communes_removed++;
  }
  for (const p of u.provinces(from)) if (!remaining.has(p.code)) moves.deleteProvince(p.code);
  u.setMapSet(to);
  stores.audit.record(
    { ...actor, entity: 'unit_sets', entity_id: to, action: 'apply', before: { map_unit_set: from }, after: report },
    at,
  );
  return report;
}
