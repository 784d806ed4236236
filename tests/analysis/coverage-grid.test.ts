// Coverage on the H3 grid: inside one footprint is 100%, far from every site 0%, a constructed hole is
// found, sectors cover only their wedge, and adding a site never lowers any area's coverage.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { areaCells, areaCoverage, areaGrid, coverCells, indexFootprints } from '../../server/analysis/coverage-grid.ts';
import { readBoundaries2025 } from '../../server/domain/units-2025-files.ts';
import { covers, type Footprint } from '../../common/footprint.ts';
import { cellToLatLng, polygonToCells } from 'h3-js';

const at = (lon: number, lat: number, radiusKm: number, extra: Partial<Footprint> = {}): Footprint => ({
  siteId: Math.round(lon * 1e4 + lat * 1e2),
  tech: '4G',
  lon,
  lat,
  radiusKm,
  sectors: null,
  bandMhz: 1800,
  provenance: 'modelled',
  ...extra,
});

// A 2 km × 2 km square commune around (106.68, 20.86).
const square = turf.bboxPolygon([106.67, 20.85, 106.69, 20.87]).geometry as Polygon;

describe('areaCoverage', () => {
  it('a commune inside one footprint is 100% covered', () => {
    const r = areaCoverage(square, indexFootprints([at(106.68, 20.86, 5)]));
    expect(r.cells).toBeGreaterThan(20);
    expect(r.covered).toBe(r.cells);
    expect(r.gaps).toHaveLength(0);
  });

  it('a commune far from every site is 0% covered', () => {
    const r = areaCoverage(square, indexFootprints([at(105.5, 21.5, 5), at(107.5, 20.2, 8)]));
    expect(r.covered).toBe(0);
    expect(r.gaps).toHaveLength(r.cells);
  });

  it('finds a constructed gap: four sites around a hole in the middle', () => {
    const big = turf.bboxPolygon([106.6, 20.8, 106.76, 20.92]).geometry as Polygon;
    // Four 5 km discs at the corners of a 12 km square leave the centre (106.68, 20.86) uncovered.
    const fps = [at(106.625, 20.81, 5), at(106.735, 20.81, 5), at(106.625, 20.91, 5), at(106.735, 20.91, 5)];
    const r = areaCoverage(big, indexFootprints(fps));
    expect(r.gaps.length).toBeGreaterThan(0);
    expect(r.covered).toBeGreaterThan(0);
    const centres = r.gaps.map((c) => cellToLatLng(c));
    // Every gap cell is outside all four discs, and the centre of the hole is among the gaps.
    for (const [lat, lon] of centres) expect(fps.some((f) => covers(f, lon, lat))).toBe(false);
    const nearest = Math.min(...centres.map(([lat, lon]) => Math.hypot(lat - 20.86, lon - 106.68)));
    expect(nearest).toBeLessThan(0.004);
  });

  it('sectors cover only their wedge', () => {
    const north = at(106.68, 20.86, 3, { sectors: [{ azimuthDeg: 0, beamwidthDeg: 90 }] });
    expect(covers(north, 106.68, 20.88)).toBe(true); // 2.2 km north
    expect(covers(north, 106.68, 20.84)).toBe(false); // 2.2 km south
    expect(covers(north, 106.7, 20.86)).toBe(false); // 2.1 km east: 90° off the azimuth, outside ±45°
    expect(covers(north, 106.69, 20.875)).toBe(true); // north-north-east, inside the wedge
    const r = areaCoverage(
      turf.bboxPolygon([106.65, 20.83, 106.71, 20.89]).geometry as Polygon,
      indexFootprints([north]),
    );
    // A 90° wedge of a 3 km disc inside a 6.2 × 6.7 km box: about π·3²/4 ≈ 7.1 km² of ~41 km² → ~17%.
    expect(r.covered / r.cells).toBeGreaterThan(0.12);
    expect(r.covered / r.cells).toBeLessThan(0.22);
  });

  it('adding a site never lowers any commune’s coverage (property)', () => {
    const area = turf.bboxPolygon([106.6, 20.8, 106.7, 20.9]).geometry as Polygon;
    const site = fc.record({
      lon: fc.double({ min: 106.55, max: 106.75, noNaN: true }),
      lat: fc.double({ min: 20.75, max: 20.95, noNaN: true }),
      r: fc.double({ min: 0.3, max: 6, noNaN: true }),
      az: fc.option(fc.integer({ min: 0, max: 359 }), { nil: null }),
      bw: fc.integer({ min: 30, max: 360 }),
    });
    const toFp = (s: { lon: number; lat: number; r: number; az: number | null; bw: number }, i: number) =>
      at(s.lon, s.lat, s.r, {
        siteId: i + 1,
        sectors: s.az === null ? null : [{ azimuthDeg: s.az, beamwidthDeg: s.bw }],
      });
    fc.assert(
      fc.property(fc.array(site, { maxLength: 8 }), site, (existing, added) => {
        const before = areaCoverage(area, indexFootprints(existing.map(toFp)), 8);
        const after = areaCoverage(area, indexFootprints([...existing.map(toFp), toFp(added, 100)]), 8);
        expect(after.cells).toBe(before.cells);
        expect(after.covered).toBeGreaterThanOrEqual(before.covered);
        // And every cell covered before is still covered.
        const gapsAfter = new Set(after.gaps);
        for (const g of gapsAfter) expect(before.gaps).toContain(g);
      }),
      { numRuns: 60 },
    );
  });

  it('answers the same from a kept grid (cells and centres) as from the polygon (property)', () => {
    const area = turf.bboxPolygon([106.6, 20.8, 106.7, 20.9]).geometry as Polygon;
    const grid = areaGrid(area, 8);
    expect(grid.cells).toEqual(areaCells(area, 8));
    const site = fc.record({
      lon: fc.double({ min: 106.55, max: 106.75, noNaN: true }),
      lat: fc.double({ min: 20.75, max: 20.95, noNaN: true }),
      r: fc.double({ min: 0.3, max: 6, noNaN: true }),
      az: fc.option(fc.integer({ min: 0, max: 359 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(site, { maxLength: 8 }), (sites) => {
        const fi = indexFootprints(
          sites.map((s, i) =>
            at(s.lon, s.lat, s.r, {
              siteId: i + 1,
              sectors: s.az === null ? null : [{ azimuthDeg: s.az, beamwidthDeg: 120 }],
            }),
          ),
        );
        // Cells, covered count, gaps in order and the sites credited: the provenance counts stand on them.
        expect(areaCoverage(area, fi, 8, undefined, grid)).toEqual(areaCoverage(area, fi, 8));
      }),
      { numRuns: 40 },
    );
  });
});

describe('areaCells', () => {
  it("fills today's real commune boundaries with exactly the cells of H3's classic polygon fill", () => {
    const { communes } = readBoundaries2025();
    // Every 10th commune of the country: mountains, deltas, islands, multipolygons.
    const sample = [...communes.values()].filter((_, i) => i % 10 === 0);
    let cells = 0;
    for (const g of sample) {
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') continue;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const classic = polys.flatMap((p) => polygonToCells(p as number[][][], 9, true)).sort();
      expect(areaCells(g, 9).sort()).toEqual(classic);
      cells += classic.length;
    }
    expect(sample.length).toBeGreaterThan(300);
    expect(cells).toBeGreaterThan(200_000);
  });

  it('credits the same footprint when many are looked up through an index as when each is tried (property)', () => {
    const area = turf.bboxPolygon([106.6, 20.8, 106.7, 20.9]).geometry as Polygon;
    const cells = areaCells(area, 8);
    // The plain rule: the footprint that covered the cell before if it covers this one, else the first that does.
    const tryEach = (candidates: Footprint[]) => {
      let last: Footprint | undefined;
      return cells.map((cell) => {
        const [lat, lon] = cellToLatLng(cell);
        const hit = last && covers(last, lon, lat) ? last : candidates.find((f) => covers(f, lon, lat));
        if (hit) last = hit;
        return hit?.siteId ?? null;
      });
    };
    const site = fc.record({
      lon: fc.double({ min: 106.55, max: 106.75, noNaN: true }),
      lat: fc.double({ min: 20.75, max: 20.95, noNaN: true }),
      r: fc.double({ min: 0.2, max: 3, noNaN: true }),
      az: fc.option(fc.integer({ min: 0, max: 359 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(site, { minLength: 17, maxLength: 80 }), (sites) => {
        const candidates = sites.map((s, i) =>
          at(s.lon, s.lat, s.r, {
            siteId: i + 1,
            sectors: s.az === null ? null : [{ azimuthDeg: s.az, beamwidthDeg: 90 }],
          }),
        );
        const expected = tryEach(candidates);
        const r = coverCells(cells, candidates);
        expect(r.covered).toBe(expected.filter((id) => id !== null).length);
        expect(r.gaps).toEqual(cells.filter((_, i) => expected[i] === null));
        expect([...r.contributors].sort((a, b) => a - b)).toEqual(
          [...new Set(expected.filter((id) => id !== null))].sort((a, b) => a! - b!),
        );
      }),
      { numRuns: 40 },
    );
  });
});
