// Self-intersections of a polygon's rings, found with a spatial index over its segments (flatbush): each
// segment is tested only against the segments whose boxes it overlaps, so a real boundary of n vertices
// costs O(n log n) rather than the O(n²) of testing every pair (turf's kinks took 10 s for 40,000
// vertices and over 17 minutes for a valid 1,000,000-vertex circle). A shape whose segments all overlap
// one another (a star) still costs more per vertex: the work is bounded by a budget of pair tests.
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

export interface RingCheck {
  /** Where rings cross or touch themselves or each other (at most `max` of them). */
  crossings: Position[];
  /** The pair-test budget ran out before the check finished: the shape is too intricate to check. */
  tooComplex: boolean;
}

/** Rings without repeated consecutive points (a zero-length segment is not a crossing). */
function clean(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  return out;
}

const orient = (a: Position, b: Position, c: Position) => {
  const v = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
};
const onSegment = (a: Position, b: Position, p: Position) =>
  Math.min(a[0]!, b[0]!) <= p[0]! &&
  p[0]! <= Math.max(a[0]!, b[0]!) &&
  Math.min(a[1]!, b[1]!) <= p[1]! &&
  p[1]! <= Math.max(a[1]!, b[1]!);

/** The point where segments ab and cd meet, or null. */
export function meet(a: Position, b: Position, c: Position, d: Position): Position | null {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const den = (b[0]! - a[0]!) * (d[1]! - c[1]!) - (b[1]! - a[1]!) * (d[0]! - c[0]!);
    const t = ((c[0]! - a[0]!) * (d[1]! - c[1]!) - (c[1]! - a[1]!) * (d[0]! - c[0]!)) / den;
    return [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
  }
  // Touching or overlapping: a point of one segment lies on the other.
  if (o1 === 0 && onSegment(a, b, c)) return c;
  if (o2 === 0 && onSegment(a, b, d)) return d;
  if (o3 === 0 && onSegment(c, d, a)) return a;
  if (o4 === 0 && onSegment(c, d, b)) return b;
  return null;
}

/**
 * Checks the rings of one polygon (shell and holes) for segments that cross or touch, other than each
 * segment and its neighbours in the same ring. Stops after `max` crossings, or when `budget` pair tests
 * have been made (then `tooComplex`).
 */
export function ringCrossings(rings: Position[][], max = 1, budget = 20_000_000): RingCheck {
  const cleaned = rings.map(clean);
  const n = cleaned.reduce((s, r) => s + Math.max(0, r.length - 1), 0);
  if (n === 0) return { crossings: [], tooComplex: false };
  const ringOf = new Int32Array(n);
  const indexInRing = new Int32Array(n);
  const ringLength = cleaned.map((r) => Math.max(0, r.length - 1));
  const starts: Position[] = new Array(n);
  const ends: Position[] = new Array(n);
  const index = new Flatbush(n);
  let k = 0;
  cleaned.forEach((ring, r) => {
    for (let i = 0; i + 1 < ring.length; i++, k++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      ringOf[k] = r;
      indexInRing[k] = i;
      starts[k] = a;
      ends[k] = b;
      index.add(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
    }
  });
  index.finish();
  const crossings: Position[] = [];
  let tests = 0;
  const neighbours = (i: number, j: number) => {
    if (ringOf[i] !== ringOf[j]) return false;
    const len = ringLength[ringOf[i]!]!;
    const d = Math.abs(indexInRing[i]! - indexInRing[j]!);
    return d === 1 || d === len - 1;
  };
  for (let i = 0; i < n; i++) {
    const a = starts[i]!;
    const b = ends[i]!;
    const found = index.search(
      Math.min(a[0]!, b[0]!),
      Math.min(a[1]!, b[1]!),
      Math.max(a[0]!, b[0]!),
      Math.max(a[1]!, b[1]!),
    );
    for (const j of found) {
      if (j <= i || neighbours(i, j)) continue;
      if (++tests > budget) return { crossings, tooComplex: true };
      const p = meet(a, b, starts[j]!, ends[j]!);
      if (p) {
        crossings.push(p);
        if (crossings.length >= max) return { crossings, tooComplex: false };
      }
    }
  }
  return { crossings, tooComplex: false };
}
