// Positions typed by users: decimal, degrees-minutes-seconds and VN-2000 plane coordinates.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import proj4 from 'proj4';
import { fromVn2000, parsePosition, toVn2000, VN2000_MERIDIANS } from '../../server/domain/coordinates.ts';
import { localOffsetKm } from '../../common/footprint.ts';

const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
  const [dx, dy] = localOffsetKm(a.lon, a.lat, b.lon, b.lat);
  return Math.hypot(dx, dy) * 1000;
};

describe('parsePosition', () => {
  it('reads decimal degrees in either order', () => {
    expect(parsePosition({ text: '21.0285, 105.8542' })).toMatchObject({
      lat: 21.0285,
      lon: 105.8542,
      source: 'decimal',
    });
    expect(parsePosition({ text: '105.8542 21.0285' })).toMatchObject({ lat: 21.0285, lon: 105.8542 });
  });

  it('reads degrees-minutes-seconds with the usual symbols and hemispheres', () => {
    for (const text of [
      `21°01'42.6"N 105°51'15.1"E`,
      `21°01′42.6″N, 105°51′15.1″E`,
      `105°51'15.1"E 21°01'42.6"N`,
      '21 01 42.6 N 105 51 15.1 E',
    ]) {
      const p = parsePosition({ text });
      expect(p.source).toBe('dms');
      expect(p.lat).toBeCloseTo(21 + 1 / 60 + 42.6 / 3600, 7);
      expect(p.lon).toBeCloseTo(105 + 51 / 60 + 15.1 / 3600, 7);
    }
  });

  it('refuses text it cannot read and places outside Viet Nam, with reasons in both languages', () => {
    expect(() => parsePosition({ text: 'gần chợ' })).toThrow(/decimal degrees/);
    expect(() => parsePosition({ lat: 13.75, lon: 100.5 })).toThrow(/outside Viet Nam/);
    expect(() => parsePosition({ vn2000: { x: 2_300_000, y: 500_000 } })).toThrow(/central meridian/);
  });
});

describe('VN-2000', () => {
  it('uses the Transverse Mercator of the EPSG worked example to the centimetre', () => {
    // IOGP Publication 373-7-2 (EPSG Guidance Note 7-2), Transverse Mercator worked example:
    // OSGB 1936 / British National Grid, φ = 50°30'00"N, λ = 00°30'00"E → E = 577274.99 m, N = 69740.49 m.
    // The same proj4 "tmerc" machinery converts the VN-2000 provincial zones.
    const bng =
      '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m +no_defs';
    const [e, n] = proj4('+proj=longlat +ellps=airy +no_defs', bng, [0.5, 50.5]) as [number, number];
    expect(e).toBeCloseTo(577274.99, 1);
    expect(n).toBeCloseTo(69740.49, 1);
  });

  it('puts a point on the central meridian at y = 500 km (less the datum shift), x growing north', () => {
    // Hải Phòng's zone (105°45'): the datum shift of VN-2000 against WGS84 is a couple of hundred metres.
    const p = toVn2000({ lon: 105.75, lat: 20.86 }, 105.75);
    expect(Math.abs(p.y - 500_000)).toBeLessThan(400);
    expect(p.x).toBeGreaterThan(2_300_000);
    expect(p.x).toBeLessThan(2_320_000);
  });

  it('round-trips WGS84 → VN-2000 → WGS84 within 2 m everywhere in Viet Nam (property)', () => {
    const codes = Object.keys(VN2000_MERIDIANS);
    fc.assert(
      fc.property(
        fc.double({ min: 102.2, max: 109.4, noNaN: true }),
        fc.double({ min: 8.6, max: 23.3, noNaN: true }),
        fc.constantFrom(...codes),
        (lon, lat, code) => {
          const m = VN2000_MERIDIANS[code]!;
          const v = toVn2000({ lon, lat }, m);
          const back = fromVn2000(v.x, v.y, m);
          expect(metres({ lon, lat }, back)).toBeLessThan(2);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parses VN-2000 input with the province’s meridian (Sơn La 104°00′, Hải Phòng 105°45′)', () => {
    expect(VN2000_MERIDIANS['14']).toBe(104);
    expect(VN2000_MERIDIANS['31']).toBe(105.75);
    const hp = { lon: 106.68, lat: 20.86 };
    const v = toVn2000(hp, 105.75);
    const p = parsePosition({ vn2000: { x: v.x, y: v.y } }, '31');
    expect(p.source).toBe('vn2000');
    expect(metres(hp, p)).toBeLessThan(2);
    // The wrong meridian lands kilometres away: the meridian matters.
    const wrong = parsePosition({ vn2000: { x: v.x, y: v.y, meridian: 104 } });
    expect(metres(hp, wrong)).toBeGreaterThan(100_000);
  });

  it('reads decimal commas the way the bulk import does: in VN-2000 text and in degrees', async () => {
    const { parseNumber } = await import('../../server/domain/site-import.ts');
    const typed = parsePosition({ text: 'X=2323033,50 Y=551785,20' }, '31');
    expect(typed.source).toBe('vn2000');
    const exact = parsePosition({ vn2000: { x: parseNumber('2323033,50')!, y: parseNumber('551785,20')! } }, '31');
    expect(exact.lat).toBeCloseTo(typed.lat, 9);
    expect(exact.lon).toBeCloseTo(typed.lon, 9);
    expect(parsePosition({ text: 'x: 2.323.033,50; y: 551.785,20' }, '31').lat).toBeCloseTo(typed.lat, 9);
    expect(parsePosition({ text: 'X=2323033.50 Y=551785.20' }, '31').lat).toBeCloseTo(typed.lat, 9);
    const comma = parsePosition({ text: '21,3256; 103,9188' });
    expect(comma).toMatchObject({ lat: 21.3256, lon: 103.9188, source: 'decimal' });
    expect(parsePosition({ text: '21.3256, 103.9188' })).toMatchObject({ lat: 21.3256, lon: 103.9188 });
    expect(() => parsePosition({ text: 'X=abc Y=551785' }, '31')).toThrow();
  });
});
