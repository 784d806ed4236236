// Sites aggregated for zoomed-out views: a supercluster index per filter set and data revision, queried
// per viewport and zoom. At national scale (100,000 sites) the page receives a few hundred clusters
// rather than every point; zoomed in past CLUSTER_MAX_ZOOM it receives the sites themselves.
import Supercluster, { type ClusterProperties, type PointFeature } from 'supercluster';
import type { Stores } from '../stores.ts';
import { DomainError } from './errors.ts';
import { siteCollection, type SiteFeature, type SiteProperties, type SiteQuery } from './sites.ts';
import type { BBox } from '../db/units.ts';
import { SITE_CATEGORIES, type SiteCategory } from '../../common/site-state.ts';

export const CLUSTER_MAX_ZOOM = 11;
/** Most clusters and sites one answer holds; past the last clustered zoom a viewport shows sites one by one. */
const MAX_CLUSTER_FEATURES = 25_000;

type ClusterCounts = Partial<Record<SiteCategory, number>>;
/**
 * While clustering, a cluster's sites per category are numbers in SITE_CATEGORIES order: the index is built
 * again after every write to a province, and merging objects key by key took a fifth of the building.
 */
interface ClusterProps {
  counts: number[];
}
const CATEGORY_INDEX = new Map<string, number>(SITE_CATEGORIES.map((c, i) => [c, i]));

/** The counts an answer carries: the categories with sites, by name. */
function countsByName(counts: readonly number[]): ClusterCounts {
  const out: ClusterCounts = {};
  SITE_CATEGORIES.forEach((c, i) => {
    if (counts[i]! > 0) out[c] = counts[i];
  });
  return out;
}

export interface ClusterFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { cluster: true; cluster_id: number; point_count: number; expansion_zoom: number; counts: ClusterCounts };
}

export type ClusteredFeature = ClusterFeature | (SiteFeature & { properties: SiteProperties & { cluster: false } });

export type ClusterQuery = Omit<SiteQuery, 'bbox'>;

interface CacheEntry {
  revision: string;
  index: Supercluster<SiteProperties, ClusterProps>;
  total: number;
  /** Built from the kept states: a site's index entry holds its id and category, its feature is read when shown. */
  lean: boolean;
}

export function createSiteClusterer(
  stores: Stores,
  /** The data revision a query's index stands on (a province's may pass over writes elsewhere). */
  revision: (q: ClusterQuery) => string,
  maxEntries = 16,
  maxFeatures = MAX_CLUSTER_FEATURES,
) {
  const cache = new Map<string, CacheEntry>();

  function indexFor(q: ClusterQuery): CacheEntry {
    const key = JSON.stringify([q.province, q.district, q.operator, q.tech, q.status, q.category, q.asOf]);
    const rev = revision(q);
    const hit = cache.get(key);
    if (hit && hit.revision === rev) return hit;
    // From the kept states only what clustering needs (id, position, category): a whole country's 100,000
    // features are neither read nor parsed. While a write has left a site behind, from its history.
    const lean = stores.siteStates.fresh();
    const points = lean
      ? stores.siteStates.points(q, q.asOf).map(([id, lon, lat, category]) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [lon, lat] },
          properties: { id, category } as SiteProperties,
        }))
      : siteCollection(stores, q).features;
    const index = new Supercluster<SiteProperties, ClusterProps>({
      radius: 45,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: (p) => {
        const counts = new Array<number>(SITE_CATEGORIES.length).fill(0);
        counts[CATEGORY_INDEX.get(p.category)!] = 1;
        return { counts };
      },
      // supercluster copies mapped properties shallowly: build a new counts array rather than add into one
      // that another cluster may share.
      reduce: (acc, p) => {
        const counts = acc.counts.slice();
        for (let i = 0; i < counts.length; i++) counts[i] = counts[i]! + p.counts[i]!;
        acc.counts = counts;
      },
    });
    index.load(points as unknown as PointFeature<SiteProperties>[]);
    const entry = { revision: rev, index, total: points.length, lean };
    cache.delete(key);
    cache.set(key, entry);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return entry;
  }

  return function clusters(q: ClusterQuery, bbox: BBox, zoom: number) {
    const { index, total, lean } = indexFor(q);
    const raw = index.getClusters(bbox, Math.floor(zoom));
    // Only a viewport much wider than a screen at that zoom gets here (zoom 22 over the whole country).
    if (raw.length > maxFeatures)
      throw new DomainError(
        'invalid_parameter',
        `bbox: ${raw.length.toLocaleString('en')} sites at zoom ${Math.floor(zoom)}, more than the ${maxFeatures.toLocaleString('en')} one answer holds: zoom out or ask for a smaller bbox`,
        `bbox: ${raw.length.toLocaleString('vi')} trạm ở mức thu phóng ${Math.floor(zoom)}, nhiều hơn ${maxFeatures.toLocaleString('vi')} trạm của một lần trả lời: hãy thu nhỏ hoặc chọn vùng nhỏ hơn`,
        'bbox',
      );
    const shown = lean
      ? stores.siteStates.featuresOf(
          raw.flatMap((f) => {
            const p = f.properties as Partial<ClusterProperties> & Partial<SiteProperties>;
            return p.cluster ? [] : [p.id!];
          }),
          q.asOf,
        )
      : null;
    const features: ClusteredFeature[] = raw.map((f) => {
      const p = f.properties as ClusterProperties & ClusterProps & Partial<SiteProperties>;
      const coordinates = f.geometry.coordinates as [number, number];
      if (p.cluster) {
        return {
          type: 'Feature',
          id: -p.cluster_id,
          geometry: { type: 'Point', coordinates },
          properties: {
            cluster: true,
            cluster_id: p.cluster_id,
            point_count: p.point_count,
            expansion_zoom: index.getClusterExpansionZoom(p.cluster_id),
            counts: countsByName(p.counts),
          },
        };
      }
      const site = shown?.get((f.properties as SiteProperties).id)?.properties ?? (f.properties as SiteProperties);
      return {
        type: 'Feature',
        id: site.id,
        geometry: { type: 'Point', coordinates },
        properties: { ...site, cluster: false },
      };
    });
    return { total, features };
  };
}
