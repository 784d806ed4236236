// Camera moves the page makes by itself: fit the chosen area, a bbox, or a commune.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../../state/store.ts';
import type { ViewState } from '../../state/view.ts';
import type { BBox, Camera, Meta, PageData } from '../../app/context.ts';

const VIET_NAM: BBox = [102.1, 8.4, 109.6, 23.4];
/** Room kept around an area the map is fitted to. */
const PADDING = 40;
/** What is drawn over the map: the legend, and in presentation mode the title, key figures and bar. */
const OVERLAYS = '.legend, .present-head, .kpis, .present-bar';
/** An overlay is left out of the fit when keeping clear of it would leave less than this share of the map. */
const MIN_FREE = 0.45;

/**
 * Padding that keeps a fitted area off the overlays: each visible overlay is kept clear of on the side
 * where that costs the least room (a legend at the bottom left widens the left or the bottom padding,
 * whichever is narrower), as long as enough of the map stays free.
 */
function freePadding(map: MapLibreMap): { top: number; right: number; bottom: number; left: number } {
  const box = map.getContainer().getBoundingClientRect();
  const pad = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const el of document.querySelectorAll<HTMLElement>(OVERLAYS)) {
    const r = el.getBoundingClientRect();
    // A hidden overlay (or one inside a hidden block) has no size.
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= box.left || r.left >= box.right || r.bottom <= box.top || r.top >= box.bottom) continue;
    const sides = [
      ['left', r.right - box.left, box.width],
      ['right', box.right - r.left, box.width],
      ['top', r.bottom - box.top, box.height],
      ['bottom', box.bottom - r.top, box.height],
    ] as const;
    const [side, need] = sides
      .filter(([, need, span]) => need / span <= 1 - MIN_FREE)
      .sort((a, b) => a[1] / a[2] - b[1] / b[2])[0] ?? [null, 0];
    if (side) pad[side] = Math.max(pad[side], need);
  }
  // Never more than the map can spare in either direction.
  if (pad.left + pad.right > box.width * (1 - MIN_FREE)) pad.left = pad.right = 0;
  if (pad.top + pad.bottom > box.height * (1 - MIN_FREE)) pad.top = pad.bottom = 0;
  return {
    top: pad.top + PADDING,
    right: pad.right + PADDING,
    bottom: pad.bottom + PADDING,
    left: pad.left + PADDING,
  };
}

export function createCamera(map: MapLibreMap, meta: Meta, view: Store<ViewState>, data: Store<PageData>): Camera {
  const areaBbox = (): BBox => {
    const v = view.get();
    const d = v.district && meta.districtAreas.find((x) => x.code === v.district);
    if (d && d.bbox) return d.bbox as BBox;
    const p = v.province && meta.provinceAreas.find((x) => x.code === v.province);
    if (p && p.bbox) return p.bbox as BBox;
    const all = meta.provinceAreas.map((x) => x.bbox).filter((b): b is number[] => !!b);
    if (all.length === 0) return VIET_NAM;
    return [
      Math.min(...all.map((b) => b[0]!)),
      Math.min(...all.map((b) => b[1]!)),
      Math.max(...all.map((b) => b[2]!)),
      Math.max(...all.map((b) => b[3]!)),
    ];
  };

  /**
   * Shows a bbox in the room the overlays leave free. The padding is used to compute the camera only,
   * never left on the map: deck.gl's interleaved layers draw against the unpadded viewport.
   */
  const fitBox = (b: BBox, animate: boolean, maxZoom = 16) => {
    const cam = map.cameraForBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: freePadding(map), maxZoom },
    );
    if (!cam) return;
    const target = { center: cam.center, zoom: cam.zoom ?? map.getZoom(), bearing: 0 };
    if (animate) map.flyTo({ ...target, duration: 1200 });
    else map.jumpTo(target);
  };

  return {
    fitArea: (animate) => fitBox(areaBbox(), animate),
    fitBox,
    flyToCommune(code) {
      const f = data.get().communes?.features.find((x) => x.properties.code === code);
      if (f) map.flyTo({ center: f.properties.label, zoom: Math.max(map.getZoom(), 11.5), duration: 1200 });
      view.set({ selection: { kind: 'commune', code } });
    },
  };
}
