// The map page: wires the view state (kept in the URL) to the MapLibre map, the deck.gl overlay and the
// controls. Data comes from the typed API client; every fetch is cancellable and superseded fetches are
// aborted, so a fast user never sees stale layers.
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type GeoJSONSource,
  type MapMouseEvent,
} from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { PickingInfo } from '@deck.gl/core';
import { api, unwrap } from './api/client.ts';
import { getLang, setLang, t, formatNumber, formatPercent, onLangChange } from './i18n/index.ts';
import { parseView, serializeView, type ViewState, type LayerId, type WhatIfState } from './state/view.ts';
import { buildStyle, LAYER_IDS, SOURCES } from './map/style.ts';
import { classScheme, fillColorExpression, type ClassScheme } from './layers/classes.ts';
import { siteLayers, type SiteDatum, type SitePoint, type ClusterPoint } from './layers/sites.ts';
import { COMMUNE_LABEL_ZOOM, declutter, labelLayers, type LabelDatum } from './layers/labels.ts';
import { buildShell, type Shell } from './ui/shell.ts';
import {
  renderControls,
  renderCoverageControls,
  type ControlData,
  type ControlHandlers,
} from './features/controls/render.ts';
import { renderRanking, type RankingData } from './features/map-view/ranking.ts';
import {
  renderWhatIf,
  renderWhatIfResult,
  sectorsFrom,
  type WhatIfResult,
  type WhatIfSettings,
} from './features/whatif/render.ts';
import { coverageLayers, footprintData, type FootprintDatum } from './layers/coverage.ts';
import { renderLegend } from './features/map-view/legend.ts';
import { mountSearch, type SearchHit } from './features/search/box.ts';
import { hidePanel, showCommune, showSite, type CommuneDetail, type SiteDetail } from './features/panel/render.ts';
import { el } from './ui/dom.ts';
import { isAbort, mountErrors, reportError } from './ui/errors.ts';
import { canEdit, currentUser, onSessionChange, refreshSession, sendJson } from './api/session.ts';
import { renderAccount } from './features/account/render.ts';
import {
  openAddEvent,
  openCreateSite,
  openEditSite,
  openRetire,
  renderHistory,
  type EditorContext,
} from './features/stations/editor.ts';
import { openDataImport, openImport } from './features/stations/importer.ts';
import { field, openDialog } from './ui/dialog.ts';
import { renderPresentation, type Kpi } from './features/presentation/overlay.ts';
import { renderCharts, type SeriesRow } from './features/reports/charts.ts';
import { canvasBlob, download, renderBrief, renderMapImage, type ExportContext } from './features/exports/render.ts';
import { openCommReports } from './features/reports/comm-reports.ts';
import { openCompare, type CompareView } from './features/compare/view.ts';

type BBox = [number, number, number, number];
interface Area {
  code: string;
  name: string;
  province_code?: string;
  bbox: number[] | null;
}
interface CommuneProps {
  label: [number, number];
  code: string;
  name: string;
  district_code: string;
  district_name: string;
  [k: string]: unknown;
}

const VIET_NAM: BBox = [102.1, 8.4, 109.6, 23.4];

