// Before / after: a second map showing the same indicator for another month with the same classes, both
// cameras locked together — beside the first ("side"), or over it under a draggable divider ("swipe":
// the other month right of the divider). The second map draws the place names too, and in swipe mode the
// legend stays above both.
import { Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { buildStyle, LABEL_FADE_MS, LAYER_IDS, SOURCES, formerDistrictFilter } from '../../map/style.ts';
import { fillColorExpression, type ClassScheme } from '../../layers/classes.ts';
import { el } from '../../ui/dom.ts';
import { t } from '../../i18n/index.ts';

export type CompareMode = 'side' | 'swipe';

export interface CompareView {
  mode: CompareMode;
  /** The second map, and the months each pane shows (for exports). */
  pane(): {
    map: MapLibreMap;
    overlay: MapboxOverlay | null;
    label: string;
    mainLabel: string;
    mode: CompareMode;
    split: number;
  };
  close(): void;
  /** The two months' badges only, in the page's language (after a language switch). */
  relabel(label: string, mainLabel: string): void;
  update(data: {
    outlines: unknown;
    communes: unknown;
    scheme: ClassScheme | null;
    district: string | null;
    label: string;
    mainLabel: string;
  }): void;
}

/** Draws deck.gl layers (the place names) into a map; given by the caller, which owns deck.gl. */
export type LabelPainter = (map: MapLibreMap) => {
  draw(layers: (map: MapLibreMap) => Layer[]): void;
  remove(): void;
  /** The overlay, for the exports (they draw it at the export's size). */
  overlay: MapboxOverlay;
};

export function openCompare(
  main: MapLibreMap,
  wrap: HTMLElement,
  mode: CompareMode,
  labels: { painter: Promise<LabelPainter>; layers: (map: MapLibreMap) => Layer[] },
): CompareView {
  const container = el('div', { class: `map-b ${mode}`, id: 'map-b' });
  const badgeB = el('div', { class: 'compare-badge right', id: 'compare-after' });
  const badgeA = el('div', { class: 'compare-badge left', id: 'compare-before' });
  const divider =
    mode === 'swipe'
      ? el(
          'div',
          {
            class: 'swipe-divider',
            id: 'swipe-divider',
            role: 'separator',
            'aria-orientation': 'vertical',
            tabindex: 0,
          },
          el('span', { class: 'swipe-handle', title: t('swipe_drag') }, '⟷'),
        )
      : null;
  wrap.classList.add(mode === 'swipe' ? 'comparing-swipe' : 'comparing');
  wrap.append(container, badgeA, badgeB, ...(divider ? [divider] : []));
  // Side by side, the main map's container just became half as wide; resize again once the overlay has
  // drawn, because deck.gl's interleaved layer can restore the old drawing-buffer size on the frame after.
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
    fadeDuration: LABEL_FADE_MS,
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

  // Swipe: the second map covers the first and is cut away left of the divider (as a fraction of the width).
  let split = 0.5;
  const place = () => {
    if (!divider) return;
    const pct = `${(split * 100).toFixed(2)}%`;
    container.style.clipPath = `inset(0 0 0 ${pct})`;
    divider.style.left = pct;
    badgeA.style.right = `calc(${(100 - split * 100).toFixed(2)}% + 12px)`;
    badgeB.style.left = `calc(${pct} + 12px)`;
    divider.setAttribute('aria-valuenow', String(Math.round(split * 100)));
  };
  if (divider) {
    const moveTo = (clientX: number) => {
      const r = wrap.getBoundingClientRect();
      split = Math.min(0.98, Math.max(0.02, (clientX - r.left) / r.width));
      place();
    };
    divider.addEventListener('pointerdown', (e) => {
      divider.setPointerCapture(e.pointerId);
      const move = (ev: PointerEvent) => moveTo(ev.clientX);
      const up = () => {
        divider.removeEventListener('pointermove', move);
        divider.removeEventListener('pointerup', up);
      };
      divider.addEventListener('pointermove', move);
      divider.addEventListener('pointerup', up);
      e.preventDefault();
    });
    divider.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      split = Math.min(0.98, Math.max(0.02, split + (e.key === 'ArrowLeft' ? -0.05 : 0.05)));
      place();
      e.preventDefault();
    });
    place();
  }

  // Place names on the second map, redrawn as it moves.
  let painter: ReturnType<LabelPainter> | null = null;
  const drawLabels = () => painter?.draw(labels.layers);
  void labels.painter.then((make) => {
    if (!container.isConnected) return;
    painter = make(other);
    drawLabels();
  });
  other.on('moveend', drawLabels);

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
    drawLabels();
  };
  other.on('load', () => {
    a();
    if (pending) apply(pending);
  });
  return {
    mode,
    update: apply,
    relabel(label, mainLabel) {
      badgeA.textContent = mainLabel;
      badgeB.textContent = label;
    },
    pane: () => ({
      map: other,
      overlay: painter?.overlay ?? null,
      label: badgeB.textContent ?? '',
      mainLabel: badgeA.textContent ?? '',
      mode,
      split,
    }),
    close() {
      main.off('move', a);
      painter?.remove();
      other.remove();
      container.remove();
      badgeA.remove();
      badgeB.remove();
      divider?.remove();
      wrap.classList.remove('comparing', 'comparing-swipe');
      main.resize();
      settle();
    },
  };
}
