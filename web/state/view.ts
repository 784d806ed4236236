// The whole view of the page — camera, area, month, indicator, layers, filters, selection, language —
// kept in the URL, so a pasted link reproduces what the sender saw.
import type { RankingWeights } from '../../common/ranking.ts';
import { TABLE_COLUMNS, type TableColumn } from '../features/table/rows.ts';
import type { Lang } from '../i18n/index.ts';
import { SUNSET_TECHS, type SunsetTech } from '../../common/sunsets.ts';

/** The first two follow the chosen sunset: 2G-only subscribers for 2G, those losing service for 3G. */
export const INDICATORS = [
  'share_sunset',
  'subscribers_sunset',
  'households_without_smartphone',
  'share_smartphone',
  'coverage_4g',
] as const;
export type Indicator = (typeof INDICATORS)[number];
/** Indicators of links made before the 3G sunset was configurable: the 2G programme's. */
const LEGACY_INDICATORS: Record<string, Indicator> = { share_2g: 'share_sunset', subscribers_2g: 'subscribers_sunset' };
export const LAYERS = ['communes', 'sites', 'labels', 'gaps', 'footprints'] as const;
/** Layers shown when the URL names none. */
export const DEFAULT_LAYERS: readonly LayerId[] = ['communes', 'sites', 'labels'];
export const SCENARIOS = ['current', 'planned'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type LayerId = (typeof LAYERS)[number];

export interface Camera {
  zoom: number;
  lat: number;
  lng: number;
  bearing: number;
}

export interface ViewState {
  camera: Camera | null;
  province: string | null;
  district: string | null;
  month: string | null;
  indicator: Indicator;
  layers: Set<LayerId>;
  operator: string | null;
  tech: string | null;
  category: string | null;
  selection: { kind: 'commune'; code: string } | { kind: 'site'; id: number } | null;
  scenario: Scenario;
  /** The ranking table beside the map is open. */
  ranking: boolean;
  /** The commune table beside the map is open. */
  table: boolean;
  /** The commune table's order (null: the map's indicator, largest first). */
  tableSort: { key: TableColumn | 'name'; desc: boolean } | null;
  /** The ranking formula's weights, when the user changed them (null: the documented defaults). */
  weights: RankingWeights | null;
  /** A what-if scenario being built or shared (null: none). */
  whatIf: WhatIfState | null;
  /** Presentation mode (full-screen map with title and key figures). */
  present: boolean;
  /** The saved view being shown. */
  slide: number | null;
  /** The charts beside the map are open. */
  charts: boolean;
  /** The figures as reported in the units before 1 July 2025 are open beside the map. */
  asReported: boolean;
  /** Before/after: the month shown beside the current one (null: no comparison). */
  compare: string | null;
  /** How the compared month is shown: beside the map, or under a draggable divider across it. */
  compareMode: 'side' | 'swipe';
  /** The date stations are shown at, whatever the indicator month (null: today). */
  sitesAt: string | null;
  /** The sunset programme every figure and label follows (2G by default). */
  sunset: SunsetTech;
  lang: Lang;
}

export interface WhatIfState {
  /** Sites whose sunset technology is switched off. */
  switchOff: number[];
  /** Switched off at every site of the province. */
  all?: boolean;
  /** Its spectrum refarmed to LTE on this band at each site that loses it. */
  refarm?: 900 | 2100 | null;
  add: {
    lon: number;
    lat: number;
    band_mhz: number;
    antenna_height_m: number;
    sectors?: { azimuth_deg: number; beamwidth_deg: number }[];
  }[];
}

export function defaultView(): ViewState {
  return {
    camera: null,
    province: null,
    district: null,
    month: null,
    indicator: 'share_sunset',
    layers: new Set(DEFAULT_LAYERS),
    operator: null,
    tech: null,
    category: null,
    selection: null,
    scenario: 'current',
    ranking: false,
    weights: null,
    table: false,
    tableSort: null,
    whatIf: null,
    present: false,
    slide: null,
    charts: false,
    asReported: false,
    compare: null,
    compareMode: 'side',
    sitesAt: null,
    sunset: '2G',
    lang: 'vi',
  };
}

/** What-if scenarios travel in the URL as base64url JSON: a link is the saved scenario. */
export function encodeWhatIf(w: WhatIfState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(w));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeWhatIf(s: string): WhatIfState | null {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const w = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as WhatIfState;
    const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
    if (!Array.isArray(w.switchOff) || !Array.isArray(w.add)) return null;
    if (!w.switchOff.every((id) => Number.isInteger(id) && id > 0)) return null;
    if (!w.add.every((a) => finite(a.lon) && finite(a.lat) && finite(a.band_mhz) && finite(a.antenna_height_m)))
      return null;
    return {
      switchOff: w.switchOff.slice(0, 500),
      add: w.add.slice(0, 50),
      ...(w.all === true ? { all: true } : {}),
      ...(w.refarm === 900 || w.refarm === 2100 ? { refarm: w.refarm } : {}),
    };
  } catch {
    return null;
  }
}

const num = (s: string | undefined) => (s !== undefined && s !== '' && Number.isFinite(Number(s)) ? Number(s) : null);

