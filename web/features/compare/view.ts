// Before / after: a second map beside the first, showing the same indicator for another month with the
// same classes, both cameras locked together.
import { Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import { buildStyle, LAYER_IDS, SOURCES, formerDistrictFilter } from '../../map/style.ts';
import { fillColorExpression, type ClassScheme } from '../../layers/classes.ts';
import { el } from '../../ui/dom.ts';

export interface CompareView {
  /** The second map, and the months each pane shows (for exports). */
  pane(): { map: MapLibreMap; label: string; mainLabel: string };
  close(): void;
  update(data: {
    outlines: unknown;
    communes: unknown;
    scheme: ClassScheme | null;
    district: string | null;
    label: string;
    mainLabel: string;
  }): void;
}

export function openCompare(main: MapLibreMap, wrap: HTMLElement): CompareView {
  const container = el('div', { class: 'map-b', id: 'map-b' });
  const badgeB = el('div', { class: 'compare-badge right', id: 'compare-after' });
  const badgeA = el('div', { class: 'compare-badge left', id: 'compare-before' });
  wrap.classList.add('comparing');
  wrap.append(container, badgeA, badgeB);
  // Its container just became half as wide; resize again once the overlay has drawn, because deck.gl's
  // interleaved layer can restore the old drawing-buffer size on the frame after a resize.
  const settle = () => requestAnimationFrame(() => main.resize());
  main.resize();
  settle();
  main.once('idle', settle);
  const other = new MapLibreMap({
    container,
    style: buildStyle(),
    center: main.getCenter(),
    zoom: main.getZoom(),
    bearing: main.getBearing(),
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  let syncing = false;
  const follow = (from: MapLibreMap, to: MapLibreMap) => () => {
    if (syncing) return;
    syncing = true;
    to.jumpTo({ center: from.getCenter(), zoom: from.getZoom(), bearing: from.getBearing(), pitch: from.getPitch() });
    syncing = false;
  };
  const a = follow(main, other);
  const b = follow(other, main);
  main.on('move', a);
  other.on('move', b);
  let pending: Parameters<CompareView['update']>[0] | null = null;
  const apply = (d: Parameters<CompareView['update']>[0]) => {
    badgeA.textContent = d.mainLabel;
    badgeB.textContent = d.label;
    if (!other.isStyleLoaded()) {
      pending = d;
      return;
    }
    (other.getSource(SOURCES.provinces) as GeoJSONSource).setData(d.outlines as GeoJSON.FeatureCollection);
    (other.getSource(SOURCES.communes) as GeoJSONSource).setData(d.communes as GeoJSON.FeatureCollection);
    if (d.scheme) other.setPaintProperty(LAYER_IDS.communeFill, 'fill-color', fillColorExpression(d.scheme) as never);
    const filter = formerDistrictFilter(d.district);
    other.setFilter(LAYER_IDS.communeFill, filter as never);
    other.setFilter(LAYER_IDS.communeLine, filter as never);
  };
  other.on('load', () => {
    a();
    if (pending) apply(pending);
  });
  return {
    update: apply,
    pane: () => ({ map: other, label: badgeB.textContent ?? '', mainLabel: badgeA.textContent ?? '' }),
    close() {
      main.off('move', a);
      other.remove();
      container.remove();
      badgeA.remove();
      badgeB.remove();
      wrap.classList.remove('comparing');
      main.resize();
      settle();
    },
  };
}
