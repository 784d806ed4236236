// Small presenters shared by the routes.
import type { Stores } from '../stores.ts';

/** The data-set label every answer carries, so demo data is never mistaken for real figures. */
export function presentMeta(stores: Stores) {
  const m = stores.meta();
  return { demo: m.demo, label: m.label, data_start: m.data_start };
}
