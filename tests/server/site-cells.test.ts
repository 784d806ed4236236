// The kept grid cells (server/db/site-cells.ts) on their own, over sites made up all over the map: each box
// answers exactly the sites inside it, in cell order, and what is kept stays within its bound however the
// boxes are spread (a date's empty cells of sea count too).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cellOf, createCellCache, type CellRow } from '../../server/db/site-cells.ts';
import type { BBox } from '../../server/db/units.ts';
import { createRng } from '../../server/demo/prng.ts';

interface Site {
  id: number;
  lon: number;
  lat: number;
  cell: number;
  json: string;
}

const rng = createRng(5);
const sites: Site[] = Array.from({ length: 4000 }, (_, id) => {
  const lon = rng.range(-180, 180);
  const lat = rng.range(-80, 80);
  return { id, lon, lat, cell: cellOf(lon, lat), json: JSON.stringify({ id, name: `Trạm ${id}` }) };
}).sort((a, b) => a.cell - b.cell || a.id - b.id);

/** SQLite's part, made up: the cells from `from` to `to` with their sites joined by commas. */
function read(from: number, to: number): CellRow[] {
  const rows: CellRow[] = [];
  for (const s of sites) {
    if (s.cell < from || s.cell > to) continue;
    const last = rows.at(-1);
    if (last?.cell === s.cell) {
      last.json = Buffer.concat([last.json, Buffer.from(`,${s.json}`)]);
      last.min_lon = Math.min(last.min_lon, s.lon);
      last.min_lat = Math.min(last.min_lat, s.lat);
      last.max_lon = Math.max(last.max_lon, s.lon);
      last.max_lat = Math.max(last.max_lat, s.lat);
    } else
      rows.push({
        cell: s.cell,
        json: Buffer.from(s.json),
        min_lon: s.lon,
        min_lat: s.lat,
        max_lon: s.lon,
        max_lat: s.lat,
      });
  }
  return rows;
}
const sitesOf = (cell: number) =>
  sites
    .filter((s) => s.cell === cell)
    .map((s) => [s.lon, s.lat, Buffer.byteLength(s.json)] as [number, number, number]);

/** A box of up to 5° × 5° somewhere on the map. */
function box(): BBox {
  const w = rng.range(-180, 175);
  const s = rng.range(-85, 80);
  return [w, s, w + rng.range(0.01, 4.9), s + rng.range(0.01, 4.9)];
}

describe('kept site cells', () => {
  it('answer the sites in each box in cell order, and keep within their bound over boxes all over the map', () => {
    const maxBytes = 256 * 1024;
    const cells = createCellCache(new Database(':memory:'), read, sitesOf, { maxBytes });
    let found = 0;
    let mostKept = 0;
    for (let i = 0; i < 400; i++) {
      const bbox = box();
      const [w, s, e, n] = bbox;
      const expected = sites.filter((x) => x.lon >= w && x.lon <= e && x.lat >= s && x.lat <= n).map((x) => x.json);
      // Half the boxes asked twice: the second answer comes from what the first one kept.
      for (const round of i % 2 ? [1, 2] : [1]) {
        const answer = Buffer.concat(cells.featureParts(bbox, '2026-11-30').parts).toString();
        expect(answer, `box ${bbox.join(',')} round ${round}`).toBe(expected.join(','));
        expect(cells.kept().bytes).toBeLessThanOrEqual(maxBytes);
        // An empty cell holds ≥ 100 bytes of memory whatever is counted: their number is bounded too.
        expect(cells.kept().cells).toBeLessThanOrEqual(maxBytes / 100);
        mostKept = Math.max(mostKept, cells.kept().cells);
      }
      found += expected.length;
    }
    expect(found).toBeGreaterThan(100);
    // Cells were kept (up to the bound), not read again for every answer.
    expect(mostKept).toBeGreaterThan(500);
  });
});
