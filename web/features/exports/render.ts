// Exports that work offline, drawn in the browser: a PNG of the map with title, legend and date at twice
// the screen resolution, and the A4 map sheet at 300 dpi. The PDFs made of these images are in ./pdf.ts.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import type { ClassScheme } from '../../layers/classes.ts';
import { NO_DATA_COLOR } from '../../../common/palette.ts';
import { drawIcon } from '../../layers/site-icons.ts';
import { deckOf } from '../../layers/deck-private.ts';
import type { SiteCategory } from '../../../common/site-state.ts';
import { formatNumber, formatPercent, t } from '../../i18n/index.ts';
import { BOUNDARY_ATTRIBUTION } from '../../../common/unit-sets.ts';

export interface ExportContext {
  map: MapLibreMap;
  overlay: MapboxOverlay | null;
  title: string;
  subtitle: string;
  demo: boolean;
  scheme: ClassScheme | null;
  showSites: boolean;
  /** Before / after: the second map and each pane's month; both panes are exported side by side. */
  compare?: {
    map: MapLibreMap;
    overlay: MapboxOverlay | null;
    label: string;
    mainLabel: string;
    mode: 'side' | 'swipe';
    /** Swipe: where the divider is, as a fraction of the width. */
    split: number;
  } | null;
}

export const FONT = 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
const CATEGORIES: SiteCategory[] = ['2g_off', '4g_new', '4g_upgraded', '4g_active', '2g_active', 'planned'];

/** Waits for the map to draw again (after a size or pixel-ratio change). */
function nextIdle(map: MapLibreMap): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 4000);
    map.once('idle', () => {
      clearTimeout(timer);
      resolve();
    });
    map.triggerRepaint();
  });
}

/**
 * The map canvas at `ratio` × its CSS size, copied out before the ratio is restored. deck.gl draws into
 * the same canvas but sizes its viewport from what it last observed of it: it is told the export's size
 * too, or its sites and labels come out at half size in the bottom-left quarter.
 */
async function snapshot(map: MapLibreMap, overlay: MapboxOverlay | null, ratio: number): Promise<HTMLCanvasElement> {
  const before = map.getPixelRatio();
  const src = map.getCanvas();
  const surface = overlay ? (deckOf(overlay)?.device?.canvasContext ?? null) : null;
  map.setPixelRatio(ratio);
  surface?.setDrawingBufferSize(src.width, src.height);
  await nextIdle(map);
  const copy = document.createElement('canvas');
  copy.width = src.width;
  copy.height = src.height;
  copy.getContext('2d')!.drawImage(src, 0, 0);
  map.setPixelRatio(before);
  surface?.setDrawingBufferSize(src.width, src.height);
  map.triggerRepaint();
  return copy;
}

function drawLegend(ctx: CanvasRenderingContext2D, c: ExportContext, x: number, y: number, s: number): void {
  const lines: ((cx: number, cy: number) => void)[] = [];
  const row = 22 * s;
  if (c.scheme) {
    const sc = c.scheme;
    const fmt = (v: number) => (sc.percent ? formatPercent(v, 0) : formatNumber(v));
    lines.push((cx, cy) => {
      ctx.font = `bold ${15 * s}px ${FONT}`;
      ctx.fillText(t(`ind_${sc.indicator}`), cx, cy);
    });
    sc.colors.forEach((color, i) => {
      const lo = i === 0 ? undefined : sc.breaks[i - 1];
      const hi = sc.breaks[i];
      const label = lo === undefined ? `< ${fmt(hi!)}` : hi === undefined ? `≥ ${fmt(lo)}` : `${fmt(lo)} – ${fmt(hi)}`;
      lines.push((cx, cy) => {
        ctx.fillStyle = color;
        ctx.fillRect(cx, cy - 12 * s, 24 * s, 14 * s);
        ctx.strokeStyle = '#888';
        ctx.strokeRect(cx, cy - 12 * s, 24 * s, 14 * s);
        ctx.fillStyle = '#111';
        ctx.font = `${13 * s}px ${FONT}`;
        ctx.fillText(label, cx + 32 * s, cy);
      });
    });
    lines.push((cx, cy) => {
      ctx.fillStyle = NO_DATA_COLOR;
      ctx.fillRect(cx, cy - 12 * s, 24 * s, 14 * s);
      ctx.fillStyle = '#111';
      ctx.fillText(t('no_data'), cx + 32 * s, cy);
    });
  }
  if (c.showSites) {
    lines.push((cx, cy) => {
      ctx.font = `bold ${15 * s}px ${FONT}`;
      ctx.fillText(t('sites_legend'), cx, cy);
    });
    for (const cat of CATEGORIES) {
      lines.push((cx, cy) => {
        ctx.save();
        ctx.translate(cx, cy - 16 * s);
        ctx.scale((20 * s) / 48, (20 * s) / 48);
        drawIcon(ctx, cat);
        ctx.restore();
        ctx.fillStyle = '#111';
        ctx.font = `${13 * s}px ${FONT}`;
        ctx.fillText(t(`cat_${cat}`), cx + 32 * s, cy);
      });
    }
  }
  if (lines.length === 0) return;
  const w = 260 * s;
  const h = lines.length * row + 16 * s;
  ctx.fillStyle = 'rgba(255,255,255,0.94)';
  ctx.fillRect(x, y - h, w, h);
  ctx.strokeStyle = '#bbb';
  ctx.strokeRect(x, y - h, w, h);
  ctx.fillStyle = '#111';
  lines.forEach((draw, i) => draw(x + 12 * s, y - h + 8 * s + (i + 1) * row - 6 * s));
}

