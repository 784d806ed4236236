// One shape and one colour per site category (Okabe–Ito palette, safe for colour-blind viewers), drawn
// into an icon atlas at start-up: shapes keep the categories apart in greyscale print too.
import type { SiteCategory } from '../../common/site-state.ts';
import { CATEGORY_COLORS } from '../../common/palette.ts';

const SHAPES: Record<SiteCategory, Shape> = {
  '2g_off': 'cross',
  '4g_new': 'triangle',
  '4g_upgraded': 'diamond',
  '4g_active': 'circle',
  '2g_active': 'square',
  planned: 'ring',
  off: 'cross',
};
export const CATEGORY_STYLE = Object.fromEntries(
  Object.entries(SHAPES).map(([k, shape]) => [k, { color: CATEGORY_COLORS[k as SiteCategory], shape }]),
) as Record<SiteCategory, { color: string; shape: Shape }>;

type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'ring';
const SIZE = 48;

function path(ctx: CanvasRenderingContext2D, shape: Shape, s: number) {
  const c = s / 2;
  const r = s * 0.36;
  ctx.beginPath();
  switch (shape) {
    case 'circle':
    case 'ring':
      ctx.arc(c, c, r, 0, Math.PI * 2);
      break;
    case 'square':
      ctx.rect(c - r * 0.85, c - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'triangle':
      ctx.moveTo(c, c - r * 1.05);
      ctx.lineTo(c + r * 1.05, c + r * 0.8);
      ctx.lineTo(c - r * 1.05, c + r * 0.8);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(c, c - r * 1.1);
      ctx.lineTo(c + r * 1.1, c);
      ctx.lineTo(c, c + r * 1.1);
      ctx.lineTo(c - r * 1.1, c);
      ctx.closePath();
      break;
    case 'cross': {
      const w = r * 0.42;
      ctx.moveTo(c - r, c - r + w);
      ctx.lineTo(c - r + w, c - r);
      ctx.lineTo(c, c - w);
      ctx.lineTo(c + r - w, c - r);
      ctx.lineTo(c + r, c - r + w);
      ctx.lineTo(c + w, c);
      ctx.lineTo(c + r, c + r - w);
      ctx.lineTo(c + r - w, c + r);
      ctx.lineTo(c, c + w);
      ctx.lineTo(c - r + w, c + r);
      ctx.lineTo(c - r, c + r - w);
      ctx.lineTo(c - w, c);
      ctx.closePath();
      break;
    }
  }
}

/** Draws one icon into a 2D context at its natural size. */
export function drawIcon(ctx: CanvasRenderingContext2D, category: SiteCategory, size = SIZE): void {
  const { color, shape } = CATEGORY_STYLE[category];
  ctx.save();
  ctx.lineJoin = 'round';
  path(ctx, shape, size);
  ctx.lineWidth = size * 0.12;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  if (shape === 'ring') {
    ctx.lineWidth = size * 0.1;
    ctx.strokeStyle = color;
    ctx.stroke();
  } else {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = size * 0.03;
    ctx.strokeStyle = '#222222';
    ctx.stroke();
  }
  ctx.restore();
}

export interface IconAtlas {
  /** Handed to deck.gl as an image, not a data: URL, which deck would fetch() and our CSP (connect-src 'self') blocks. */
  image: HTMLCanvasElement;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }>;
}

let atlas: IconAtlas | undefined;

export function iconAtlas(): IconAtlas {
  if (atlas) return atlas;
  const cats = Object.keys(CATEGORY_STYLE) as SiteCategory[];
  const canvas = document.createElement('canvas');
  canvas.width = SIZE * cats.length;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d')!;
  const mapping: IconAtlas['mapping'] = {};
  cats.forEach((cat, i) => {
    ctx.save();
    ctx.translate(i * SIZE, 0);
    drawIcon(ctx, cat);
    ctx.restore();
    mapping[cat] = { x: i * SIZE, y: 0, width: SIZE, height: SIZE, mask: false };
  });
  atlas = { image: canvas, mapping };
  return atlas;
}

/** A small canvas with the icon, for the legend. */
export function legendIcon(category: SiteCategory, size = 18): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = canvas.height = size * dpr;
  canvas.style.width = canvas.style.height = `${size}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.scale((size * dpr) / SIZE, (size * dpr) / SIZE);
  drawIcon(ctx, category);
  return canvas;
}
