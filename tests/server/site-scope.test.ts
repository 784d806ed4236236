// Which provinces' station writes can change an answer (server/http/site-scope.ts), on the demo data set
// with today's real province boundaries: the rules the response cache keeps answers by.
import { beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createStores } from '../../server/stores.ts';
import { createRevision } from '../../server/http/cache.ts';
import { createSiteScope, OUTSIDE } from '../../server/http/site-scope.ts';
import { demoDb } from '../helpers.ts';

let scopeOf: (url: string) => Promise<string[] | null>;
let touched: ReturnType<typeof createSiteScope>['touched'];
let scope: ReturnType<typeof createSiteScope>;
let revision: ReturnType<typeof createRevision>;

beforeAll(() => {
  const db = demoDb();
  const stores = createStores(db);
  revision = createRevision(db);
  scope = createSiteScope(stores, revision);
  touched = scope.touched;
  const app = new Hono().get('*', (c) => c.json(scope.ofRequest(c)));
  scopeOf = async (url) => (await app.request(url)).json();
});

describe('the provinces an answer stands on', () => {
  it('is the province, commune or former district an answer about stations names, in today’s units', async () => {
    expect(await scopeOf('/api/sites?province=14')).toEqual(['14']);
    expect(await scopeOf('/api/summary?province=31&month=2025-09')).toEqual(['31']);
    expect(await scopeOf('/api/coverage/communes?province=14&date=2024-09-30')).toEqual(['14']);
    expect(await scopeOf('/api/summary?district=116')).toEqual(['14']); // Sơn La city, formed into Sơn La's communes
    expect(await scopeOf('/api/sites?commune=03646')).toEqual(['14']);
  });

  it('is the provinces near a box for lists of stations in it, and the places outside every province', async () => {
    const hp = await scopeOf('/api/sites?bbox=106.6,20.8,106.75,20.9');
    expect(hp).toContain('31');
    expect(hp).toContain(OUTSIDE);
    expect(hp).not.toContain('14');
    // A sites tile over Hải Phòng (zoom 8), and one far out at sea.
    const tile = await scopeOf('/tiles/sites/8/203/112.mvt');
    expect(tile).toContain('31');
    expect(tile).not.toContain('14');
    expect(await scopeOf('/tiles/sites/8/0/0.mvt')).toEqual([OUTSIDE]);
  });

  it('is every write for anything else', async () => {
    for (const url of [
      '/api/sites', // the whole country
      '/api/summary?month=2025-09',
      '/api/sites?province=14&units_at=2025-06-30', // the units of another date
      '/api/sites?province=30', // no province of today's
      '/api/summary?district=999',
      '/api/coverage/gaps?bbox=106.6,20.8,106.75,20.9', // coverage of a box: communes reach beyond it
      '/tiles/gaps/8/203/112.mvt',
      '/api/sites/1/history',
      '/ogc/collections/sites/items?bbox=106.6,20.8,106.75,20.9',
    ])
      expect(await scopeOf(url), url).toBeNull();
  });
});

describe('the provinces a station write touches', () => {
  it('are its province and those within a footprint’s reach of it, before and after the write', () => {
    // In Sơn La's Mường Chiên, within 0.2° of Lai Châu's box (and Điện Biên's, Lào Cai's).
    const near = touched([{ province: '14', lon: 103.5956, lat: 21.9134 }]);
    expect([...near]).toEqual(expect.arrayContaining(['14', '12', '11', '15']));
    expect(near.has('31')).toBe(false);
    expect(near.has(OUTSIDE)).toBe(false);
    // Moved to Hải Phòng: both.
    const moved = touched([
      { province: '14', lon: 103.5956, lat: 21.9134 },
      { province: '31', lon: 106.69, lat: 20.85 },
    ]);
    expect([...moved]).toEqual(expect.arrayContaining(['14', '12', '31']));
    // At sea, beyond every province's box: the answers about places outside every province.
    expect([...touched([{ province: '96', lon: 100, lat: 5 }])].sort()).toEqual([OUTSIDE, '96'].sort());
  });
});

describe('the revision of an index about named places (the site clusters)', () => {
  it('changes with writes to the provinces the places stand in, and with every write for none', () => {
    const city = () => scope.revisionOf({ district: '116' });
    const country = () => scope.revisionOf({});
    const [cityWas, countryWas] = [city(), country()];
    revision.bumpSites(['31']);
    expect(city()).toBe(cityWas); // Sơn La city's index stands through a write in Hải Phòng
    expect(country()).not.toBe(countryWas);
    revision.bumpSites(['14']);
    expect(city()).not.toBe(cityWas);
    const before = city();
    revision.bumpSites(); // an import: places not known
    expect(city()).not.toBe(before);
  });
});
