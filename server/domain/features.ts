// The feature collections phusong publishes for GIS clients (OGC API – Features, the downloads, the
// vector tiles): today's communes with a month's figures, BTS sites with their state at a date, the 4G gap
// cells and the footprints of a province, and the pre-reform communes as a table (they have no polygons).
// Each collection knows its extent, its queryable properties, and how to list and find its features; the
// HTTP edge (server/routes/ogc.ts) only parses parameters and pages the answer.
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { cellToBoundary } from 'h3-js';
import type { Stores } from '../stores.ts';
import type { BBox } from '../db/units.ts';
import { DomainError } from './errors.ts';
import { communeCollectionInSet, indicatorProperties, provenance } from './communes.ts';
import { siteCollection } from './sites.ts';
import { sunsetProgramme } from './sunsets.ts';
import { PRE_REFORM_SET } from './unit-sets.ts';
import { shapesBbox, type CoverageService } from './coverage.ts';
import { footprintBbox, footprintPolygons } from '../../common/footprint.ts';
import { SITE_CATEGORIES } from '../../common/site-state.ts';
import { today } from '../../common/month.ts';
import type { SunsetTech } from '../../common/sunsets.ts';

/** A collection's time: a month of figures, a day the stations are taken at, or none. */
export type Temporal = 'month' | 'day' | null;

export interface ItemsQuery {
  bbox: BBox | null;
  /** The resolved time: YYYY-MM for a month collection, YYYY-MM-DD for a day one; null: the default. */
  time: string | null;
  /** Property filters, by queryable name. */
  filters: Record<string, string>;
  sunset: SunsetTech;
}

export interface Queryable {
  type: 'string' | 'integer';
  description: string;
  enum?: readonly string[];
}

export interface Matches {
  matched: number;
  page(offset: number, limit: number): Feature[];
}

/** The feature with this id among the matches (ids compared as text: gap cells are, sites are numbers). */
const withId = (m: Matches, id: string): Feature | null =>
  m.page(0, m.matched).find((f) => String(f.id) === id) ?? null;

/** Matches already built (points, cells: cheap to hold). */
const built = (features: Feature[]): Matches => ({
  matched: features.length,
  page: (offset, limit) => features.slice(offset, offset + limit),
});

export interface CollectionDef {
  id: string;
  title: string;
  title_vi: string;
  description: string;
  temporal: Temporal;
  /** Items carry no geometry (a table). */
  table: boolean;
  queryables: Record<string, Queryable>;
  /** Filters without which listing would mean computing a whole country (gap cells, footprints). */
  needsArea: boolean;
  extent(stores: Stores): { bbox: BBox | null; interval: [string | null, string | null] };
  /** The matching features in a stable order: how many, and a page of them built on demand. */
  items(q: ItemsQuery): Promise<Matches>;
  item(id: string, q: ItemsQuery): Promise<Feature | null>;
}

const invalid = (parameter: string, en: string, vi: string) =>
  new DomainError('invalid_parameter', `${parameter}: ${en}`, `${parameter}: ${vi}`, parameter);

/**
 * The provinces a gap or footprint request covers: the one named, those a bbox touches, or (neither given)
 * every province with stations — as long as that is a few: coverage is computed province by province.
 */
function provincesOf(stores: Stores, q: ItemsQuery, most = 6): string[] {
  const named = q.filters.province_code;
  if (named) {
    if (!stores.units.province(named))
      throw invalid('province_code', `unknown province ${named}`, `không có tỉnh ${named}`);
    return [named];
  }
  const withSites = new Set(stores.sites.provincesWithSites());
  const touched = provinceBoxes(stores)
    .filter((p) => withSites.has(p.code) && inBbox(q.bbox, p.bbox))
    .map((p) => p.code);
  if (touched.length > most)
    throw invalid(
      q.bbox ? 'bbox' : 'province_code',
      `${touched.length} provinces with stations lie there: at most ${most} at once; name one with province_code or give a smaller bbox`,
      `có ${touched.length} tỉnh có trạm trong phạm vi: tối đa ${most} một lần; hãy chọn một tỉnh (province_code) hoặc bbox nhỏ hơn`,
    );
  return touched;
}

const inBbox = (b: BBox | null, [w, s, e, n]: number[]) => !b || (w! <= b[2] && e! >= b[0] && s! <= b[3] && n! >= b[1]);

