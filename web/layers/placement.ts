// Where place names go on the screen: greedy, most important first, never over a name already placed nor
// over a site cluster's disc (its count must stay readable). A name whose own point lies under a disc is
// moved to its edge rather than dropped: at the national view Hà Nội's and Sơn La's names sit at the edge
// of their clusters; a name with no room near its place is left out. Pure screen geometry, so it is tested
// without a browser.

export interface LabelDatum {
  position: [number, number];
  text: string;
  /** Pixels to move the text from its position (set when a disc was in the way). */
  offset?: [number, number];
}

/** Something drawn over the map that labels keep clear of: a disc of `radius` pixels. */
export interface Disc {
  position: [number, number];
  radius: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0;

/** Whether a box and a disc (centre x, y) share any pixel. */
function hits(box: Box, d: { x: number; y: number; r: number }): boolean {
  const dx = d.x - Math.max(box.x0, Math.min(d.x, box.x1));
  const dy = d.y - Math.max(box.y0, Math.min(d.y, box.y1));
  return dx * dx + dy * dy < d.r * d.r;
}

/** Gap in pixels between a moved name and the disc it was moved off. */
const GAP = 4;

/**
 * The labels to draw: those that overlap neither one already placed (in the given order: put the most
 * important first) nor a disc; a label whose point a disc covers is tried at the disc's edge: below it,
 * above, right, left. `project` maps a position to screen pixels; text width is estimated from its length.
 */
export function declutter(
  labels: LabelDatum[],
  project: (p: [number, number]) => { x: number; y: number },
  size: number,
  bounds: { width: number; height: number },
  discs: Disc[] = [],
): LabelDatum[] {
  const placed: Box[] = [];
  const out: LabelDatum[] = [];
  const shown = discs
    .map((d) => ({ ...project(d.position), r: d.radius }))
    .filter((d) => d.x > -d.r && d.y > -d.r && d.x < bounds.width + d.r && d.y < bounds.height + d.r);
  const half = size * 0.7;
  for (const l of labels) {
    const { x, y } = project(l.position);
    if (x < -50 || y < -20 || x > bounds.width + 50 || y > bounds.height + 20) continue;
    const w = l.text.length * size * 0.58 + 6;
    const boxAt = ([cx, cy]: [number, number]): Box => ({
      x0: cx - w / 2,
      y0: cy - half,
      x1: cx + w / 2,
      y1: cy + half,
    });
    const free = (b: Box) => !shown.some((d) => hits(b, d)) && !placed.some((p) => overlaps(b, p));
    // Moved only off a disc over its own point, and only to that disc's edge (below, above, right, left):
    // a name moved further would name the wrong place.
    const under = shown.filter((d) => (d.x - x) ** 2 + (d.y - y) ** 2 < d.r * d.r);
    const candidates: [number, number][] = [
      [x, y],
      ...under.flatMap((d): [number, number][] => [
        [x, d.y + d.r + half + GAP],
        [x, d.y - d.r - half - GAP],
        [d.x + d.r + w / 2 + GAP, d.y],
        [d.x - d.r - w / 2 - GAP, d.y],
      ]),
    ];
    const at = candidates.find((c) => free(boxAt(c)));
    if (!at) continue;
    placed.push(boxAt(at));
    out.push(at[0] === x && at[1] === y ? l : { ...l, offset: [at[0] - x, at[1] - y] });
  }
  return out;
}
