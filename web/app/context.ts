// What every feature of the page is handed: the view-state store (the single source of truth, which
// the URL follows), the store of loaded data, the page's frame, the map and its deck.gl overlay, the
// figures that do not change while the page is open, and the cancellable fetch. Features talk to each
// other only through the stores and the few actions below.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { today } from '../../common/month.ts';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { Store } from '../state/store.ts';
import type { ViewState } from '../state/view.ts';
import type { Shell } from '../ui/shell.ts';
import type { ClassScheme } from '../layers/classes.ts';
import type { SiteDatum } from '../layers/sites.ts';
import type { LabelDatum } from '../layers/placement.ts';
import type { FootprintDatum } from '../layers/coverage.ts';
import type { WhatIfSettings } from '../features/whatif/render.ts';
import type { ControlData } from '../features/controls/render.ts';

export type BBox = [number, number, number, number];

export interface Area {
  code: string;
  name: string;
  province_code?: string;
  bbox: number[] | null;
}

export interface CommuneProps {
  label: [number, number];
  code: string;
  name: string;
  district_code: string | null;
  district_name: string | null;
  estimated?: boolean;
  /** Set on the provinces the national view draws in the communes' place. */
  level?: 'province';
  [k: string]: unknown;
}
export interface CommuneCollection {
  type: 'FeatureCollection';
  features: { properties: CommuneProps }[];
}

export interface Slide {
  id: number;
  name: string;
  title: string;
  note: string | null;
  view: string;
}

/** Figures read once at start. */
export interface Meta extends ControlData {
  provinceAreas: Area[];
  districtAreas: Area[];
  demo: boolean;
  gsoProvinces: { code: string; name: string }[];
  basemap: string | null;
}

export interface WhatIfCells {
  closed: string[];
  lost: string[];
  footprints: FootprintDatum[];
}

/** What the page has loaded or is doing: derived from the view, never put in the URL. */
export interface PageData {
  communes: CommuneCollection | null;
  /** The communes are drawn from vector tiles (the whole country zoomed in); `communes` lists those loaded. */
  communeTiles: boolean;
  outlinesGeo: unknown;
  outlineLabels: LabelDatum[];
  sites: SiteDatum[];
  coverageByCode: Map<string, number>;
  /** What the province's coverage figures were computed from, for the legend's note (null: none shown). */
  coverageModel: CoverageModelInfo | null;
  gaps: string[];
  footprints: FootprintDatum[];
  scheme: ClassScheme | null;
  slides: Slide[];
  playing: boolean;
  whatIfActive: boolean;
  whatIfSettings: WhatIfSettings;
  /** The evaluated scenario on the map: gaps it closes, cells left without service, the new footprints. */
  whatIfCells: WhatIfCells | null;
  /** Bumped whenever the logged-in user changes. */
  session: number;
}

export interface CoverageModelInfo {
  model: string;
  resolution: number;
  sites: number;
  date: string;
}

export interface Loaders {
  outlines(): Promise<void>;
  communes(force?: boolean): Promise<void>;
  sites(force?: boolean): Promise<void>;
  coverage(): Promise<void>;
  coverageLayers(force?: boolean): Promise<void>;
  /** `relabel`: the language changed; the table shown is drawn again from its answer when it is current. */
  ranking(relabel?: boolean): Promise<void>;
}

export interface Camera {
  fitArea(animate: boolean): void;
  fitBox(b: BBox, animate: boolean, maxZoom?: number): void;
  /** Flies to a commune (from the ranking or a what-if result) and selects it. */
  flyToCommune(code: string): void;
}

export interface AppContext {
  view: Store<ViewState>;
  data: Store<PageData>;
  shell: Shell;
  meta: Meta;
  map: MapLibreMap;
  /** deck.gl's overlay, once it has joined the map (it is loaded after the first map is drawn). */
  overlay(): MapboxOverlay | null;
  load: Loaders;
  camera: Camera;
  /** A fetch that cancels the previous one with the same key. */
  fetchLatest<T>(key: string, run: (init: RequestInit) => Promise<T>): Promise<T>;
  /** Writes the URL now (a copied link must hold the latest view). */
  syncUrlNow(): void;
}

/**
 * The date stations are shown at: the one chosen, else today — never the indicator month's end, so a
 * station registered today is on the map whatever month the figures are of.
 */
export function stationDate(v: { sitesAt: string | null }): string {
  return v.sitesAt ?? today();
}

/** Zoom buckets for commune geometry: simplified for the zoomed-out views, full detail close up. */
export function communeZoomBucket(zoom: number): number | null {
  if (zoom < 8) return 7;
  if (zoom < 11) return 10;
  return null;
}

/** Runs `f` after changes to the given keys of either store. */
export function watch(
  ctx: Pick<AppContext, 'view' | 'data'>,
  viewKeys: readonly (keyof ViewState)[],
  dataKeys: readonly (keyof PageData)[],
  f: () => void,
): void {
  if (viewKeys.length) ctx.view.subscribe(viewKeys, f);
  if (dataKeys.length) ctx.data.subscribe(dataKeys, f);
}
