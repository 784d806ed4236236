// Which provinces' station writes can change an answer, so a write empties only the cached answers it
// can change: carriers registering masts in Sơn La leave the answers about Hải Phòng cached, instead of
// every reader in the country waiting for answers computed again after each write.
//
// A write touches the provinces its sites stood in before it and stand in after it, and every province
// whose box, widened by the farthest a footprint reaches, holds one of those positions (coverage of a
// province stands on its neighbours' masts near the border); a position in no province's box touches
// OUTSIDE. An answer naming a province, a commune or a former district (in today's units) stands on the
// provinces holding them; a list of stations in a box (sites, their clusters, a sites tile) on the
// provinces whose boxes meet the box widened by the same reach, and on OUTSIDE. Anything else (the whole
// country, the units of another date, coverage of a box, another path) stands on every write.
import type { Context } from 'hono';
import type { Stores } from '../stores.ts';
import type { BBox } from '../db/units.ts';
import type { SitePlace } from '../domain/stations.ts';
import { REACH_DEG, expand, intersects } from '../domain/coverage.ts';
import { tileBbox } from '../domain/tiles.ts';
import type { Revision } from './cache.ts';

/** Stands for the positions in no province's box (at sea, or before any boundary is loaded). */
export const OUTSIDE = '*';

/** Answers about the stations (and the coverage) of the province they name. */
const PROVINCE_PATHS = /^\/api\/(sites|sites\/clusters|summary|series|coverage\/(communes|gaps|footprints|ranking))$/;
/** Lists of the stations inside a box. */
const BOX_PATHS = /^\/api\/(sites|sites\/clusters)$/;
const SITE_TILE = /^\/tiles\/sites\/(\d+)\/(\d+)\/(\d+)\.mvt$/;

interface Boxes {
  revision: string;
  codes: Set<string>;
  /** Each province's box, and the box widened by a footprint's reach. */
  boxes: { code: string; box: BBox; reach: BBox }[];
  /** The provinces of communes and former districts asked for since. */
  places: Map<string, string[]>;
}

export function createSiteScope(stores: Stores, revision: Revision) {
  let cached: Boxes | null = null;
  /** Today's provinces and their boxes, read again when units or boundaries change. */
  const provinces = (): Boxes => {
    const rev = revision.withoutSites();
    if (cached?.revision === rev) return cached;
    const rows = stores.units.provinces();
    cached = {
      revision: rev,
      codes: new Set(rows.map((r) => r.code)),
      boxes: rows.flatMap((r) => {
        if (typeof r.min_lon !== 'number') return [];
        const box = [r.min_lon, r.min_lat, r.max_lon, r.max_lat] as BBox;
        return [{ code: r.code, box, reach: expand(box, REACH_DEG) }];
      }),
      places: new Map(),
    };
    return cached;
  };

  /** The provinces holding the commune or former district a request names; null for one not known. */
  function ofCommuneOrDistrict(commune: string | undefined, district: string | undefined): string[] | null {
    const { places } = provinces();
    const key = `${commune ?? ''}|${district ?? ''}`;
    let found = places.get(key);
    if (!found) {
      found = stores.units.provincesOfPlace({ commune, district });
      if (places.size < 10_000) places.set(key, found);
    }
    return found.length > 0 ? found : null;
  }

  /**
   * The provinces an answer naming places (in today's units) stands on: the province, else those holding
   * the commune or former district; null when it names none, or one not known today.
   */
  function ofPlaces(q: { province?: string | null; commune?: string | null; district?: string | null }) {
    if (q.province != null) return provinces().codes.has(q.province) ? [q.province] : null;
    if (q.commune != null || q.district != null)
      return ofCommuneOrDistrict(q.commune ?? undefined, q.district ?? undefined);
    return null;
  }

  function ofBox(box: BBox): string[] {
    const reach = expand(box, REACH_DEG);
    return [
      ...provinces()
        .boxes.filter((p) => intersects(p.box, reach))
        .map((p) => p.code),
      OUTSIDE,
    ];
  }

  return {
    /** The provinces a station write touches (see the top of this file). */
    touched(places: readonly SitePlace[]): Set<string> {
      const out = new Set<string>();
      const { boxes } = provinces();
      for (const { province, lon, lat } of places) {
        out.add(province);
        const point: BBox = [lon, lat, lon, lat];
        let inside = false;
        for (const p of boxes) {
          if (intersects(p.box, point)) inside = true;
          if (intersects(p.reach, point)) out.add(p.code);
        }
        if (!inside) out.add(OUTSIDE);
      }
      return out;
    },

    /** The revision of an index or answer about the places a query names (see ofPlaces). */
    revisionOf(q: Parameters<typeof ofPlaces>[0]): string {
      return revision.ofProvinces(ofPlaces(q));
    },

    /**
     * The provinces whose station writes can change this request's answer; null: every write. `q`: the
     * request's query, or the part of it its route declares (http/cache.ts).
     */
    ofRequest(c: Context, q: Record<string, string> = c.req.query()): string[] | null {
      const path = c.req.path;
      const tile = SITE_TILE.exec(path);
      if (!tile && !PROVINCE_PATHS.test(path)) return null;
      // Places in the units of another date are not mapped to today's provinces here.
      if (q.units_at !== undefined) return null;
      if (q.province !== undefined || q.commune !== undefined || q.district !== undefined) return ofPlaces(q);
      if (q.bbox !== undefined && BOX_PATHS.test(path)) {
        const box = q.bbox.split(',').map(Number);
        if (box.length !== 4 || box.some((n) => !Number.isFinite(n))) return null;
        return ofBox(box as BBox);
      }
      if (tile) return ofBox(tileBbox(Number(tile[1]), Number(tile[2]), Number(tile[3])));
      return null;
    },
  };
}
