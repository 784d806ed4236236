// Small presenters shared by the routes.
import type { Stores } from '../stores.ts';
import type { UnitSetRow } from '../db/unit-sets.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import { milestoneDate, type SunsetProgramme } from '../../common/sunsets.ts';

/**
 * The data-set label every answer carries, so demo data is never mistaken for real figures, and the unit
 * set the answer is in.
 */
export function presentMeta(stores: Stores, set: UnitSetRow = unitSetAt(stores), programme?: SunsetProgramme) {
  const m = stores.meta();
  return {
    demo: m.demo,
    label: m.label,
    data_start: m.data_start,
    unit_set: { id: set.id, name: set.name, in_force_from: set.in_force_from, has_districts: set.has_districts === 1 },
    ...(programme
      ? {
          sunset: {
            technology: programme.technology,
            name_vi: programme.name_vi,
            name_en: programme.name_en,
            affects: programme.affects,
            network_off: milestoneDate(programme, 'network_off'),
          },
        }
      : {}),
  };
}
