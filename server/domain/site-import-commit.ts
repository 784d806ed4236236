// Writing a checked station import (planImport, site-import.ts): all sites or none in one transaction, one
// audit row per changed site, new sites a hundred at a time; then the sites' kept states are caught up.
import type { Stores } from '../stores.ts';
import { boundedMemory } from '../db/database.ts';
import { DomainError } from './errors.ts';
import { eventRow, newSiteSnapshot, snapshot, writeEvents, writeSectors, type Actor } from './stations.ts';
import type { ImportPlan, ImportReport, SitePlan } from './site-import.ts';

export interface CommitOptions {
  onChanged?: (ids: number[]) => void;
  insideImport?: (written: number) => void;
  /** Called as soon as the transaction has committed, before the kept states are caught up. */
  committed?: () => void;
  /** How many sites have their kept states, after the commit (catching up takes 1.5–2 s per 100,000). */
  keptStates?: (done: number) => void;
}

/**
 * Writes a validated plan: all sites or none, one audit row per changed site; the connection's memory held
 * down meanwhile (boundedMemory).
 */
export function commitImport(stores: Stores, actor: Actor, plan: ImportPlan, opts: CommitOptions = {}): ImportReport {
  return boundedMemory(stores.db, () => writePlan(stores, actor, plan, opts));
}

function writePlan(stores: Stores, actor: Actor, plan: ImportPlan, opts: CommitOptions): ImportReport {
  if (plan.report.errors.length > 0) {
    throw new DomainError(
      'import_refused',
      `the file has ${plan.report.errors.length} bad rows: nothing was written`,
      `tệp có ${plan.report.errors.length} dòng lỗi: chưa ghi gì`,
      'file',
    );
  }
  const at = new Date().toISOString();
  const via = `import:${plan.report.file}`;
  const changed: number[] = [];
  const audit = (id: number, action: string, before: unknown, after: unknown) => ({
    user_id: actor.user.id,
    actor: actor.user.username,
    via,
    entity: 'site',
    entity_id: String(id),
    action,
    before,
    after,
  });
  const written = (id: number) => {
    changed.push(id);
    opts.insideImport?.(changed.length);
  };
  // New sites are written a hundred at a time (multi-row inserts: rows, R*Tree entries, events, audit
  // rows); a site that exists already is updated on its own. Pending new sites are written before an
  // update, so the audit log keeps the file's order.
  let pending: SitePlan[] = [];
  const writeNew = () => {
    if (pending.length === 0) return;
    const rows = pending.map((p) => ({
      operator_id: p.operator,
      site_code: p.site_code,
      name: p.name,
      lon: p.lon,
      lat: p.lat,
      province_code: p.province,
      commune_code: p.commune,
      antenna_height_m: p.antenna_height_m,
      band_mhz: p.band_mhz,
      measured_radius_m: null,
      environment: null,
      created_at: at,
    }));
    const ids = stores.sites.insertSites(rows);
    stores.sites.insertEvents(pending.flatMap((p, i) => p.newEvents.map((e) => eventRow(ids[i]!, e, at))));
    pending.forEach((p, i) => p.sectors && writeSectors(stores, ids[i]!, p.sectors));
    // What snapshot() would read back, built from what was just written (a test holds the two equal).
    stores.audit.recordMany(
      pending.map((p, i) =>
        audit(ids[i]!, 'import_create', null, newSiteSnapshot(ids[i]!, rows[i]!, p.newEvents, p.sectors ?? [])),
      ),
      at,
    );
    pending = [];
    ids.forEach(written);
  };
  stores.db.transaction(() => {
    for (const p of plan.sites) {
      if (!p.changed) continue;
      if (!p.existingId) {
        pending.push(p);
        if (pending.length === 100) writeNew();
        continue;
      }
      writeNew();
      const id = p.existingId;
      const before = snapshot(stores, id);
      const s = stores.sites.site(id)!;
      stores.sites.update({
        id,
        name: p.name ?? s.name,
        lon: p.lon,
        lat: p.lat,
        province_code: p.province,
        commune_code: p.commune,
        antenna_height_m: p.antenna_height_m ?? s.antenna_height_m,
        band_mhz: p.band_mhz ?? s.band_mhz,
        measured_radius_m: s.measured_radius_m,
        radius_source: stores.sites.radiusSource(id),
        environment: s.environment,
        updated_at: at,
      });
      if (p.sectors) writeSectors(stores, id, p.sectors);
      writeEvents(stores, id, p.newEvents, at);
      stores.audit.record(audit(id, 'import_update', before, snapshot(stores, id)), at);
      written(id);
    }
    writeNew();
  })();
  opts.committed?.();
  // The sites' kept states in steps after the commit, not in its transaction (which it would double):
  // reads replay the history of what is not caught up yet, so nothing shows stale meanwhile.
  stores.siteStates.catchUp(opts.keptStates);
  opts.onChanged?.(changed);
  return plan.report;
}
