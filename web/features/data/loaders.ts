// What the map draws, fetched for the current view: district outlines, communes with the month's
// indicators, sites and clusters in the viewport, and the province's coverage tables. Each loader
// runs again only when what it depends on changed; a superseded fetch is aborted.
import type { GeoJSONSource, VectorTileSource } from 'maplibre-gl';
import { api, unwrap } from '../../api/client.ts';
import { getLang, t, type Lang } from '../../i18n/index.ts';
import { SOURCES, communeTilesUrl } from '../../map/style.ts';
import type { ClusterPoint, SiteDatum, SitePoint } from '../../layers/sites.ts';
import { renderRanking, type RankingData } from '../map-view/ranking.ts';
import { DEFAULT_WEIGHTS, type RankingWeights } from '../../../common/ranking.ts';
import { isAbort, reportError } from '../../ui/errors.ts';
import {
  communeZoomBucket,
  stationDate,
  type AppContext,
  type CommuneCollection,
  type Loaders,
} from '../../app/context.ts';

type Ctx = Omit<AppContext, 'load'>;
// The coverage routes answer with open schemas (their tables are documented in docs/coverage-model.md).
interface CoverageTable {
  model: string;
  resolution: number;
  sites: number;
  date: string;
  communes: { code: string; coverage_4g: number }[];
}

/** Today's province outlines with their labels: land, borders and names, the same at every view. */
export function fetchOutlines(lang: Lang) {
  return api.provinces.$get({ query: { geometry: '1', zoom: '7' } }).then((r) => unwrap(r, lang));
}

const failed = (e: unknown) => {
  if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
};

/** What the page started fetching before the loaders existed: the map's style, today's province outlines. */
export interface Prefetched {
  styled: Promise<void>;
  outlines: Promise<unknown>;
}

