// Place names and cluster discs on the screen: the names keep clear of each other and of the discs, and
// a name whose place a disc covers sits at that disc's edge rather than far away or under it.
import { describe, expect, it } from 'vitest';
import { declutter, type Disc, type LabelDatum } from '../../web/layers/placement.ts';
import { createRng } from '../../server/demo/prng.ts';

// Positions are screen pixels already: the projection is the identity.
const project = ([x, y]: [number, number]) => ({ x, y });
const bounds = { width: 1000, height: 800 };
const SIZE = 14;
const label = (text: string, x: number, y: number): LabelDatum => ({ text, position: [x, y] });

/** The box declutter reserves for a label where it is drawn (its position plus its offset). */
function box(l: LabelDatum) {
  const w = l.text.length * SIZE * 0.58 + 6;
  const x = l.position[0] + (l.offset?.[0] ?? 0);
  const y = l.position[1] + (l.offset?.[1] ?? 0);
  return { x0: x - w / 2, x1: x + w / 2, y0: y - SIZE * 0.7, y1: y + SIZE * 0.7 };
}
function distanceToBox(d: Disc, b: ReturnType<typeof box>) {
  const [x, y] = d.position;
  return Math.hypot(x - Math.max(b.x0, Math.min(x, b.x1)), y - Math.max(b.y0, Math.min(y, b.y1)));
}

describe('place names beside cluster discs', () => {
  it('moves a name whose point a disc covers to the disc’s edge, with its count left clear', () => {
    const disc: Disc = { position: [500, 400], radius: 30 };
    const [hanoi] = declutter([label('Hà Nội', 505, 395)], project, SIZE, bounds, [disc]);
    expect(hanoi?.offset).toBeDefined();
    const b = box(hanoi!);
    expect(distanceToBox(disc, b)).toBeGreaterThanOrEqual(30);
    // At the edge, not further: the box is within a few pixels of the ring.
    expect(distanceToBox(disc, b)).toBeLessThanOrEqual(30 + 5);
  });

  it('tries the other sides of the disc when the first is taken, and leaves a name out when none is free', () => {
    const disc: Disc = { position: [500, 400], radius: 30 };
    // Below the disc is taken by a name placed before.
    const out = declutter([label('Thanh Hóa', 500, 448), label('Hà Nội', 500, 400)], project, SIZE, bounds, [disc]);
    expect(out.map((l) => l.text)).toEqual(['Thanh Hóa', 'Hà Nội']);
    expect(out[1]!.offset![1]).toBeLessThan(0); // above
    // Every side taken by other discs: the name is left out rather than sent elsewhere.
    const boxed = [
      disc,
      { position: [500, 470], radius: 30 },
      { position: [500, 330], radius: 30 },
      { position: [590, 400], radius: 30 },
      { position: [410, 400], radius: 30 },
    ] as Disc[];
    expect(declutter([label('Hà Nội', 500, 400)], project, SIZE, bounds, boxed)).toEqual([]);
  });

  it('leaves out, without moving it, a name whose box only grazes a disc', () => {
    const disc: Disc = { position: [500, 400], radius: 30 };
    // Its point is 36 px from the disc's centre: outside, but the text would run over the ring.
    expect(declutter([label('Quảng Ninh', 536, 400)], project, SIZE, bounds, [disc])).toEqual([]);
    // Far enough away, it stays where it is.
    expect(declutter([label('Quảng Ninh', 600, 400)], project, SIZE, bounds, [disc])).toEqual([
      label('Quảng Ninh', 600, 400),
    ]);
  });

  it('without discs, drops a name that overlaps one placed before it, as before', () => {
    const out = declutter([label('Hà Nội', 100, 100), label('Bắc Ninh', 110, 104)], project, SIZE, bounds);
    expect(out).toEqual([label('Hà Nội', 100, 100)]);
  });

  it('never draws a name over a disc or over another name, on random maps', () => {
    const rng = createRng(11);
    for (let map = 0; map < 50; map++) {
      const discs: Disc[] = Array.from({ length: 12 }, () => ({
        position: [rng.range(0, 1000), rng.range(0, 800)],
        radius: rng.range(10, 35),
      }));
      const labels = Array.from({ length: 40 }, (_, i) => label(`Tỉnh số ${i}`, rng.range(0, 1000), rng.range(0, 800)));
      const out = declutter(labels, project, SIZE, bounds, discs);
      expect(out.length).toBeGreaterThan(0);
      const boxes = out.map(box);
      for (const [i, b] of boxes.entries()) {
        for (const d of discs) expect(distanceToBox(d, b)).toBeGreaterThanOrEqual(d.radius);
        for (const o of boxes.slice(i + 1))
          expect(b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0).toBe(false);
      }
      // A moved name was under a disc, and it moved to that disc's edge: never further than the disc's
      // radius plus the name's own size from its point.
      for (const l of out.filter((o) => o.offset)) {
        const covering = discs.filter(
          (d) => Math.hypot(d.position[0] - l.position[0], d.position[1] - l.position[1]) < d.radius,
        );
        expect(covering.length).toBeGreaterThan(0);
        const w = l.text.length * SIZE * 0.58 + 6;
        const moved = Math.hypot(l.offset![0], l.offset![1]);
        expect(covering.some((d) => moved <= 2 * d.radius + w / 2 + 4)).toBe(true);
      }
    }
  });
});
