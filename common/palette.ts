// The map's colours, shared by the page and by what the server hands to other tools (the QGIS project):
// ColorBrewer's sequential YlOrRd where more is worse and YlGnBu where more is better (readable for
// colour-blind viewers and in greyscale print), and one Okabe–Ito colour per site category.
import type { SiteCategory } from './site-state.ts';

export const YL_OR_RD = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
export const YL_GN_BU = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
export const NO_DATA_COLOR = '#d9d9d9';

/** Fixed class breaks of the share indicators (lower bounds of classes 2..5). */
export const SHARE_BREAKS = {
  share_sunset: [0.05, 0.1, 0.15, 0.25],
  share_smartphone: [0.85, 0.9, 0.95, 0.98],
  coverage_4g: [0.5, 0.8, 0.95, 0.99],
} as const;

export const CATEGORY_COLORS: Record<SiteCategory, string> = {
  '2g_off': '#D55E00',
  '4g_new': '#0072B2',
  '4g_upgraded': '#56B4E9',
  '4g_active': '#009E73',
  '2g_active': '#E69F00',
  planned: '#555555',
  off: '#999999',
};

/** 4G gap cells on the map: red-purple, drawn at 60 % opacity. */
export const GAP_RGBA: [number, number, number, number] = [200, 0, 80, 150];