/** The map with a title band, the legend and the date, at `ratio` × screen resolution. */
export async function renderMapImage(c: ExportContext, ratio = 2): Promise<HTMLCanvasElement> {
  const map = await snapshot(c.map, c.overlay, ratio);
  const second = c.compare ? await snapshot(c.compare.map, c.compare.overlay, ratio) : null;
  const swipe = c.compare?.mode === 'swipe';
  const s = ratio;
  const band = 74 * s;
  const out = document.createElement('canvas');
  out.width = map.width + (second && !swipe ? second.width : 0);
  const mapHeight = Math.max(map.height, second?.height ?? 0);
  const footer = footerLayout(out.width, s);
  out.height = band + mapHeight + footer.height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(map, 0, band);
  if (second && c.compare && swipe) {
    // As on the screen: the other month right of the divider, drawn over the map.
    const x = Math.round(map.width * c.compare.split);
    ctx.drawImage(second, x, 0, second.width - x, second.height, x, band, second.width - x, second.height);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x - s, band, 3 * s, mapHeight);
    ctx.font = `bold ${15 * s}px ${FONT}`;
    drawBadge(ctx, c.compare.mainLabel, x - ctx.measureText(c.compare.mainLabel).width - 28 * s, band + 12 * s, s);
    drawBadge(ctx, c.compare.label, x + 12 * s, band + 12 * s, s);
  } else if (second && c.compare) {
    ctx.drawImage(second, map.width, band);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(map.width - s, band, 2 * s, mapHeight);
    drawBadge(ctx, c.compare.mainLabel, 12 * s, band + 12 * s, s);
    drawBadge(ctx, c.compare.label, map.width + 12 * s, band + 12 * s, s);
  }
  // The demo label keeps its corner; a long title gets smaller until it ends before the label does.
  ctx.font = `bold ${14 * s}px ${FONT}`;
  const demoText = c.demo ? t('demo_banner') : '';
  const demoWidth = c.demo ? ctx.measureText(demoText).width + 32 * s : 0;
  let titleSize = 26;
  ctx.font = `bold ${titleSize * s}px ${FONT}`;
  while (titleSize > 14 && ctx.measureText(c.title).width > out.width - demoWidth - 32 * s) {
    titleSize -= 1;
    ctx.font = `bold ${titleSize * s}px ${FONT}`;
  }
  ctx.fillStyle = '#111';
  ctx.fillText(c.title, 16 * s, 32 * s);
  ctx.font = `${15 * s}px ${FONT}`;
  ctx.fillStyle = '#444';
  ctx.fillText(c.subtitle, 16 * s, 58 * s);
  if (c.demo) {
    ctx.fillStyle = '#b35c00';
    ctx.font = `bold ${14 * s}px ${FONT}`;
    ctx.fillText(demoText, out.width - demoWidth + 16 * s, 32 * s);
  }
  const mapBottom = band + mapHeight;
  drawLegend(ctx, c, 12 * s, mapBottom - 10 * s, s);
  drawFooter(ctx, footer, mapBottom, out.width, s);
  const paneWidth = second && !swipe ? map.width : out.width;
  drawNorthArrow(ctx, paneWidth - 34 * s, band + 70 * s, s, c.map.getBearing());
  drawScaleBar(ctx, c.map, paneWidth - 16 * s, mapBottom - 16 * s, s);
  return out;
}

/** One line of the footer band, in screen pixels. */
const FOOTER_LINE = 20;

/**
 * The footer band under the map: where the figures come from (left) and the boundary publisher's
 * attribution (right; their terms ask for it), on one line when both fit side by side, else one under
 * the other. Neither covers the map.
 */
function footerLayout(width: number, s: number): { height: number; oneLine: boolean } {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = `${11 * s}px ${FONT}`;
  const both = ctx.measureText(t('export_source')).width + ctx.measureText(BOUNDARY_ATTRIBUTION).width;
  const oneLine = both + 48 * s <= width;
  return { height: (oneLine ? FOOTER_LINE : 2 * FOOTER_LINE) * s, oneLine };
}

