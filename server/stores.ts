// Every prepared-statement module over one database, built once per app.
import type { DB } from './db/database.ts';
import { createUnitsStore } from './db/units.ts';
import { createIndicatorsStore } from './db/indicators.ts';
import { createSitesStore } from './db/sites.ts';
import { createSiteStates } from './db/site-states.ts';
import { createReportsStore } from './db/reports.ts';
import { readMeta } from './db/meta.ts';
import { createSearchStore } from './db/search.ts';
import { createAuthStore } from './db/auth.ts';
import { createAuditStore } from './db/audit.ts';
import { createSlidesStore } from './db/slides.ts';
import { createUnitSetsStore } from './db/unit-sets.ts';
import { createUnitIndicators } from './domain/unit-indicators.ts';

export function createStores(db: DB) {
  const reported = createIndicatorsStore(db);
  const unitSets = createUnitSetsStore(db);
  return {
    db,
    units: createUnitsStore(db),
    /** Indicators as reported, each in its own unit set (writes go here). */
    reported,
    /** Indicators in today's units, carried across the crosswalk where reported in earlier ones. */
    indicators: createUnitIndicators(reported, unitSets),
    sites: createSitesStore(db),
    /** Each site's state kept on write; writers flush() it inside their transaction. */
    siteStates: createSiteStates(db),
    reports: createReportsStore(db),
    search: createSearchStore(db),
    auth: createAuthStore(db),
    audit: createAuditStore(db),
    slides: createSlidesStore(db),
    unitSets,
    meta: () => readMeta(db),
  };
}
export type Stores = ReturnType<typeof createStores>;
