// Geometry validity benchmark: the self-intersection check of boundary imports (a spatial index over
// segments) against turf's kinks (every pair of segments) on the same rings, in the same process, and
// the whole boundary check (limits, crossings, bounded repair) on the shapes that once stalled the
// server: a valid 1,000,000-vertex circle and a 1,001-point star.
import * as turf from '@turf/turf';
import type { Feature, Position } from 'geojson';
import { ringCrossings } from '../../server/analysis/ring-check.ts';
import { checkGeometry } from '../../server/domain/boundary-import.ts';

const circle = (n: number): Position[] => {
  const r: Position[] = [];
  for (let i = 0; i < n; i++) r.push([105 + Math.cos((2 * Math.PI * i) / n), 21 + Math.sin((2 * Math.PI * i) / n)]);
  return [...r, r[0]!];
};
const star = (n: number): Position[] => {
  const r: Position[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i * (n >> 1)) / n;
    r.push([105 + Math.cos(t), 21 + Math.sin(t)]);
  }
  return [...r, r[0]!];
};
const time = <T>(f: () => T): [number, T] => {
  const t0 = performance.now();
  const v = f();
  return [performance.now() - t0, v];
};
const polygon = (ring: Position[]): Feature => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'Polygon', coordinates: [ring] },
});

export function benchGeometry() {
  console.log('\n== geometry validity (self-intersections) ==');
  for (const n of [5_000, 20_000]) {
    const ring = circle(n);
    const [kinksMs] = time(() => turf.kinks(turf.polygon([ring])));
    const [oursMs] = time(() => ringCrossings([ring]));
    console.log(
      `  circle of ${n.toLocaleString('en')} vertices: turf kinks ${kinksMs.toFixed(0)} ms, segment index ${oursMs.toFixed(1)} ms (${(kinksMs / oursMs).toFixed(0)}× faster)`,
    );
  }
  for (const n of [100_000, 400_000]) {
    const [ms] = time(() => ringCrossings([circle(n)]));
    console.log(`  circle of ${n.toLocaleString('en')} vertices: segment index ${ms.toFixed(0)} ms`);
  }
  for (const [name, ring] of [
    ['valid circle, 1,000,000 vertices', circle(1_000_000)],
    ['star, 1,001 points', star(1001)],
    [
      'bow tie, 5 points',
      [
        [105, 21],
        [106, 22],
        [106, 21],
        [105, 22],
        [105, 21],
      ] as Position[],
    ],
  ] as const) {
    const [ms, r] = time(() => checkGeometry(polygon(ring as Position[])));
    const what = 'error' in r ? `refused: ${r.error}` : (r.repaired ?? 'valid');
    console.log(`  boundary check, ${name}: ${ms.toFixed(0)} ms — ${what}`);
  }
}