/** Zoom buckets for commune geometry: simplified for the zoomed-out views, full detail close up. */
function communeZoomBucket(zoom: number): number | null {
  if (zoom < 8) return 7;
  if (zoom < 11) return 10;
  return null;
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y!, m!, 0)).getUTCDate()).padStart(2, '0')}`;
}

export class App {
  private view: ViewState;
  private shell: Shell;
  private map!: MapLibreMap;
  private overlay!: MapboxOverlay;
  private data!: ControlData & { provinceAreas: Area[]; districtAreas: Area[]; demo: boolean };
  private communes: { type: 'FeatureCollection'; features: { properties: CommuneProps }[] } | null = null;
  private districtLabels: LabelDatum[] = [];
  private sites: SiteDatum[] = [];
  private scheme: ClassScheme | null = null;
  private requests = new Map<string, AbortController>();
  private communeKey = '';
  private coverageByCode = new Map<string, number>();
  private coverageNote: string | null = null;
  private gaps: string[] = [];
  private footprints: FootprintDatum[] = [];
  private whatIfActive = false;
  private whatIfSettings: WhatIfSettings = { band: 900, height: 40, azimuths: '' };
  private gsoProvinces: { code: string; name: string }[] = [];
  private slides: { id: number; name: string; title: string; note: string | null; view: string }[] = [];
  private playTimer: ReturnType<typeof setInterval> | null = null;
  private demo = false;
  private compareView: CompareView | null = null;
  private flyToSelection = false;
  private districtsGeo: unknown = { type: 'FeatureCollection', features: [] };
  private urlTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    this.view = parseView(location.search);
    // A shared what-if link opens with its controls showing.
    this.whatIfActive = this.view.whatIf !== null;
    // A link naming a commune but no camera opens on that commune.
    this.flyToSelection = this.view.selection?.kind === 'commune' && !this.view.camera;
    setLang(this.view.lang);
    this.shell = buildShell(root);
    mountErrors(this.shell.map.parentElement!);
  }

  /** A fetch that cancels the previous one with the same key. */
  private async fetchLatest<T>(key: string, run: (init: RequestInit) => Promise<T>): Promise<T> {
    this.requests.get(key)?.abort();
    const controller = new AbortController();
    this.requests.set(key, controller);
    return run({ signal: controller.signal });
  }

  async start(): Promise<void> {
    const lang = getLang();
    const [meta, provinces, districts] = await Promise.all([
      api.meta.$get().then((r) => unwrap(r, lang)),
      api.provinces.$get().then((r) => unwrap(r, lang)),
      api.districts.$get({ query: {} }).then((r) => unwrap(r, lang)),
    ]);
    const districtList = 'districts' in districts ? districts.districts : [];
    this.data = {
      provinces: provinces.provinces,
      districts: districtList,
      months: meta.months,
      operators: meta.operators,
      techs: meta.techs,
      provinceAreas: provinces.provinces,
      districtAreas: districtList,
      demo: meta.meta.demo,
    };
    if (!this.view.month || !meta.months.includes(this.view.month)) this.view.month = meta.months.at(-1) ?? null;
    this.gsoProvinces = meta.gso_provinces;
    this.demo = meta.meta.demo;
    this.shell.banner.hidden = !meta.meta.demo;
    document.body.classList.toggle('demo', meta.meta.demo);

    this.renderControls();
    mountSearch(
      this.shell.search,
      (q, signal) => this.searchApi(q, signal),
      (hit) => this.onSearchPick(hit),
    );
    this.shell.langButton.addEventListener('click', () => {
      this.view.lang = getLang() === 'vi' ? 'en' : 'vi';
      setLang(this.view.lang);
      this.syncUrl();
    });
    onLangChange(() => this.relabel());
    onSessionChange(() => {
      renderAccount(this.shell.account);
      this.renderStations();
      if (this.view.selection?.kind === 'site') void this.openSelection();
    });
    this.shell.relabel();
    await refreshSession().catch(() => undefined);
    this.shell.presentButton.addEventListener('click', () => this.setPresenting(!this.view.present));
    document.addEventListener('keydown', (e) => this.onKey(e));

    this.createMap(meta.basemap);
  }

  private createMap(basemapUrl: string | null): void {
    const cam = this.view.camera;
    this.map = new MapLibreMap({
      container: this.shell.map,
      style: buildStyle(basemapUrl),
      center: cam ? [cam.lng, cam.lat] : [106.0, 21.2],
      zoom: cam?.zoom ?? 7,
      bearing: cam?.bearing ?? 0,
      attributionControl: false,
      // Exports and screenshots read the canvas after it is drawn.
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    });
    this.map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.overlay = new MapboxOverlay({ interleaved: true, layers: [] });
    this.map.addControl(this.overlay);
    (window as unknown as { phusong: unknown }).phusong = { map: this.map, app: this };

    this.map.on('load', () => {
      if (!cam) this.fitArea(false);
      void this.loadDistricts();
      void this.loadCommunes();
      void this.loadSites();
      if (this.view.selection) void this.openSelection();
      if (this.view.whatIf) void this.evaluateWhatIf();
      if (this.view.present) this.setPresenting(true);
      void this.loadCharts();
      void this.loadCompare();
    });
    this.map.on('moveend', () => {
      const c = this.map.getCenter();
      this.view.camera = { zoom: this.map.getZoom(), lat: c.lat, lng: c.lng, bearing: this.map.getBearing() };
      this.syncUrl();
      void this.loadSites();
      const bucket = communeZoomBucket(this.map.getZoom());
      if (this.communeKey && !this.communeKey.endsWith(`|${bucket}`)) void this.loadCommunes();
      this.renderDeck();
    });
    this.map.on('mousemove', (e) => this.onHover(e));
    this.map.on('mouseout', () => (this.shell.tooltip.hidden = true));
    this.map.on('click', (e) => this.onClick(e));
    this.map.on('idle', () => {
      if (this.communes && document.body.dataset.ready !== '1') {
        document.body.dataset.ready = '1';
        performance.mark('phusong-map-ready'); // read by the page benchmark
      }
      document.body.dataset.idle = String(Number(document.body.dataset.idle ?? 0) + 1);
    });
  }

  // ---- data --------------------------------------------------------------------------------------

  private async loadDistricts(): Promise<void> {
    try {
      const body = await this.fetchLatest('districts', (init) =>
        api.districts
          .$get({ query: { geometry: '1', ...(this.view.province ? { province: this.view.province } : {}) } }, { init })
          .then((r) => unwrap(r, getLang())),
      );
      if (!('features' in body)) return;
      this.districtsGeo = body;
      (this.map.getSource(SOURCES.districts) as GeoJSONSource).setData(body as unknown as GeoJSON.FeatureCollection);
      void this.loadCompare();
      this.districtLabels = body.features.map((f) => ({
        position: f.properties.label as [number, number],
        text: f.properties.name.replace(/^(Huyện|Quận|Thành phố|Thị xã) /, ''),
      }));
      this.renderDeck();
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  private async loadCommunes(): Promise<void> {
    const bucket = communeZoomBucket(this.map.getZoom());
    const key = `${this.view.province}|${this.view.month}|${bucket}`;
    this.communeKey = key;
    try {
      const body = await this.fetchLatest('communes', (init) =>
        api.communes
          .$get(
            {
              query: {
                ...(this.view.province ? { province: this.view.province } : {}),
                ...(this.view.month ? { month: this.view.month } : {}),
                ...(bucket !== null ? { zoom: String(bucket) } : {}),
              },
            },
            { init },
          )
          .then((r) => unwrap(r, getLang())),
      );
      this.communes = body as unknown as App['communes'];
      this.mergeCoverage();
      this.applyChoropleth();
      this.renderDeck();
      void this.loadCoverage();
      void this.loadCompare();
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  private async loadSites(): Promise<void> {
    if (!this.map || !this.view.layers.has('sites')) {
      this.sites = [];
      this.renderDeck();
      return;
    }
    const b = this.map.getBounds();
    const bbox = [
      Math.max(-180, b.getWest()),
      Math.max(-90, b.getSouth()),
      Math.min(180, b.getEast()),
      Math.min(90, b.getNorth()),
    ].map((x) => x.toFixed(5));
    const v = this.view;
    try {
      const body = await this.fetchLatest('sites', (init) =>
        api.sites.clusters
          .$get(
            {
              query: {
                bbox: bbox.join(','),
                zoom: String(Math.floor(this.map.getZoom())),
                ...(v.month ? { as_of: monthEnd(v.month) } : {}),
                ...(v.province ? { province: v.province } : {}),
                ...(v.district ? { district: v.district } : {}),
                ...(v.operator ? { operator: v.operator } : {}),
                ...(v.tech ? { tech: v.tech as '4G' } : {}),
                ...(v.category ? { category: v.category as '4g_new' } : {}),
              },
            },
            { init },
          )
          .then((r) => unwrap(r, getLang())),
      );
      this.sites = body.features.map((f): SiteDatum => {
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
      this.renderDeck();
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  private coverageDate(): string | undefined {
    return this.view.month ? monthEnd(this.view.month) : undefined;
  }

  /** Puts the coverage share into the commune features, so it can be the choropleth's indicator. */
  private mergeCoverage(): void {
    if (!this.communes) return;
    for (const f of this.communes.features)
      f.properties.coverage_4g = this.coverageByCode.get(f.properties.code) ?? null;
    (this.map.getSource(SOURCES.communes) as GeoJSONSource).setData(
      this.communes as unknown as GeoJSON.FeatureCollection,
    );
  }

  /** Coverage figures of the chosen province (coverage is computed per province). */
  private async loadCoverage(): Promise<void> {
    const province = this.view.province;
    this.coverageByCode = new Map();
    this.coverageNote = null;
    if (!province) {
      this.mergeCoverage();
      this.applyChoropleth();
      void this.loadRanking();
      void this.loadCoverageLayers();
      return;
    }
    try {
      const body = await this.fetchLatest('coverage', (init) =>
        api.coverage.communes.$get({ query: this.coverageQuery(province) }, { init }).then((r) => unwrap(r, getLang())),
      );
      const b = body as unknown as {
        model: string;
        resolution: number;
        sites: number;
        date: string;
        communes: { code: string; coverage_4g: number }[];
      };
      this.coverageByCode = new Map(b.communes.map((c) => [c.code, c.coverage_4g]));
      this.coverageNote = t('model_note', { model: b.model, res: b.resolution, n: formatNumber(b.sites), d: b.date });
      this.mergeCoverage();
      this.applyChoropleth();
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
    void this.loadRanking();
    void this.loadCoverageLayers();
  }

  /** The scenario, date and indicator month the coverage tables of one province are asked for. */
  private coverageQuery(province: string) {
    return { province, scenario: this.view.scenario, date: this.coverageDate(), month: this.view.month ?? undefined };
  }

  private async loadCoverageLayers(): Promise<void> {
    const province = this.view.province;
    const query = { province: province ?? '', scenario: this.view.scenario, date: this.coverageDate() };
    try {
      if (province && this.view.layers.has('gaps')) {
        const body = await this.fetchLatest('gaps', (init) =>
          api.coverage.gaps.$get({ query }, { init }).then((r) => unwrap(r, getLang())),
        );
        this.gaps = (body as unknown as { cells: string[] }).cells;
      } else this.gaps = [];
      if (province && this.view.layers.has('footprints')) {
        const body = await this.fetchLatest('footprints', (init) =>
          api.coverage.footprints.$get({ query }, { init }).then((r) => unwrap(r, getLang())),
        );
        this.footprints = footprintData(
          (body as unknown as { features: Parameters<typeof footprintData>[0] }).features,
        );
      } else this.footprints = [];
      this.renderDeck();
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  private async loadRanking(): Promise<void> {
    const box = this.shell.ranking;
    box.hidden = !this.view.ranking;
    if (!this.view.ranking) return;
    const province = this.view.province;
    if (!province) return renderRanking(box, null, () => {});
    try {
      const body = await this.fetchLatest('ranking', (init) =>
        api.coverage.ranking.$get({ query: this.coverageQuery(province) }, { init }).then((r) => unwrap(r, getLang())),
      );
      renderRanking(box, body as unknown as RankingData, (code) => this.flyToCommune(code));
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  /** Flies to a commune (from the ranking or a what-if result) and opens its panel. */
  private flyToCommune(code: string): void {
    const f = this.communes?.features.find((x) => x.properties.code === code);
    if (f) this.map.flyTo({ center: f.properties.label, zoom: Math.max(this.map.getZoom(), 11.5), duration: 1200 });
    this.select({ kind: 'commune', code });
  }

  // ---- what-if ------------------------------------------------------------------------------------

  private renderWhatIfControls(): void {
    renderWhatIf(this.shell.whatIf, this.view.whatIf, this.whatIfActive, this.whatIfSettings, {
      toggle: (on) => {
        this.whatIfActive = on;
        if (on && !this.view.whatIf) this.view.whatIf = { switchOff: [], add: [] };
        this.renderWhatIfControls();
        this.renderDeck();
      },
      evaluate: () => void this.evaluateWhatIf(),
      clear: () => {
        this.view.whatIf = { switchOff: [], add: [] };
        this.renderWhatIfControls();
        this.renderDeck();
        this.syncUrl();
      },
      copyLink: () => {
        this.syncUrlNow();
        void navigator.clipboard?.writeText(location.href).then(
          () => reportError(t('whatif_copied')),
          () => undefined,
        );
      },
      load: (w: WhatIfState) => {
        this.view.whatIf = w;
        this.renderWhatIfControls();
        this.renderDeck();
        this.syncUrl();
        void this.evaluateWhatIf();
      },
    });
  }

  private async evaluateWhatIf(): Promise<void> {
    const w = this.view.whatIf;
    const province = this.view.province;
    if (!w || !province) return reportError(t('need_province'));
    try {
      const body = await this.fetchLatest('whatif', (init) =>
        api.coverage['what-if']
          .$post(
            {
              json: {
                province,
                scenario: this.view.scenario,
                date: this.coverageDate(),
                month: this.view.month ?? undefined,
                switch_off_2g: w.switchOff,
                add_4g: w.add.map((a) => ({ ...a, band_mhz: a.band_mhz as 900 })),
              },
            },
            { init },
          )
          .then((r) => unwrap(r, getLang())),
      );
      const panel = this.shell.panel;
      const close = el('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
      close.addEventListener('click', () => hidePanel(panel));
      panel.replaceChildren(
        el(
          'div',
          { class: 'panel-head' },
          el('small', {}, t('whatif')),
          el('h2', { id: 'panel-title' }, t('whatif')),
          close,
        ),
        renderWhatIfResult(panel, body as unknown as WhatIfResult, (code) => this.flyToCommune(code)),
      );
      panel.dataset.kind = 'whatif';
      panel.hidden = false;
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  /** In what-if mode a click marks a 2G site for switch-off, or places a hypothetical 4G site. */
  private whatIfClick(e: MapMouseEvent, site: SitePoint | null): void {
    const w = (this.view.whatIf ??= { switchOff: [], add: [] });
    if (site) {
      const i = w.switchOff.indexOf(site.id);
      if (i >= 0) w.switchOff.splice(i, 1);
      else if (site.on_air.includes('2G')) w.switchOff.push(site.id);
    } else {
      w.add.push({
        lon: Math.round(e.lngLat.lng * 1e5) / 1e5,
        lat: Math.round(e.lngLat.lat * 1e5) / 1e5,
        band_mhz: this.whatIfSettings.band,
        antenna_height_m: this.whatIfSettings.height,
        ...(sectorsFrom(this.whatIfSettings.azimuths) ? { sectors: sectorsFrom(this.whatIfSettings.azimuths) } : {}),
      });
    }
    this.renderWhatIfControls();
    this.renderDeck();
    this.syncUrl();
  }

  // ---- meetings: presentation, slides, timeline, charts, exports ---------------------------------

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && (target as HTMLInputElement).type !== 'range')
      return;
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'p' || e.key === 'P') this.setPresenting(!this.view.present);
    else if (e.key === 'Escape' && this.view.present) this.setPresenting(false);
    else if (this.view.present && (e.key === 'ArrowRight' || e.key === 'PageDown')) void this.stepSlide(1);
    else if (this.view.present && (e.key === 'ArrowLeft' || e.key === 'PageUp')) void this.stepSlide(-1);
    else return;
    e.preventDefault();
  }

  private setPresenting(on: boolean): void {
    this.view.present = on;
    document.body.classList.toggle('presenting', on);
    this.shell.present.hidden = !on;
    if (on) {
      void document.documentElement.requestFullscreen?.().catch(() => undefined);
      void this.loadSlides().then(() => this.renderPresentationOverlay());
    } else {
      this.stopPlaying();
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    }
    this.renderLegend();
    this.syncUrl();
  }

  private areaName(): string {
    const d = this.view.district && this.data.districts.find((x) => x.code === this.view.district);
    if (d) return d.name;
    const p = this.view.province && this.data.provinces.find((x) => x.code === this.view.province);
    return p ? p.name : t('all_area');
  }

  private presentTitle(): string {
    const slide = this.slides.find((s) => s.id === this.view.slide);
    return slide?.title ?? t('present_title', { area: this.areaName(), m: this.view.month ?? '' });
  }

  private async kpis(): Promise<Kpi[]> {
    const q = {
      ...(this.view.district
        ? { district: this.view.district }
        : this.view.province
          ? { province: this.view.province }
          : {}),
      ...(this.view.month ? { month: this.view.month } : {}),
    };
    const s = await api.summary.$get({ query: q }).then((r) => unwrap(r, getLang()));
    const out: Kpi[] = [
      { label: t('kpi_smartphone'), value: formatPercent(s.share_smartphone) },
      { label: t('kpi_2g_left'), value: formatNumber(s.subscribers_2g) },
      { label: t('kpi_2g_off'), value: formatNumber(s.sites_2g_switched_off) },
      { label: t('kpi_4g'), value: `${formatNumber(s.sites_4g_new)} / ${formatNumber(s.sites_4g_upgraded)}` },
    ];
    if (this.coverageByCode.size > 0) {
      const inArea = (this.communes?.features ?? []).filter(
        (f) => !this.view.district || f.properties.district_code === this.view.district,
      );
      const withGaps = inArea.filter((f) => (this.coverageByCode.get(f.properties.code) ?? 1) < 0.99).length;
      out.push({ label: t('kpi_gaps'), value: `${formatNumber(withGaps)} / ${formatNumber(inArea.length)}` });
    }
    return out;
  }

  private async renderPresentationOverlay(): Promise<void> {
    if (!this.view.present) return;
    const kpis = await this.kpis().catch(() => [] as Kpi[]);
    const index = this.slides.findIndex((s) => s.id === this.view.slide);
    const slide = this.slides[index];
    renderPresentation(
      this.shell.present,
      {
        title: this.presentTitle(),
        subtitle: slide?.note ?? (this.demo ? t('demo_banner') : null),
        kpis,
        months: this.data.months,
        month: this.view.month,
        playing: this.playTimer !== null,
        slide: this.slides.length ? { index: Math.max(0, index), count: this.slides.length } : null,
      },
      {
        exit: () => this.setPresenting(false),
        step: (d) => void this.stepSlide(d),
        month: (m) => this.setMonth(m),
        play: () => (this.playTimer ? this.stopPlaying() : this.startPlaying()),
        saveSlide: currentUser()?.role === 'admin' && this.view.province ? () => this.openSaveSlide() : null,
        png: () => void this.exportPng(),
        pdf: () => void this.exportPdf(),
      },
    );
  }

  private async loadSlides(): Promise<void> {
    if (!this.view.province) {
      this.slides = [];
      return;
    }
    const r = await sendJson<{ slides: App['slides'] }>(`/api/slides?province=${this.view.province}`, 'GET').catch(
      () => ({ slides: [] }),
    );
    this.slides = r.slides;
  }

  /** Moves to the next or previous saved view: camera, layers, indicator, month and URL follow. */
  private async stepSlide(delta: number): Promise<void> {
    if (this.slides.length === 0) await this.loadSlides();
    if (this.slides.length === 0) return;
    const i = this.slides.findIndex((s) => s.id === this.view.slide);
    const next =
      this.slides[
        i < 0 ? (delta > 0 ? 0 : this.slides.length - 1) : (i + delta + this.slides.length) % this.slides.length
      ]!;
    this.applyView(next.view, next.id);
  }

  /** Applies a saved view (a URL query of this page), keeping the language and presentation mode. */
  private applyView(query: string, slideId: number | null): void {
    const v = parseView(query);
    const provinceChanged = v.province !== this.view.province;
    const monthChanged = v.month !== this.view.month;
    Object.assign(this.view, {
      ...v,
      lang: this.view.lang,
      present: this.view.present,
      slide: slideId,
      charts: this.view.charts,
      whatIf: null,
      ranking: this.view.ranking,
    });
    this.renderControls();
    this.shell.relabel();
    if (v.camera)
      this.map.flyTo({
        center: [v.camera.lng, v.camera.lat],
        zoom: v.camera.zoom,
        bearing: v.camera.bearing,
        duration: 1500,
      });
    else this.fitArea(true);
    if (provinceChanged) void this.loadDistricts();
    if (provinceChanged || monthChanged) void this.loadCommunes();
    else {
      this.applyChoropleth();
      this.renderDeck();
    }
    void this.loadSites();
    void this.loadCoverageLayers();
    if (this.view.selection) void this.openSelection();
    else hidePanel(this.shell.panel);
    void this.renderPresentationOverlay();
    this.syncUrl();
  }

  private setMonth(month: string): void {
    this.view.month = month;
    this.renderControls();
    this.shell.relabel();
    void this.loadCommunes();
    void this.loadSites();
    void this.renderPresentationOverlay();
    this.syncUrl();
  }

  private startPlaying(): void {
    const months = this.data.months;
    this.playTimer = setInterval(() => {
      const i = months.indexOf(this.view.month ?? '');
      this.setMonth(months[(i + 1) % months.length]!);
    }, 1800);
    void this.renderPresentationOverlay();
  }

  private stopPlaying(): void {
    if (this.playTimer) clearInterval(this.playTimer);
    this.playTimer = null;
    void this.renderPresentationOverlay();
  }

  private openSaveSlide(): void {
    const name = el('input', { type: 'text', id: 'slide-name', required: true, maxlength: 100 });
    const title = el('input', {
      type: 'text',
      id: 'slide-title',
      required: true,
      maxlength: 200,
      value: this.presentTitle(),
    });
    const note = el('textarea', { id: 'slide-note', maxlength: 1000 });
    const error = el('p', { class: 'form-error', role: 'alert' });
    const save = el('button', { type: 'button', class: 'primary', id: 'slide-submit' }, t('save'));
    const { close } = openDialog(
      t('slide_save'),
      el(
        'div',
        {},
        field(t('slide_name'), name),
        field(t('slide_title'), title),
        field(t('slide_note'), note),
        error,
        save,
      ),
      { id: 'slide-dialog' },
    );
    save.addEventListener('click', async () => {
      const v = { ...this.view, present: false, slide: null, whatIf: null };
      try {
        const r = await sendJson<{ id: number }>('/api/slides', 'POST', {
          province: this.view.province,
          name: name.value.trim(),
          title: title.value.trim(),
          note: note.value.trim() || null,
          view: serializeView(v as ViewState),
        });
        close();
        this.view.slide = r.id;
        await this.loadSlides();
        void this.renderPresentationOverlay();
        this.syncUrl();
      } catch (e) {
        error.textContent = (e as Error).message;
      }
    });
  }

  private exportContext(): ExportContext {
    return {
      map: this.map,
      title: this.presentTitle(),
      subtitle: `${t(`ind_${this.view.indicator}`)} · ${t('legend_month', { m: this.view.month ?? '' })} · ${new Date().toISOString().slice(0, 10)}`,
      demo: this.demo,
      scheme: this.scheme,
      showSites: this.view.layers.has('sites'),
    };
  }

  private async exportPng(): Promise<void> {
    try {
      const canvas = await renderMapImage(this.exportContext(), 2);
      download(await canvasBlob(canvas), `phusong-${this.view.province ?? 'all'}-${this.view.month ?? ''}.png`);
    } catch (e) {
      reportError((e as Error).message);
    }
  }

  private async exportPdf(): Promise<void> {
    try {
      const kpis = await this.kpis();
      const districts = this.data.districts
        .filter((d) => !this.view.province || d.province_code === this.view.province)
        .slice(0, 30);
      const rows = await Promise.all(
        districts.map(async (d) => {
          const s = await api.summary
            .$get({ query: { district: d.code, ...(this.view.month ? { month: this.view.month } : {}) } })
            .then((r) => unwrap(r, getLang()));
          return {
            name: d.name,
            cells: [
              formatNumber(s.subscribers_2g),
              formatPercent(s.share_smartphone),
              formatNumber(s.sites_2g_switched_off),
            ],
          };
        }),
      );
      const pdf = await renderBrief(this.exportContext(), {
        figures: kpis.map((k) => [k.label, k.value]),
        header: [t('district'), t('subscribers_2g'), t('share_smartphone'), t('cat_2g_off')],
        districts: rows,
      });
      download(
        new Blob([pdf as BlobPart], { type: 'application/pdf' }),
        `phusong-brief-${this.view.province ?? 'all'}-${this.view.month ?? ''}.pdf`,
      );
    } catch (e) {
      reportError((e as Error).message);
    }
  }

  private async loadCharts(): Promise<void> {
    const box = this.shell.charts;
    box.hidden = !this.view.charts;
    if (!this.view.charts) return;
    const blocks: { title: string; rows: SeriesRow[] }[] = [];
    const get = (q: string) => sendJson<{ months: SeriesRow[] }>(`/api/series?${q}`, 'GET');
    const p = this.view.province && this.data.provinces.find((x) => x.code === this.view.province);
    blocks.push({ title: p ? p.name : t('all_area'), rows: (await get(p ? `province=${p.code}` : '')).months });
    const d = this.view.district && this.data.districts.find((x) => x.code === this.view.district);
    if (d) blocks.push({ title: d.name, rows: (await get(`district=${d.code}`)).months });
    renderCharts(box, blocks);
  }

  /** Before / after: the same indicator for another month, beside the map, cameras locked together. */
  private async loadCompare(): Promise<void> {
    if (!this.view.compare) {
      this.compareView?.close();
      this.compareView = null;
      return;
    }
    this.compareView ??= openCompare(this.map, this.shell.map.parentElement!);
    const month = this.view.compare;
    try {
      const communes = await this.fetchLatest('compare', (init) =>
        api.communes
          .$get(
            {
              query: {
                ...(this.view.province ? { province: this.view.province } : {}),
                month,
                zoom: String(communeZoomBucket(this.map.getZoom()) ?? 12),
              },
            },
            { init },
          )
          .then((r) => unwrap(r, getLang())),
      );
      const scheme = this.scheme;
      this.compareView?.update({
        districts: this.districtsGeo,
        communes,
        scheme,
        district: this.view.district,
        label: t('legend_month', { m: month }),
        mainLabel: t('legend_month', { m: this.view.month ?? '' }),
      });
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  private setCompare(month: string | null): void {
    this.view.compare = month;
    void this.loadCompare();
    this.renderMeetings();
    this.syncUrl();
  }

  /** The sidebar's meeting tools: present, charts, communication reports, exports. */
  private renderMeetings(): void {
    const root = this.shell.meetings;
    root.replaceChildren();
    const button = (label: Parameters<typeof t>[0], id: string, f: () => void) => {
      const b = el('button', { type: 'button', id }, t(label));
      b.addEventListener('click', f);
      return b;
    };
    const charts = el('input', { type: 'checkbox', id: 'charts-toggle' });
    charts.checked = this.view.charts;
    charts.addEventListener('change', () => {
      this.view.charts = charts.checked;
      void this.loadCharts();
      this.syncUrl();
    });
    const compare = el('select', { id: 'compare-month' });
    compare.append(el('option', { value: '' }, '—'));
    for (const m of this.data.months) {
      const o = el('option', { value: m }, m);
      o.selected = m === this.view.compare;
      compare.append(o);
    }
    compare.addEventListener('change', () => this.setCompare(compare.value || null));
    root.append(
      el('h2', {}, t('present')),
      el('div', { class: 'checks' }, el('label', { for: 'charts-toggle' }, charts, el('span', {}, t('charts')))),
      field(t('compare'), compare),
      el(
        'div',
        { class: 'buttons' },
        button('present', 'present-start', () => this.setPresenting(true)),
        button('export_png', 'export-png', () => void this.exportPng()),
        button('export_pdf', 'export-pdf', () => void this.exportPdf()),
      ),
    );
    if (this.view.province && this.view.month) {
      const province = this.view.province;
      const month = this.view.month;
      root.append(
        el(
          'div',
          { class: 'buttons' },
          button(
            'comm_reports',
            'comm-reports',
            () =>
              void openCommReports({
                province,
                month,
                districts: this.data.districts.filter((d) => d.province_code === province),
              }).catch((e: Error) => reportError(e.message)),
          ),
        ),
      );
    }
  }

  private async searchApi(q: string, signal: AbortSignal): Promise<SearchHit[]> {
    const body = await api.search.$get({ query: { q } }, { init: { signal } }).then((r) => unwrap(r, getLang()));
    return body.results as SearchHit[];
  }

  // ---- rendering ---------------------------------------------------------------------------------

  private applyChoropleth(): void {
    const visible = this.view.layers.has('communes');
    const values = (this.communes?.features ?? [])
      .map((f) => f.properties[this.view.indicator])
      .filter((x): x is number => typeof x === 'number');
    this.scheme = visible ? classScheme(this.view.indicator, values) : null;
    if (this.scheme) {
      this.map.setPaintProperty(LAYER_IDS.communeFill, 'fill-color', fillColorExpression(this.scheme) as never);
    }
    this.map.setLayoutProperty(LAYER_IDS.communeFill, 'visibility', visible ? 'visible' : 'none');
    const districtFilter = this.view.district ? ['==', ['get', 'district_code'], this.view.district] : null;
    this.map.setFilter(LAYER_IDS.communeFill, districtFilter as never);
    this.map.setFilter(LAYER_IDS.communeLine, districtFilter as never);
    const sel = this.view.selection?.kind === 'commune' ? this.view.selection.code : '';
    this.map.setFilter(LAYER_IDS.communeSelected, ['==', ['get', 'code'], sel]);
    this.renderLegend();
  }

  private renderLegend(): void {
    renderLegend(this.shell.legend, {
      scheme: this.scheme,
      month: this.view.month,
      showSites: this.view.layers.has('sites'),
      asOf: this.view.month ? monthEnd(this.view.month) : null,
      note:
        this.view.indicator === 'coverage_4g'
          ? (this.coverageNote ?? (this.view.province ? null : t('need_province')))
          : null,
      gaps: this.view.layers.has('gaps'),
    });
  }

  private renderDeck(): void {
    if (!this.overlay) return;
    const communeLabels: LabelDatum[] = (this.communes?.features ?? [])
      .filter((f) => !this.view.district || f.properties.district_code === this.view.district)
      .map((f) => ({ position: f.properties.label, text: f.properties.name.replace(/^(Xã|Phường|Thị trấn) /, '') }));
    const zoom = this.map.getZoom();
    const project = (p: [number, number]) => this.map.project(p);
    const size = { width: this.map.getCanvas().clientWidth, height: this.map.getCanvas().clientHeight };
    const selectedSite = this.view.selection?.kind === 'site' ? this.view.selection.id : null;
    this.overlay.setProps({
      layers: [
        ...coverageLayers({
          gaps: this.gaps,
          footprints: this.footprints,
          showGaps: this.view.layers.has('gaps'),
          showFootprints: this.view.layers.has('footprints'),
          hypothetical: this.view.whatIf?.add ?? [],
        }),
        ...siteLayers({
          data: this.sites,
          selectedId: selectedSite,
          visible: this.view.layers.has('sites'),
          marked: new Set(this.view.whatIf?.switchOff ?? []),
        }),
        ...labelLayers({
          districts: zoom < COMMUNE_LABEL_ZOOM ? declutter(this.districtLabels, project, 14, size) : [],
          communes: zoom >= COMMUNE_LABEL_ZOOM ? declutter(communeLabels, project, 12, size) : [],
          zoom,
          visible: this.view.layers.has('labels'),
        }),
      ],
    });
  }

  private handlers(): ControlHandlers {
    return {
      area: (province, district) => {
        const provinceChanged = province !== this.view.province;
        this.view.province = province;
        this.view.district = district;
        this.renderControls();
        this.shell.relabel();
        this.fitArea(true);
        if (provinceChanged) {
          void this.loadDistricts();
          void this.loadCommunes();
        } else {
          this.applyChoropleth();
          this.renderDeck();
        }
        void this.loadSites();
        void this.loadCharts();
        this.syncUrl();
      },
      month: (month) => {
        this.setMonth(month);
        if (this.view.selection) void this.openSelection();
      },
      indicator: (indicator) => {
        this.view.indicator = indicator;
        this.applyChoropleth();
        void this.loadCompare();
        if (this.view.selection?.kind === 'commune') void this.openSelection();
        this.syncUrl();
      },
      layer: (layer: LayerId, on: boolean) => {
        if (on) this.view.layers.add(layer);
        else this.view.layers.delete(layer);
        this.applyChoropleth();
        if (layer === 'sites') void this.loadSites();
        if (layer === 'gaps' || layer === 'footprints') void this.loadCoverageLayers();
        this.renderDeck();
        this.syncUrl();
      },
      filter: (name, value) => {
        this.view[name] = value;
        void this.loadSites();
        this.syncUrl();
      },
      scenario: (scenario) => {
        this.view.scenario = scenario;
        void this.loadCoverage();
        this.syncUrl();
      },
      ranking: (open) => {
        this.view.ranking = open;
        void this.loadRanking();
        this.syncUrl();
      },
    };
  }

  private renderControls(): void {
    const on = this.handlers();
    renderControls(this.shell.controls, this.data, this.view, on);
    renderCoverageControls(this.shell.coverage, this.view, on);
    this.renderMeetings();
    this.renderWhatIfControls();
  }

  // ---- stations (carriers and admins) -----------------------------------------------------------

  private editorContext(): EditorContext {
    return {
      provinces: this.data.provinces,
      operators: this.data.operators,
      province: this.view.province,
      saved: (id) => {
        this.sites = [];
        void this.loadSites();
        void this.loadCoverage();
        this.select({ kind: 'site', id });
      },
    };
  }

  /** The buttons a site's panel offers to whoever may change it. */
  private siteActions(site: SiteDetail): HTMLElement | null {
    const p = site.properties;
    if (!canEdit(p.operator)) return null;
    const [lon, lat] = site.geometry.coordinates as [number, number];
    const ctx = this.editorContext();
    const button = (label: Parameters<typeof t>[0], id: string, f: () => void) => {
      const b = el('button', { type: 'button', id }, t(label));
      b.addEventListener('click', f);
      return b;
    };
    return el(
      'div',
      { class: 'buttons site-actions' },
      button('edit_site', 'site-edit', () =>
        openEditSite(ctx, {
          id: p.id,
          operator: p.operator,
          site_code: p.site_code,
          name: p.name,
          province_code: p.province_code,
          lat,
          lon,
          antenna_height_m: p.antenna_height_m,
          band_mhz: p.band_mhz,
          sectors: p.sectors,
        }),
      ),
      button('add_event', 'site-add-event', () => openAddEvent(ctx, p)),
      button('retire_site', 'site-retire', () => openRetire(ctx, p)),
    );
  }

  /** The sidebar's station section: add, import, export, and the change log for admins. */
  private renderStations(): void {
    const root = this.shell.stations;
    root.replaceChildren();
    const user = currentUser();
    const v = this.view;
    const q = new URLSearchParams();
    if (v.province) q.set('province', v.province);
    if (v.district) q.set('district', v.district);
    if (v.operator) q.set('operator', v.operator);
    if (v.category) q.set('category', v.category);
    if (v.month) q.set('as_of', monthEnd(v.month));
    const link = (format: 'csv' | 'xlsx', label: Parameters<typeof t>[0]) => {
      q.set('format', format);
      return el(
        'a',
        { href: `/api/sites/export?${q}`, class: 'button', id: `export-${format}`, download: '' },
        t(label),
      );
    };
    root.append(
      el('h2', {}, t('stations')),
      el('div', { class: 'buttons' }, link('csv', 'export_csv'), link('xlsx', 'export_xlsx')),
    );
    if (!user || user.role === 'viewer') return;
    const add = el('button', { type: 'button', id: 'add-site' }, t('add_site'));
    add.addEventListener('click', () => openCreateSite(this.editorContext()));
    const imp = el('button', { type: 'button', id: 'import-sites' }, t('import_sites'));
    imp.addEventListener('click', () =>
      openImport({ provinces: this.data.provinces, province: this.view.province, done: () => void this.loadSites() }),
    );
    root.append(el('div', { class: 'buttons' }, add, imp));
    if (user.role === 'admin') {
      const log = el('button', { type: 'button', id: 'audit-log' }, t('audit_log'));
      log.addEventListener('click', () => void this.openAuditLog());
      const data = el('button', { type: 'button', id: 'import-data' }, t('import_data'));
      data.addEventListener('click', () =>
        openDataImport({
          provinces: this.gsoProvinces,
          province: this.view.province,
          months: this.data.months,
          done: () => {
            void this.loadDistricts();
            void this.loadCommunes();
          },
        }),
      );
      root.append(el('div', { class: 'buttons' }, log, data));
    }
  }

  private async openAuditLog(): Promise<void> {
    try {
      const r = await sendJson<{
        rows: { at: string; actor: string; via: string; entity: string; entity_id: string; action: string }[];
      }>('/api/audit?limit=200', 'GET');
      const table = el(
        'table',
        { class: 'ranking-table' },
        ...r.rows.map((x) =>
          el(
            'tr',
            {},
            el('td', {}, x.at.slice(0, 16).replace('T', ' ')),
            el('td', {}, x.actor),
            el('td', {}, x.via),
            el('td', {}, `${x.entity} ${x.entity_id}`),
            el('td', {}, x.action),
          ),
        ),
      );
      openDialog(t('audit_log'), table, { id: 'audit-dialog', wide: true });
    } catch (e) {
      reportError((e as Error).message);
    }
  }

  private relabel(): void {
    renderAccount(this.shell.account);
    this.renderStations();
    this.renderControls();
    this.shell.relabel();
    this.renderLegend();
    if (this.view.selection) void this.openSelection();
  }

  // ---- camera and selection -----------------------------------------------------------------------

  private areaBbox(): BBox {
    const d = this.view.district && this.data.districtAreas.find((x) => x.code === this.view.district);
    if (d && d.bbox) return d.bbox as BBox;
    const p = this.view.province && this.data.provinceAreas.find((x) => x.code === this.view.province);
    if (p && p.bbox) return p.bbox as BBox;
    const all = this.data.provinceAreas.map((x) => x.bbox).filter((b): b is number[] => !!b);
    if (all.length === 0) return VIET_NAM;
    return [
      Math.min(...all.map((b) => b[0]!)),
      Math.min(...all.map((b) => b[1]!)),
      Math.max(...all.map((b) => b[2]!)),
      Math.max(...all.map((b) => b[3]!)),
    ];
  }

  /** Room kept around an area the map is fitted to. */
  private padding(): number {
    return 40;
  }

  private fitArea(animate: boolean): void {
    this.fitBox(this.areaBbox(), animate);
  }

  /**
   * Shows a bbox. The padding is used to compute the camera only, never left on the map: deck.gl's
   * interleaved layers draw against the unpadded viewport.
   */
  private fitBox(b: BBox, animate: boolean, maxZoom = 16): void {
    const cam = this.map.cameraForBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: this.padding(), maxZoom },
    );
    if (!cam) return;
    const target = { center: cam.center, zoom: cam.zoom ?? this.map.getZoom(), bearing: 0 };
    if (animate) this.map.flyTo({ ...target, duration: 1200 });
    else this.map.jumpTo(target);
  }

  private async openSelection(): Promise<void> {
    const sel = this.view.selection;
    const close = () => this.select(null);
    try {
      if (!sel) return hidePanel(this.shell.panel);
      if (sel.kind === 'commune') {
        const body = await this.fetchLatest('panel', (init) =>
          api.communes[':code'].$get({ param: { code: sel.code } }, { init }).then((r) => unwrap(r, getLang())),
        );
        showCommune(this.shell.panel, body as unknown as CommuneDetail, this.view.month, this.view.indicator, close);
        const bbox = (body as unknown as { properties: { bbox: number[] | null } }).properties.bbox;
        if (this.flyToSelection && bbox) {
          this.flyToSelection = false;
          this.fitBox(bbox as BBox, false, 13);
        }
      } else {
        const body = await this.fetchLatest('panel', (init) =>
          api.sites[':id']
            .$get(
              { param: { id: String(sel.id) }, query: this.view.month ? { as_of: monthEnd(this.view.month) } : {} },
              { init },
            )
            .then((r) => unwrap(r, getLang())),
        );
        const site = body as unknown as SiteDetail;
        showSite(this.shell.panel, site, close, this.siteActions(site));
        const history = el('div', { class: 'history-box', id: 'site-history' });
        this.shell.panel.append(history);
        void renderHistory(history, site.properties.id).catch(() => undefined);
      }
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  private select(sel: ViewState['selection']): void {
    this.view.selection = sel;
    if (this.map.getLayer(LAYER_IDS.communeSelected)) {
      this.map.setFilter(LAYER_IDS.communeSelected, ['==', ['get', 'code'], sel?.kind === 'commune' ? sel.code : '']);
    }
    this.renderDeck();
    void this.openSelection();
    this.syncUrl();
  }

  private onSearchPick(hit: SearchHit): void {
    if (hit.type === 'province' || hit.type === 'district') {
      const district = hit.type === 'district' ? hit.code : null;
      const provinceChanged = hit.province_code !== this.view.province;
      this.view.province = hit.province_code;
      this.view.district = district;
      this.renderControls();
      this.shell.relabel();
      this.fitArea(true);
      if (provinceChanged) {
        void this.loadDistricts();
        void this.loadCommunes();
      } else this.applyChoropleth();
      this.showAreaPanel(hit);
      this.syncUrl();
      return;
    }
    if (hit.bbox) this.fitBox(hit.bbox as BBox, true, hit.type === 'site' ? 15 : 13);
    if (hit.type === 'commune') this.select({ kind: 'commune', code: hit.code });
    if (hit.type === 'site' && hit.id) this.select({ kind: 'site', id: hit.id });
  }

  /** A district or province chosen in the search: its key figures for the month in the panel. */
  private async showAreaPanel(hit: SearchHit): Promise<void> {
    this.view.selection = null;
    try {
      const body = await this.fetchLatest('panel', (init) =>
        api.summary
          .$get(
            {
              query: {
                ...(hit.type === 'district' ? { district: hit.code } : { province: hit.code }),
                ...(this.view.month ? { month: this.view.month } : {}),
              },
            },
            { init },
          )
          .then((r) => unwrap(r, getLang())),
      );
      const panel = this.shell.panel;
      panel.replaceChildren();
      const close = el('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
      close.addEventListener('click', () => hidePanel(panel));
      const rows: [string, string][] = [
        [t('code'), hit.code],
        [t('subscribers'), formatNumber(body.subscribers)],
        [t('subscribers_2g'), formatNumber(body.subscribers_2g)],
        [t('share_2g'), formatPercent(body.share_2g)],
        [t('households_without_smartphone'), formatNumber(body.households_without_smartphone)],
        [t('share_smartphone'), formatPercent(body.share_smartphone)],
        [t('cat_2g_off'), formatNumber(body.sites_2g_switched_off)],
        [t('cat_4g_new'), formatNumber(body.sites_4g_new)],
        [t('cat_4g_upgraded'), formatNumber(body.sites_4g_upgraded)],
      ];
      panel.append(
        el(
          'div',
          { class: 'panel-head' },
          el('small', {}, t(hit.type)),
          el('h2', { id: 'panel-title' }, hit.name),
          close,
        ),
        el('p', { class: 'legend-sub' }, t('legend_month', { m: body.month ?? '' })),
        el('table', { class: 'facts' }, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))),
      );
      panel.dataset.kind = hit.type;
      panel.dataset.code = hit.code;
      panel.hidden = false;
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  }

  // ---- pointer ------------------------------------------------------------------------------------

  private pickSite(e: MapMouseEvent): PickingInfo<SiteDatum> | null {
    const info = this.overlay.pickObject({
      x: e.point.x,
      y: e.point.y,
      radius: 6,
      layerIds: ['sites', 'site-clusters'],
    });
    return info?.object ? (info as PickingInfo<SiteDatum>) : null;
  }

  private onHover(e: MapMouseEvent): void {
    const tip = this.shell.tooltip;
    const site = this.pickSite(e);
    let text: string[] | null = null;
    if (site?.object?.kind === 'site') {
      const s = site.object;
      text = [s.site_code + (s.name ? ` — ${s.name}` : ''), `${s.operator} · ${t(`cat_${s.category}`)}`];
    } else if (site?.object?.kind === 'cluster') {
      const c = site.object;
      text = [
        t('cluster', { n: formatNumber(c.count) }),
        ...Object.entries(c.counts).map(([k, n]) => `${t(`cat_${k}` as 'cat_off')}: ${formatNumber(n)}`),
      ];
    } else if (this.view.layers.has('communes')) {
      const f = this.map.queryRenderedFeatures(e.point, { layers: [LAYER_IDS.communeFill] })[0];
      if (f) {
        const p = f.properties as CommuneProps;
        const v = p[this.view.indicator];
        const value =
          typeof v === 'number' ? (this.view.indicator.startsWith('share_') ? formatPercent(v) : formatNumber(v)) : '—';
        text = [p.name, `${p.district_name}`, `${t(`ind_${this.view.indicator}`)}: ${value}`];
      }
    }
    this.map.getCanvas().style.cursor = text ? 'pointer' : '';
    if (!text) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...text.map((line, i) => el(i === 0 ? 'b' : 'div', {}, line)));
    tip.style.left = `${e.point.x + 14}px`;
    tip.style.top = `${e.point.y + 14}px`;
    tip.hidden = false;
  }

  private onClick(e: MapMouseEvent): void {
    const site = this.pickSite(e);
    if (site?.object?.kind === 'cluster') {
      this.map.easeTo({ center: site.object.position, zoom: Math.min(site.object.expansionZoom + 0.5, 16) });
      return;
    }
    if (this.whatIfActive) return this.whatIfClick(e, site?.object?.kind === 'site' ? site.object : null);
    if (site?.object?.kind === 'site') return this.select({ kind: 'site', id: site.object.id });
    const f = this.view.layers.has('communes')
      ? this.map.queryRenderedFeatures(e.point, { layers: [LAYER_IDS.communeFill] })[0]
      : undefined;
    if (f) this.select({ kind: 'commune', code: (f.properties as CommuneProps).code });
  }

  private syncUrlNow(): void {
    clearTimeout(this.urlTimer);
    history.replaceState(null, '', `${location.pathname}?${serializeView(this.view)}`);
  }

  private syncUrl(): void {
    if (this.data) this.renderStations();
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => {
      const q = serializeView(this.view);
      history.replaceState(null, '', `${location.pathname}?${q}`);
    }, 50);
  }
}