/** Today's provinces with their extent (those with a boundary). */
function provinceBoxes(stores: Stores): { code: string; bbox: BBox }[] {
  return stores.units.provinces().flatMap((p) => {
    const b = [p.min_lon, p.min_lat, p.max_lon, p.max_lat] as (number | null)[];
    return b.every((x) => typeof x === 'number') ? [{ code: p.code, bbox: b as BBox }] : [];
  });
}

/** The country's extent from today's province boundaries (null before any is loaded). */
function countryBbox(stores: Stores): BBox | null {
  const all = provinceBoxes(stores);
  return all.length ? shapesBbox(all) : null;
}

/** Viet Nam's mainland and islands, for a database without boundaries yet. */
const VIET_NAM_BBOX: BBox = [102.14, 8.18, 109.47, 23.39];

/** The extent a map of a province (or, with none, of the country) opens on. */
export function areaBbox(stores: Stores, province: string | null): BBox {
  const own = province ? provinceBoxes(stores).find((p) => p.code === province)?.bbox : null;
  return own ?? countryBbox(stores) ?? VIET_NAM_BBOX;
}

export function featureCollections(stores: Stores, coverage: CoverageService): CollectionDef[] {
  const latestMonth = () => stores.indicators.latestMonth(null);
  const monthsExtent = (months: string[]): [string | null, string | null] => [
    months[0] ? `${months[0]}-01T00:00:00Z` : null,
    months.at(-1) ? `${months.at(-1)}-01T00:00:00Z` : null,
  ];
  const communes: CollectionDef = {
    id: 'communes',
    title: "Today's communes with a month's figures",
    title_vi: 'Xã, phường hiện hành với số liệu tháng',
    description:
      'The 3,321 communes (xã, phường, đặc khu) in force since 1 July 2025 on their reference boundaries, with the indicators of a month (datetime; default the latest): subscribers, 2G-only, 3G and non-VoLTE subscribers, households with and without a smartphone, and the chosen sunset’s figures (sunset=2G|3G).',
    temporal: 'month',
    table: false,
    needsArea: false,
    queryables: {
      code: { type: 'string', description: 'GSO commune code' },
      province_code: { type: 'string', description: 'GSO province code (31 = Hải Phòng, 14 = Sơn La)' },
      unit_type: { type: 'string', description: 'Xã, Phường or Đặc khu', enum: ['Xã', 'Phường', 'Đặc khu'] },
    },
    extent: () => ({ bbox: countryBbox(stores), interval: monthsExtent(stores.indicators.months(null)) }),
    async items(q) {
      // Boundaries are parsed for the page asked for only: a GIS copying the country pages through
      // 3,321 full-detail polygons.
      const month = q.time ?? latestMonth();
      const programme = sunsetProgramme(stores, q.sunset);
      const byCode = stores.indicators.byCommune(month, q.filters.province_code ?? null);
      const rows = stores.units.communeItems({
        province: q.filters.province_code ?? null,
        code: q.filters.code || null,
        unitType: q.filters.unit_type || null,
        bbox: q.bbox,
      });
      return {
        matched: rows.matched,
        page: (offset, limit) =>
          rows.page(offset, limit).map((r) => ({
            type: 'Feature' as const,
            id: r.code,
            geometry: JSON.parse(stores.units.geometryById(r.geometry_id)!) as Geometry,
            properties: {
              ...communeFields({
                code: r.code,
                name: r.name,
                unit_type: r.unit_type,
                province_code: r.province_code,
                month,
                ...provenance(byCode.get(r.code)),
                ...indicatorProperties(byCode.get(r.code), programme),
              }),
              // Where the page and a GIS put the commune's name (inside the shape, not its bbox centre).
              label_lon: r.label_lon,
              label_lat: r.label_lat,
            },
          })),
      };
    },
    async item(id, q) {
      const c = stores.units.commune(id);
      if (!c) return null;
      return (
        (await communes.items({ ...q, bbox: null, filters: { province_code: c.province_code, code: id } })).page(
          0,
          1,
        )[0] ?? null
      );
    },
  };

  const sites: CollectionDef = {
    id: 'sites',
    title: 'BTS sites with their state at a date',
    title_vi: 'Trạm BTS và trạng thái tại một ngày',
    description:
      'Every station with the state of each technology at a day (datetime; default today): its map category and the technologies on air.',
    temporal: 'day',
    table: false,
    needsArea: false,
    queryables: {
      operator: { type: 'string', description: 'viettel, vnpt, mobifone, vietnamobile' },
      province_code: { type: 'string', description: 'GSO province code' },
      commune_code: { type: 'string', description: 'GSO commune code' },
      site_code: { type: 'string', description: "The operator's site code" },
      category: { type: 'string', description: 'Map category at the date', enum: SITE_CATEGORIES },
    },
    extent: () => ({ bbox: countryBbox(stores), interval: [stores.meta().data_start + 'T00:00:00Z', null] }),
    async items(q) {
      const fc = siteCollection(stores, {
        province: q.filters.province_code ?? null,
        operator: q.filters.operator ?? null,
        bbox: q.bbox,
        category: (q.filters.category as (typeof SITE_CATEGORIES)[number] | undefined) ?? null,
        asOf: q.time ?? today(),
      });
      return built(
        fc.features
          .filter((f) => !q.filters.commune_code || f.properties.commune_code === q.filters.commune_code)
          .filter((f) => !q.filters.site_code || f.properties.site_code === q.filters.site_code)
          .map((f) => ({
            type: 'Feature' as const,
            id: f.id,
            geometry: f.geometry,
            properties: {
              id: f.properties.id,
              operator: f.properties.operator,
              site_code: f.properties.site_code,
              name: f.properties.name,
              province_code: f.properties.province_code,
              commune_code: f.properties.commune_code,
              category: f.properties.category,
              on_air: f.properties.on_air.join(','),
              antenna_height_m: f.properties.antenna_height_m,
              band_mhz: f.properties.band_mhz,
              as_of: q.time ?? today(),
            },
          })),
      );
    },
    async item(id, q) {
      if (!/^\d{1,12}$/.test(id)) return null;
      const s = stores.sites.site(Number(id));
      if (!s) return null;
      const found = await sites.items({
        ...q,
        bbox: [s.lon, s.lat, s.lon, s.lat],
        filters: { province_code: s.province_code },
      });
      return withId(found, id);
    },
  };

  /** The coverage of the provinces a request names, computed (by a worker) where it is not cached. */
  const covered = async (q: ItemsQuery) => {
    const date = q.time ?? today();
    const provinces = provincesOf(stores, q);
    for (const p of provinces) await coverage.ensure(p, 'current', date);
    return { provinces, date };
  };

  const gaps: CollectionDef = {
    id: 'gaps',
    title: '4G coverage gaps (H3 cells)',
    title_vi: 'Vùng lõm sóng 4G (ô H3)',
    description:
      'The H3 cells of a province no active 4G footprint reaches at a day (datetime; default today), by the documented link budget. In the provinces with stations, at most 6 at once: name one with province_code, or give a bbox.',
    temporal: 'day',
    table: false,
    needsArea: true,
    queryables: {
      province_code: { type: 'string', description: 'GSO province code (required unless bbox is given)' },
      commune_code: { type: 'string', description: 'GSO commune code' },
    },
    extent: () => ({ bbox: countryBbox(stores), interval: [stores.meta().data_start + 'T00:00:00Z', null] }),
    async items(q) {
      const { provinces, date } = await covered(q);
      const out: Feature[] = [];
      for (const p of provinces) {
        for (const c of coverage.communes(p, 'current', date)) {
          if (q.filters.commune_code && c.code !== q.filters.commune_code) continue;
          for (const cell of c.gaps) {
            const ring = cellToBoundary(cell, true);
            if (!inBbox(q.bbox, ringBbox(ring))) continue;
            out.push({
              type: 'Feature',
              id: cell,
              geometry: { type: 'Polygon', coordinates: [ring] },
              properties: { cell, resolution: coverage.resolution, commune_code: c.code, province_code: p, date },
            });
          }
        }
      }
      return built(out);
    },
    async item(id, q) {
      if (!/^[0-9a-f]{15}$/.test(id)) return null;
      const [lng, lat] = cellToBoundary(id, true)[0]!;
      const found = await gaps.items({ ...q, bbox: [lng!, lat!, lng!, lat!] });
      return withId(found, id);
    },
  };

  const footprints: CollectionDef = {
    id: 'footprints',
    title: '4G footprints of the stations',
    title_vi: 'Vùng phủ 4G của các trạm',
    description:
      'Each active 4G station’s modelled (or declared, or measured) footprint at a day, cut to its sectors. In the provinces with stations, at most 6 at once: name one with province_code, or give a bbox.',
    temporal: 'day',
    table: false,
    needsArea: true,
    queryables: {
      province_code: { type: 'string', description: 'GSO province code (required unless bbox is given)' },
      provenance: {
        type: 'string',
        description: 'Where the radius comes from',
        enum: ['modelled', 'declared', 'measured'],
      },
    },
    extent: () => ({ bbox: countryBbox(stores), interval: [stores.meta().data_start + 'T00:00:00Z', null] }),
    async items(q) {
      const { provinces, date } = await covered(q);
      const seen = new Set<number>();
      const out: Feature[] = [];
      for (const p of provinces) {
        for (const f of coverage.footprints(p, 'current', date)) {
          if (seen.has(f.siteId) || !inBbox(q.bbox, footprintBbox(f))) continue;
          if (q.filters.provenance && f.provenance !== q.filters.provenance) continue;
          seen.add(f.siteId);
          const polys = footprintPolygons(f, 48);
          const geometry: Polygon | MultiPolygon =
            polys.length === 1 ? polys[0]! : { type: 'MultiPolygon', coordinates: polys.map((x) => x.coordinates) };
          out.push({
            type: 'Feature',
            id: f.siteId,
            geometry,
            properties: {
              site_id: f.siteId,
              tech: f.tech,
              band_mhz: f.bandMhz,
              radius_km: Math.round(f.radiusKm * 1000) / 1000,
              provenance: f.provenance,
              date,
            },
          });
        }
      }
      return built(out.sort((a, b) => Number(a.id) - Number(b.id)));
    },
    async item(id, q) {
      if (!/^\d{1,12}$/.test(id)) return null;
      const s = stores.sites.site(Number(id));
      if (!s) return null;
      const found = await footprints.items({ ...q, filters: { province_code: s.province_code } });
      return withId(found, id);
    },
  };

  const preReform: CollectionDef = {
    id: 'communes-2025-06-30',
    title: 'Communes before 1 July 2025, figures as reported (a table)',
    title_vi: 'Xã trước ngày 1/7/2025, số liệu như đã báo cáo (bảng)',
    description:
      'The 10,033 communes of 63 provinces and 691 districts in force on 30 June 2025, with the figures of a month reported in them (datetime; default the last such month). No boundaries: phusong ships none for these units.',
    temporal: 'month',
    table: true,
    needsArea: false,
    queryables: {
      code: { type: 'string', description: 'GSO commune code (2025-06-30 list)' },
      province_code: { type: 'string', description: 'Former province code' },
      district_code: { type: 'string', description: 'Former district code' },
    },
    extent: () => ({ bbox: null, interval: monthsExtent(stores.reported.monthsIn(PRE_REFORM_SET)) }),
    async items(q) {
      const fc = communeCollectionInSet(stores, PRE_REFORM_SET, {
        province: q.filters.province_code ?? null,
        district: q.filters.district_code ?? null,
        month: q.time,
        programme: sunsetProgramme(stores, q.sunset),
      });
      return built(
        fc.features
          .filter((f) => !q.filters.code || f.properties.code === q.filters.code)
          .sort((a, b) => a.properties.code.localeCompare(b.properties.code))
          .map(({ properties }) => ({
            type: 'Feature' as const,
            id: properties.code,
            geometry: null as unknown as Geometry,
            properties: {
              ...communeFields(properties),
              district_code: properties.district_code,
              district_name: properties.district_name,
            },
          })),
      );
    },
    async item(id, q) {
      return (await preReform.items({ ...q, filters: { ...q.filters, code: id } })).page(0, 1)[0] ?? null;
    },
  };

  return [communes, sites, gaps, footprints, preReform];
}