export function createLoaders(ctx: Ctx, early: Prefetched): Loaders {
  const { view, data, map } = ctx;
  const lang = getLang;
  // Coverage stands on the stations: it is taken at the stations' date.
  const coverageDate = () => stationDate(view.get());
  /** The scenario, date and indicator month the coverage tables of one province are asked for. */
  const coverageQuery = (province: string) => {
    const v = view.get();
    return { province, scenario: v.scenario, date: coverageDate(), month: v.month ?? undefined, sunset: v.sunset };
  };
  let prefetchedOutlines: Promise<unknown> | null = early.outlines;
  let communeKey = '';
  let siteKey = '';
  let layerKey = '';
  let coverageKey = '';
  let shownRanking: { key: string; body: RankingData } | null = null;

  /** Below this zoom, with no province chosen, the map shows provinces rather than communes. */
  const NATIONAL_ZOOM = 7;


  /** The communes in the loaded tiles, as the list the legend, labels, table and camera use. */
  let tileCodes = '';
  const readTiles = () => {
    if (!data.get().communeTiles || !map.getSource(SOURCES.communeTiles)) return;
    const byCode = new Map<string, CommuneCollection['features'][number]>();
    for (const f of map.querySourceFeatures(SOURCES.communeTiles, { sourceLayer: 'communes' })) {
      const p = f.properties as Record<string, unknown>;
      const code = String(p.code ?? '');
      if (!code || byCode.has(code)) continue;
      byCode.set(code, {
        properties: {
          ...p,
          code,
          name: String(p.name ?? ''),
          label: [Number(p.label_lon), Number(p.label_lat)],
          district_code: null,
          district_name: null,
        },
      });
    }
    const codes = [...byCode.keys()].sort().join(',');
    if (codes === tileCodes) return;
    tileCodes = codes;
    data.set({ communes: { type: 'FeatureCollection', features: [...byCode.values()] } });
  };
  map.on('idle', readTiles);

  const loaders: Loaders = {
    /** Today's province outlines (land, borders and labels): they do not depend on the view. */
    async outlines() {
      try {
        // The first call takes what the page prefetched; later ones (after a boundary import) fetch again.
        const pending = prefetchedOutlines ?? fetchOutlines(lang());
        prefetchedOutlines = null;
        const body = (await pending) as Awaited<ReturnType<typeof fetchOutlines>>;
        if (!('features' in body)) return;
        await early.styled;
        (map.getSource(SOURCES.provinces) as GeoJSONSource).setData(body as unknown as GeoJSON.FeatureCollection);
        data.set({
          outlinesGeo: body,
          outlineLabels: body.features.map((f) => ({
            position: f.properties.label as [number, number],
            text: f.properties.name.replace(/^(Tỉnh|Thành phố|Thủ đô) /, ''),
          })),
        });
      } catch (e) {
        failed(e);
      }
    },

    async communes(force = false) {
      const v = view.get();
      // The whole country below province zoom: provinces with their totals stand in for the communes
      // (same indicator fields, so classes, legend, tooltip and exports work alike); communes from there.
      if (!v.province && map.getZoom() < NATIONAL_ZOOM) {
        const key = `provinces|${v.month}|${v.sunset}`;
        if (!force && key === communeKey) return;
        communeKey = key;
        try {
          const body = await ctx.fetchLatest('communes', (init) =>
            api.provinces
              .$get(
                { query: { geometry: '1', zoom: '6', sunset: v.sunset, ...(v.month ? { month: v.month } : {}) } },
                { init },
              )
              .then((r) => unwrap(r, lang())),
          );
          if ('features' in body) data.set({ communes: body as unknown as CommuneCollection, communeTiles: false });
          void loaders.coverage();
        } catch (e) {
          failed(e);
        }
        return;
      }
      // Zoomed in on the whole country: the communes come as vector tiles, only those in view, each tile
      // once per data revision; the list the legend, labels and table use is read from the loaded tiles.
      if (!v.province) {
        const key = `tiles|${v.month}|${v.sunset}`;
        if (!force && key === communeKey) return;
        communeKey = key;
        void ctx.fetchLatest('communes', async () => null);
        await early.styled;
        (map.getSource(SOURCES.communeTiles) as VectorTileSource).setTiles([
          communeTilesUrl(v.month, v.sunset),
        ]);
        tileCodes = '';
        data.set({ communeTiles: true });
        void loaders.coverage();
        return;
      }
      const bucket = communeZoomBucket(map.getZoom());
      const key = `${v.province}|${v.month}|${v.sunset}|${bucket}`;
      if (!force && key === communeKey) return;
      communeKey = key;
      // The province's coverage is asked for beside its communes: when both are in, the map is given the
      // communes once, with their coverage.
      void loaders.coverage();
      try {
        const body = await ctx.fetchLatest('communes', (init) =>
          api.communes
            .$get(
              {
                query: {
                  province: v.province!,
                  ...(v.month ? { month: v.month } : {}),
                  sunset: v.sunset,
                  ...(bucket !== null ? { zoom: String(bucket) } : {}),
                },
              },
              { init },
            )
            .then((r) => unwrap(r, lang())),
        );
        data.set({ communes: body as unknown as CommuneCollection, communeTiles: false });
      } catch (e) {
        failed(e);
      }
    },

    async sites(force = false) {
      const v = view.get();
      if (!v.layers.has('sites')) {
        siteKey = '';
        data.set({ sites: [] });
        return;
      }
      const b = map.getBounds();
      const bbox = [
        Math.max(-180, b.getWest()),
        Math.max(-90, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(90, b.getNorth()),
      ].map((x) => x.toFixed(5));
      const query = {
        bbox: bbox.join(','),
        zoom: String(Math.floor(map.getZoom())),
        as_of: stationDate(v),
        ...(v.province ? { province: v.province } : {}),
        ...(v.district ? { district: v.district } : {}),
        ...(v.operator ? { operator: v.operator } : {}),
        ...(v.tech ? { tech: v.tech as '4G' } : {}),
        ...(v.category ? { category: v.category as '4g_new' } : {}),
      };
      const key = JSON.stringify(query);
      if (!force && key === siteKey) return;
      siteKey = key;
      try {
        const body = await ctx.fetchLatest('sites', (init) =>
          api.sites.clusters.$get({ query }, { init }).then((r) => unwrap(r, lang())),
        );
        const sites = body.features.map((f): SiteDatum => {
          const p = f.properties as Record<string, unknown>;
          const position = f.geometry.coordinates as [number, number];
          return p.cluster
            ? {
                kind: 'cluster',
                id: f.id,
                position,
                count: p.point_count as number,
                expansionZoom: p.expansion_zoom as number,
                counts: p.counts as ClusterPoint['counts'],
              }
            : {
                kind: 'site',
                id: f.id,
                position,
                category: p.category as SitePoint['category'],
                operator: p.operator as string,
                site_code: p.site_code as string,
                name: p.name as string | null,
                on_air: p.on_air as string[],
              };
        });
        data.set({ sites });
      } catch (e) {
        siteKey = '';
        failed(e);
      }
    },

    /** Coverage figures of the chosen province (coverage is computed per province). */
    async coverage() {
      const v = view.get();
      const province = v.province;
      // Cleared only for another table, and only when there is something to clear; asked again for the same
      // one (the communes of another zoom, a station saved), the figures shown stay until the answer
      // replaces them.
      const key = province ? JSON.stringify(coverageQuery(province)) : '';
      const d = data.get();
      if (key !== coverageKey && (d.coverageByCode.size > 0 || d.coverageModel !== null))
        data.set({ coverageByCode: new Map(), coverageModel: null });
      coverageKey = key;
      if (province) {
        try {
          const body = await ctx.fetchLatest('coverage', (init) =>
            api.coverage.communes.$get({ query: coverageQuery(province) }, { init }).then((r) => unwrap(r, lang())),
          );
          const b = body as unknown as CoverageTable;
          data.set({
            coverageByCode: new Map(b.communes.map((c) => [c.code, c.coverage_4g])),
            coverageModel: { model: b.model, resolution: b.resolution, sites: b.sites, date: b.date },
          });
        } catch (e) {
          failed(e);
        }
      }
      void loaders.ranking();
      void loaders.coverageLayers(true);
    },

    async coverageLayers(force = false) {
      const v = view.get();
      const province = v.province;
      const query = { province: province ?? '', scenario: v.scenario, date: coverageDate() };
      const wantGaps = !!province && v.layers.has('gaps');
      const wantFootprints = !!province && v.layers.has('footprints');
      const key = JSON.stringify([query, wantGaps, wantFootprints]);
      if (!force && key === layerKey) return;
      layerKey = key;
      try {
        const gaps = wantGaps
          ? (
              (await ctx.fetchLatest('gaps', (init) =>
                api.coverage.gaps.$get({ query }, { init }).then((r) => unwrap(r, lang())),
              )) as unknown as { cells: string[] }
            ).cells
          : [];
        const { footprintData } = wantFootprints ? await import('../../layers/coverage.ts') : { footprintData: null };
        const footprints = footprintData
          ? footprintData(
              (
                (await ctx.fetchLatest('footprints', (init) =>
                  api.coverage.footprints.$get({ query }, { init }).then((r) => unwrap(r, lang())),
                )) as unknown as { features: Parameters<typeof footprintData>[0] }
              ).features,
            )
          : [];
        data.set({ gaps, footprints });
      } catch (e) {
        failed(e);
      }
    },

    async ranking(relabel = false) {
      const v = view.get();
      const box = ctx.shell.ranking;
      box.hidden = !v.ranking;
      if (!v.ranking) return;
      const province = v.province;
      const weights = v.weights ?? DEFAULT_WEIGHTS;
      const handlers = {
        pick: (code: string) => ctx.camera.flyToCommune(code),
        weigh: (w: RankingWeights | null) => view.set({ weights: w }),
      };
      if (!province) return renderRanking(box, null, weights, handlers);
      try {
        const w = v.weights;
        const query = {
          ...coverageQuery(province),
          ...(w ? { w_2g: String(w.share2g), w_gap: String(w.uncovered), w_nosmart: String(w.withoutSmartphone) } : {}),
        };
        // The language switched: the table drawn again from the answer it shows, in the new language.
        const key = JSON.stringify(query);
        if (relabel && shownRanking?.key === key) return renderRanking(box, shownRanking.body, weights, handlers);
        const body = (await ctx.fetchLatest('ranking', (init) =>
          api.coverage.ranking.$get({ query }, { init }).then((r) => unwrap(r, lang())),
        )) as unknown as RankingData;
        shownRanking = { key, body };
        renderRanking(box, body, weights, handlers);
      } catch (e) {
        failed(e);
      }
    },
  };
  return loaders;
}

/** Runs each loader when the view it depends on changes. */
export function followView(ctx: AppContext): void {
  const { view, load } = ctx;
  view.subscribe(['province', 'month', 'camera', 'sunset'], () => void load.communes());
  view.subscribe(
    ['camera', 'province', 'district', 'sitesAt', 'operator', 'tech', 'category', 'layers'],
    () => void load.sites(),
  );
  view.subscribe(['scenario', 'sitesAt', 'sunset'], () => void load.coverage());
  view.subscribe(['layers', 'sitesAt'], () => void load.coverageLayers());
  view.subscribe(['ranking', 'weights'], () => void load.ranking());
  view.subscribe(['lang'], () => void load.ranking(true));
}