function drawFooter(
  ctx: CanvasRenderingContext2D,
  footer: { height: number; oneLine: boolean },
  top: number,
  width: number,
  s: number,
): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, top, width, footer.height);
  ctx.font = `${11 * s}px ${FONT}`;
  ctx.fillStyle = '#333';
  const baseline = top + (FOOTER_LINE - 6) * s;
  ctx.fillText(t('export_source'), 12 * s, baseline);
  const w = ctx.measureText(BOUNDARY_ATTRIBUTION).width;
  ctx.fillText(BOUNDARY_ATTRIBUTION, width - w - 12 * s, footer.oneLine ? baseline : baseline + FOOTER_LINE * s);
}

/** A north arrow turned with the map's bearing, with the page's word for north. */
function drawNorthArrow(ctx: CanvasRenderingContext2D, x: number, y: number, s: number, bearing: number): void {
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.beginPath();
  ctx.arc(x, y, 24 * s, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#888';
  ctx.lineWidth = s;
  ctx.stroke();
  ctx.translate(x, y);
  ctx.rotate((-bearing * Math.PI) / 180);
  ctx.fillStyle = '#111';
  ctx.beginPath();
  ctx.moveTo(0, -16 * s);
  ctx.lineTo(8 * s, 10 * s);
  ctx.lineTo(0, 4 * s);
  ctx.lineTo(-8 * s, 10 * s);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
  ctx.font = `bold ${12 * s}px ${FONT}`;
  ctx.fillStyle = '#111';
  const n = t('north_letter');
  ctx.fillText(n, x - ctx.measureText(n).width / 2, y - 28 * s);
}

/**
 * A scale bar of a round length (1, 2 or 5 × 10ⁿ m) about 120 screen pixels long at the map's centre
 * latitude, right-aligned at `right`; `s` export pixels per screen pixel.
 */
function drawScaleBar(ctx: CanvasRenderingContext2D, map: MapLibreMap, right: number, y: number, s: number): void {
  const lat = map.getCenter().lat;
  const metresPerPx = (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  const target = 120 * metresPerPx;
  const pow = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= target) ?? pow;
  const w = (metres / metresPerPx) * s;
  const text = metres >= 1000 ? `${formatNumber(metres / 1000)} km` : `${formatNumber(metres)} m`;
  const x = right - w;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x - 8 * s, y - 22 * s, w + 16 * s, 30 * s);
  ctx.fillStyle = '#111';
  ctx.fillRect(x, y, w, 3 * s);
  ctx.fillRect(x, y - 6 * s, 2 * s, 9 * s);
  ctx.fillRect(x + w - 2 * s, y - 6 * s, 2 * s, 9 * s);
  ctx.font = `${12 * s}px ${FONT}`;
  ctx.fillText(text, x + w / 2 - ctx.measureText(text).width / 2, y - 8 * s);
}

/** A4 landscape at 300 dpi, in pixels. */
export const A4_300DPI = { width: 3508, height: 2480 };

/**
 * The map sheet on A4 landscape at 300 dpi: the map is drawn at three times an A4-shaped size in screen
 * pixels (its container given that size for the moment), so the sheet shows what the screen shows around
 * the same centre, at print resolution.
 */
export async function renderA4Sheet(c: ExportContext): Promise<HTMLCanvasElement> {
  const ratio = 3;
  const band = 74 * ratio;
  const container = c.map.getContainer();
  const saved = container.getAttribute('style');
  container.style.right = 'auto';
  container.style.bottom = 'auto';
  container.style.width = `${Math.floor(A4_300DPI.width / ratio)}px`;
  const footer = footerLayout(A4_300DPI.width, ratio).height;
  container.style.height = `${Math.floor((A4_300DPI.height - band - footer) / ratio)}px`;
  c.map.resize();
  try {
    const image = await renderMapImage(c, ratio);
    const sheet = document.createElement('canvas');
    sheet.width = A4_300DPI.width;
    sheet.height = A4_300DPI.height;
    const ctx = sheet.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, sheet.width, sheet.height);
    const k = Math.min(sheet.width / image.width, sheet.height / image.height);
    ctx.drawImage(image, (sheet.width - image.width * k) / 2, 0, image.width * k, image.height * k);
    return sheet;
  } finally {
    if (saved === null) container.removeAttribute('style');
    else container.setAttribute('style', saved);
    c.map.resize();
  }
}

/** A pane's month, top left of the pane, as the screen's badge. */
function drawBadge(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, s: number): void {
  ctx.font = `bold ${15 * s}px ${FONT}`;
  const w = ctx.measureText(text).width + 16 * s;
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  ctx.fillRect(x, y, w, 26 * s);
  ctx.strokeStyle = '#999';
  ctx.strokeRect(x, y, w, 26 * s);
  ctx.fillStyle = '#111';
  ctx.fillText(text, x + 8 * s, y + 18 * s);
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export const canvasBlob = (c: HTMLCanvasElement) =>
  new Promise<Blob>((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/png'),
  );
