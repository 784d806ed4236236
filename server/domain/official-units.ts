// The official units a user's file is matched against: the communes of one province in the unit set
// the file is in (today's by default; the pre-reform set for files from before 1 July 2025), and the
// check that tells a user their file is in the other set, with the way to import it.
import type { Stores } from '../stores.ts';
import type { UnitSetRow } from '../db/unit-sets.ts';
import { DomainError } from './errors.ts';
import { createMatcher, readIdentity, type MatchResult, type OfficialUnit } from './unit-matching.ts';
import { PRE_REFORM_SET, unitSetAt } from './unit-sets.ts';
import { readBridge2024To2025 } from './units-2025-files.ts';

/** The unit set a file is imported into, from its `units_at` date (default today). */
export function importSet(stores: Stores, unitsAt: string | null | undefined): UnitSetRow {
  return unitSetAt(stores, unitsAt ?? undefined);
}

/** One province's communes in a unit set, with their district where the set has districts. */
export function officialCommunes(stores: Stores, set: UnitSetRow, province: string): OfficialUnit[] {
  const districts = new Map(stores.unitSets.districts(set.id).map((d) => [d.code, d.name]));
  const list = stores.unitSets
    .communes(set.id)
    .filter((c) => c.province_code === province)
    .map((c) => ({
      code: c.code,
      name: c.name,
      parent_code: c.district_code,
      parent_name: c.district_code ? (districts.get(c.district_code) ?? null) : null,
    }));
  if (list.length === 0) {
    const other = stores.unitSets
      .sets()
      .find((s) => s.id !== set.id && stores.unitSets.provinces(s.id).some((p) => p.code === province));
    throw new DomainError(
      'not_found',
      `province: ${province} is not a province of the units in force from ${set.in_force_from}` +
        (other
          ? ` (it is one of the units in force from ${other.in_force_from}: pass units_at=${lastDayOf(stores, other)})`
          : ''),
      `province: ${province} không phải là tỉnh của bộ đơn vị hành chính từ ${set.in_force_from}` +
        (other
          ? ` (đây là tỉnh của bộ đơn vị từ ${other.in_force_from}: dùng units_at=${lastDayOf(stores, other)})`
          : ''),
      'province',
    );
  }
  return list;
}

/** A date inside a set's time: the day before the next set came into force, or its first day if last. */
function lastDayOf(stores: Stores, set: UnitSetRow): string {
  const next = stores.unitSets.sets().find((s) => s.in_force_from > set.in_force_from);
  if (!next) return set.in_force_from;
  const d = new Date(`${next.in_force_from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface OtherSetHint {
  units_at: string;
  matched: number;
  en: string;
  vi: string;
}

/**
 * When a file's names match few units of the set it is imported into, tries the other sets: if one
 * matches clearly more, the file is in those units — say so, and how to import it.
 */
export function otherSetHint(
  stores: Stores,
  set: UnitSetRow,
  province: string,
  rows: Record<string, unknown>[],
  matchedHere: number,
): OtherSetHint | null {
  if (rows.length === 0 || matchedHere === rows.length) return null;
  let best: OtherSetHint | null = null;
  for (const other of stores.unitSets.sets()) {
    if (other.id === set.id) continue;
    let units: OfficialUnit[];
    try {
      units = officialCommunes(stores, other, province);
    } catch {
      continue;
    }
    const match = createMatcher(units);
    const matched = rows.filter((r) => match(r, 'commune').unit).length;
    if (matched > matchedHere && matched >= rows.length / 2 && (!best || matched > best.matched)) {
      const at = lastDayOf(stores, other);
      best = {
        units_at: at,
        matched,
        en: `${matched} of ${rows.length} names match the units in force from ${other.in_force_from} (${other.name}), ${matchedHere} today's: import the file with units_at=${at}`,
        vi: `${matched}/${rows.length} tên khớp với bộ đơn vị từ ${other.in_force_from} (${other.name}), ${matchedHere} với bộ hiện hành: hãy nhập tệp với units_at=${at}`,
      };
    }
  }
  return best;
}

/**
 * The matcher for a file in `set`. For the pre-reform units, a code of the 2024-09 list that is no longer
 * one of them is followed through the bridge where the statistics office's change record says where it
 * went (merged into another commune between 2024-09 and 2024-11), and explained where nothing shipped
 * says (merged between 2024-11 and 2025-06): never guessed, always said.
 */
export function setMatcher(stores: Stores, set: UnitSetRow, province: string) {
  const units = officialCommunes(stores, set, province);
  const match = createMatcher(units);
  if (set.id !== PRE_REFORM_SET) return match;
  const byCode = new Map(units.map((u) => [u.code, u]));
  return (props: Record<string, unknown>, level: 'district' | 'commune'): MatchResult => {
    const m = match(props, level);
    if (m.unit || level !== 'commune') return m;
    for (const code of readIdentity(props, level).codes) {
      const b = readBridge2024To2025().get(code);
      if (!b) continue;
      const target = b.via ? byCode.get(b.via) : undefined;
      if (target) {
        return {
          unit: target,
          how: 'bridge',
          candidates: [],
          name: m.name,
          note: {
            en: `code ${code} (${b.name}) of the 2024-09 list was merged into ${target.name} (${target.code}) by November 2024`,
            vi: `mã ${code} (${b.name}) của danh mục 09/2024 đã nhập vào ${target.name} (${target.code}) trước 11/2024`,
          },
        };
      }
      if (b.status === 'unresolved') {
        return {
          ...m,
          note: {
            en: `code ${code} (${b.name}) of the 2024-09 list was merged between November 2024 and June 2025 by a resolution no shipped table covers: give the code it had on 30 June 2025`,
            vi: `mã ${code} (${b.name}) của danh mục 09/2024 đã sáp nhập trong khoảng 11/2024–06/2025 theo nghị quyết chưa có trong bảng đối chiếu: hãy dùng mã tại ngày 30/06/2025`,
          },
        };
      }
    }
    return m;
  };
}
