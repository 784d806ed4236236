// The whole view of the page — camera, area, month, indicator, layers, filters, selection, language —
// kept in the URL, so a pasted link reproduces what the sender saw.
import type { Lang } from '../i18n/index.ts';

export const INDICATORS = ['share_2g', 'subscribers_2g', 'households_without_smartphone', 'share_smartphone'] as const;
export type Indicator = (typeof INDICATORS)[number];
export const LAYERS = ['communes', 'sites', 'labels'] as const;
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
  lang: Lang;
}

export function defaultView(): ViewState {
  return {
    camera: null,
    province: null,
    district: null,
    month: null,
    indicator: 'share_2g',
    layers: new Set(LAYERS),
    operator: null,
    tech: null,
    category: null,
    selection: null,
    lang: 'vi',
  };
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
  if (v.lang !== 'vi') q.set('lang', v.lang);
  return q.toString().replace(/%2F/g, '/').replace(/%2C/g, ',').replace(/%3A/g, ':');
}