function ringBbox(ring: number[][]): number[] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    w = Math.min(w, x!);
    e = Math.max(e, x!);
    s = Math.min(s, y!);
    n = Math.max(n, y!);
  }
  return [w, s, e, n];
}

/** A commune's published fields: flat values a GIS keeps in a column (no arrays). */
function communeFields(props: object) {
  const p = props as Record<string, unknown>;
  const pick = (k: string) => (p[k] === undefined ? null : p[k]);
  return {
    code: pick('code'),
    name: pick('name'),
    unit_type: pick('unit_type'),
    province_code: pick('province_code'),
    month: pick('month'),
    reported_in: pick('reported_in'),
    estimated: pick('estimated'),
    subscribers: pick('subscribers'),
    subscribers_2g: pick('subscribers_2g'),
    subscribers_3g: pick('subscribers_3g'),
    subscribers_no_volte: pick('subscribers_no_volte'),
    households: pick('households'),
    households_smartphone: pick('households_smartphone'),
    households_without_smartphone: pick('households_without_smartphone'),
    share_2g: pick('share_2g'),
    share_3g: pick('share_3g'),
    share_smartphone: pick('share_smartphone'),
    subscribers_sunset: pick('subscribers_sunset'),
    share_sunset: pick('share_sunset'),
  };
}
