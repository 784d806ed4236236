// Camera moves the page makes by itself: fit the chosen area, a bbox, or a commune.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Store } from '../../state/store.ts';
import type { ViewState } from '../../state/view.ts';
import type { BBox, Camera, Meta, PageData } from '../../app/context.ts';

const VIET_NAM: BBox = [102.1, 8.4, 109.6, 23.4];
/** Room kept around an area the map is fitted to. */
const PADDING = 40;

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
   * Shows a bbox. The padding is used to compute the camera only, never left on the map: deck.gl's
   * interleaved layers draw against the unpadded viewport.
   */
  const fitBox = (b: BBox, animate: boolean, maxZoom = 16) => {
    const cam = map.cameraForBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: PADDING, maxZoom },
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