/** Reads a view from a query string; anything malformed falls back to the default. */
export function parseView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const v = defaultView();
  const cam = q.get('cam')?.split('/');
  if (cam && cam.length >= 3) {
    const [zoom, lat, lng, bearing] = cam.map((x) => num(x));
    if (
      zoom !== null &&
      lat !== null &&
      lng !== null &&
      zoom! >= 0 &&
      zoom! <= 22 &&
      Math.abs(lat!) <= 85 &&
      Math.abs(lng!) <= 180
    ) {
      v.camera = { zoom: zoom!, lat: lat!, lng: lng!, bearing: bearing ?? 0 };
    }
  }
  const code = (s: string | null, len: number) => (s && new RegExp(`^\\d{${len}}$`).test(s) ? s : null);
  v.province = code(q.get('p'), 2);
  v.district = code(q.get('d'), 3);
  const m = q.get('m');
  v.month = m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : null;
  const ind = q.get('i');
  if (ind && (INDICATORS as readonly string[]).includes(ind)) v.indicator = ind as Indicator;
  if (ind && LEGACY_INDICATORS[ind]) v.indicator = LEGACY_INDICATORS[ind];
  const sun = q.get('sun');
  if (sun && (SUNSET_TECHS as readonly string[]).includes(sun)) v.sunset = sun as SunsetTech;
  if (q.has('l')) {
    v.layers = new Set(
      q
        .get('l')!
        .split(',')
        .filter((x): x is LayerId => (LAYERS as readonly string[]).includes(x)),
    );
  }
  const word = (s: string | null) => (s && /^[a-z0-9_]{1,32}$/i.test(s) ? s : null);
  v.operator = word(q.get('op'));
  v.tech = word(q.get('tech'));
  v.category = word(q.get('cat'));
  const sel = q.get('sel');
  if (sel?.startsWith('c:') && /^\d{5}$/.test(sel.slice(2))) v.selection = { kind: 'commune', code: sel.slice(2) };
  if (sel?.startsWith('s:') && /^\d+$/.test(sel.slice(2))) v.selection = { kind: 'site', id: Number(sel.slice(2)) };
  v.scenario = q.get('sc') === 'planned' ? 'planned' : 'current';
  v.ranking = q.get('rank') === '1';
  v.table = q.get('tbl') === '1';
  const ts = /^([a-z0-9_]+)\.(a|d)$/.exec(q.get('ts') ?? '');
  if (ts && (ts[1] === 'name' || (TABLE_COLUMNS as readonly string[]).includes(ts[1]!)))
    v.tableSort = { key: ts[1] as TableColumn | 'name', desc: ts[2] === 'd' };
  const rw = q.get('rw')?.split(',').map(Number);
  if (rw && rw.length === 3 && rw.every((x) => Number.isFinite(x) && x >= 0 && x <= 1))
    v.weights = { share2g: rw[0]!, uncovered: rw[1]!, withoutSmartphone: rw[2]! };
  const wi = q.get('wi');
  v.whatIf = wi ? decodeWhatIf(wi) : null;
  v.present = q.get('present') === '1';
  const slide = q.get('slide');
  v.slide = slide && /^\d{1,9}$/.test(slide) ? Number(slide) : null;
  v.charts = q.get('charts') === '1';
  v.asReported = q.get('rep') === '1';
  const cmp = q.get('cmp');
  v.compare = cmp && /^\d{4}-(0[1-9]|1[0-2])$/.test(cmp) ? cmp : null;
  v.compareMode = q.get('cmpm') === 'swipe' ? 'swipe' : 'side';
  const at = q.get('at');
  v.sitesAt = at && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(at) ? at : null;
  v.lang = q.get('lang') === 'en' ? 'en' : 'vi';
  return v;
}

export function serializeView(v: ViewState): string {
  const q = new URLSearchParams();
  if (v.camera) {
    const c = v.camera;
    q.set('cam', [c.zoom.toFixed(2), c.lat.toFixed(5), c.lng.toFixed(5), Math.round(c.bearing)].join('/'));
  }
  if (v.province) q.set('p', v.province);
  if (v.district) q.set('d', v.district);
  if (v.month) q.set('m', v.month);
  q.set('i', v.indicator);
  q.set('l', LAYERS.filter((l) => v.layers.has(l)).join(','));
  if (v.operator) q.set('op', v.operator);
  if (v.tech) q.set('tech', v.tech);
  if (v.category) q.set('cat', v.category);
  if (v.selection) q.set('sel', v.selection.kind === 'commune' ? `c:${v.selection.code}` : `s:${v.selection.id}`);
  if (v.scenario !== 'current') q.set('sc', v.scenario);
  if (v.ranking) q.set('rank', '1');
  if (v.table) q.set('tbl', '1');
  if (v.tableSort) q.set('ts', `${v.tableSort.key}.${v.tableSort.desc ? 'd' : 'a'}`);
  if (v.weights) q.set('rw', [v.weights.share2g, v.weights.uncovered, v.weights.withoutSmartphone].join(','));
  if (v.whatIf) q.set('wi', encodeWhatIf(v.whatIf));
  if (v.present) q.set('present', '1');
  if (v.slide !== null) q.set('slide', String(v.slide));
  if (v.charts) q.set('charts', '1');
  if (v.asReported) q.set('rep', '1');
  if (v.compare) q.set('cmp', v.compare);
  if (v.compare && v.compareMode === 'swipe') q.set('cmpm', 'swipe');
  if (v.sitesAt) q.set('at', v.sitesAt);
  if (v.sunset !== '2G') q.set('sun', v.sunset);
  if (v.lang !== 'vi') q.set('lang', v.lang);
  return q.toString().replace(/%2F/g, '/').replace(/%2C/g, ',').replace(/%3A/g, ':');
}
