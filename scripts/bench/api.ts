// API benchmark on the national-scale synthetic set:
//  1. server time of a province-sized bbox query on /api/sites (p50/p99), answered from the kept grid
//     cells, against SQLite's read of the same cells and the same answer replayed from history;
//  2. the national site clusters' index built again after a write, from the kept states and from history,
//     and how long the request thread is unavailable meanwhile (a worker builds it); a province's cluster
//     points and summary counts with the province named plainly against the generic place filter; the same
//     points and station counts for a former district and a pre-reform province; today's communes paged
//     through OGC API – Features 10 at a time, as Debian's ogr2ogr does;
//  3. throughput of /api/communes for one province against the same bytes served as a static file by the
//     same server, measured in one run with autocannon against a server on 127.0.0.1.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { nationalDb } from './national.ts';
import { createRng } from '../../server/demo/prng.ts';
import { siteAnswer, siteCollection } from '../../server/domain/sites.ts';
import { gzipSync } from 'node:zlib';
import { PRE_REFORM_SET, unitSetAt } from '../../server/domain/unit-sets.ts';
import { search } from '../../server/domain/search.ts';
import { sunsetProgramme } from '../../server/domain/sunsets.ts';
import { communeAnswer } from '../../server/domain/communes.ts';
import { perNamedPlaces, placeFilterSql } from '../../server/db/sites.ts';
import { createSiteClusterer } from '../../server/domain/site-clusters.ts';

const BENCH_DIR = join(PROJECT_ROOT, '.bench');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function waitForServer(url: string, ms = 30_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not come up`);
}

async function cannon(url: string, seconds: number) {
  const r = await autocannon({ url, connections: 32, duration: seconds, headers: { 'accept-encoding': 'gzip' } });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

export async function benchApi(seconds = 8) {
  mkdirSync(BENCH_DIR, { recursive: true });
  const dbPath = join(BENCH_DIR, 'national-units-2025.sqlite');
  const db = nationalDb(dbPath);
  const app = createApp(db);

  // 1. bbox queries: the bbox of a random province, shifted a little each time so each is a miss of the
  // response cache. The answer is built from the kept grid cells (server/db/site-cells.ts); the first answer
  // of each province reads its cells. Timed until the answer exists, with @hono/node-server's Response as the
  // server runs (it writes the bytes to the socket; the client's read is not the server's time). Baselines in
  // the same run, on the same boxes: SQLite's read of the cells for each answer (what /api/sites did before
  // the kept cells) against the kept cells, both without HTTP; and the answer replayed from each site's
  // history (before the states kept on write).
  getRequestListener(app.fetch);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${app.stores.siteStates.bboxSql()}`).all({
    province: null,
    old_province: null,
    operator: null,
    district: null,
    category: null,
    tech: null,
    status: null,
    runs: '[[0,1]]',
    min_lon: 105,
    min_lat: 20,
    max_lon: 106,
    max_lat: 21.6,
    as_of: '2024-09-30',
  }) as { detail: string }[];
  const rng = createRng(7);
  const provinces = app.stores.units.provinces();
  const times: number[] = [];
  const firsts: number[] = [];
  const asked = new Set<number>();
  const sql: number[] = [];
  const cells: number[] = [];
  const replay: number[] = [];
  let features = 0;
  for (let i = 0; i < 200; i++) {
    const k = Math.floor(rng() * provinces.length);
    const p = provinces[k]!;
    const bbox = ([p.min_lon, p.min_lat, p.max_lon, p.max_lat] as number[]).map(
      (x) => +(x + rng.range(-0.01, 0.01)).toFixed(4),
    ) as [number, number, number, number];
    const t0 = performance.now();
    const res = await app.request(`/api/sites?bbox=${bbox.join(',')}&as_of=2024-09-30`);
    const ms = performance.now() - t0;
    (asked.has(k) ? times : firsts).push(ms);
    asked.add(k);
    features += ((await res.json()) as { features: unknown[] }).features.length;
    const q = { bbox, asOf: '2024-09-30' };
    const t1 = performance.now();
    Buffer.concat(app.stores.siteStates.featureParts(q, q.asOf, false).parts);
    sql.push(performance.now() - t1);
    const t2 = performance.now();
    Buffer.concat(app.stores.siteStates.featureParts(q, q.asOf).parts);
    cells.push(performance.now() - t2);
    const t3 = performance.now();
    Buffer.from(JSON.stringify(siteCollection(app.stores, q)));
    replay.push(performance.now() - t3);
  }
  const all = [...times, ...firsts];
  console.log('\n## API: sites by bbox (national set, 100,000 sites)');
  console.log(`query plan of SQLite's read: ${plan.map((p) => p.detail).join(' | ')}`);
  console.log(
    `a province's bbox, ${Math.round(features / all.length)} sites (${(features / all.length / 1000).toFixed(1)}k features) per answer on average:\n` +
      `  /api/sites: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms (target p50 ≤ 2 ms, p99 ≤ 10 ms); ` +
      `${firsts.length} of the ${all.length} were a province's first (its cells read): median ${pct(firsts, 50).toFixed(1)} ms, ` +
      `the others median ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms\n` +
      `  the features alone, no HTTP: from the kept cells p50 ${pct(cells, 50).toFixed(2)} ms, p99 ${pct(cells, 99).toFixed(1)} ms; ` +
      `SQLite's read of the cells (before) p50 ${pct(sql, 50).toFixed(2)} ms, p99 ${pct(sql, 99).toFixed(1)} ms; ` +
      `ratio p50 ${(pct(cells, 50) / pct(sql, 50)).toFixed(2)}\n` +
      `  baseline, the same boxes replayed from history and encoded (no HTTP): p50 ${pct(replay, 50).toFixed(1)} ms, p99 ${pct(replay, 99).toFixed(1)} ms; ` +
      `ratio of /api/sites p50 ${(pct(all, 50) / pct(replay, 50)).toFixed(2)}, p99 ${(pct(all, 99) / pct(replay, 99)).toFixed(2)}`,
  );

  // 2. Clusters for the national view just after a write (a new revision: the index is built again), from
  // the kept states (position and category only) against the same index built from every site's history.
  let revision = 0;
  const clusterer = createSiteClusterer(app.stores, () => String(revision));
  const anySite = db.prepare('SELECT site_id FROM site_states LIMIT 1').pluck().get() as number;
  const cold = { states: [] as number[], history: [] as number[] };
  for (let i = 0; i < 5; i++)
    for (const how of ['states', 'history'] as const) {
      if (how === 'history') db.prepare('INSERT INTO site_states_dirty (site_id) VALUES (?)').run(anySite);
      revision++;
      const t0 = performance.now();
      clusterer({ asOf: '2024-09-30' }, [102, 8, 110, 24], 6);
      cold[how].push(performance.now() - t0);
      if (how === 'history') app.stores.siteStates.flush();
    }
  console.log('\n## API: site clusters for the whole country (zoom 6) just after a write, index built again');
  console.log(
    `from the kept states: median ${pct(cold.states, 50).toFixed(0)} ms; from every site's history (before): ` +
      `median ${pct(cold.history, 50).toFixed(0)} ms; ratio ${(pct(cold.states, 50) / pct(cold.history, 50)).toFixed(2)}`,
  );

  // 2b. The same rebuild as a request: the longest the request thread was unavailable to other clients while
  // it ran (event-loop delay), built by a worker thread, against the same index built on the request thread.
  const loopBusy = async (work: () => unknown) => {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    // …and once before: it measures each delay from its previous run.
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    await work();
    const ms = performance.now() - t0;
    // Let the monitor's timer run once more: a stall is recorded when the timer it delayed fires.
    await new Promise((r) => setTimeout(r, 20));
    h.disable();
    return { ms, stall: h.max / 1e6 };
  };
  type Busy = { ms: number; stall: number };
  /** The same work timed off the request thread and on it (as before), in the same run. */
  const busyPair = () => ({ viaWorker: [] as Busy[], inline: [] as Busy[] });
  const med = (xs: Busy[], k: keyof Busy) =>
    pct(
      xs.map((x) => x[k]),
      50,
    );
  const busyLine = (r: ReturnType<typeof busyPair>, how: string, before: string) =>
    `${how}: median ${med(r.viaWorker, 'ms').toFixed(0)} ms, the request thread busy at most ` +
    `${med(r.viaWorker, 'stall').toFixed(0)} ms at a time; ${before} (before): ${med(r.inline, 'ms').toFixed(0)} ms, ` +
    `busy ${med(r.inline, 'stall').toFixed(0)} ms at a time; ratio of the longest stall ` +
    `${(med(r.viaWorker, 'stall') / med(r.inline, 'stall')).toFixed(2)}`;
  const clusters = busyPair();
  for (let i = 0; i < 5; i++) {
    app.revision.bumpSites();
    clusters.viaWorker.push(
      await loopBusy(async () => {
        const res = await app.request('/api/sites/clusters?bbox=102,8,110,24&zoom=6&as_of=2024-09-30');
        if (res.status !== 200) throw new Error(`clusters: ${res.status}`);
        await res.arrayBuffer();
      }),
    );
    revision++;
    clusters.inline.push(await loopBusy(() => clusterer({ asOf: '2024-09-30' }, [102, 8, 110, 24], 6)));
  }
  console.log(busyLine(clusters, 'through the API, built by a worker thread', 'built on the request thread'));

  // 2d. The country's sites, 44 MB (a GIS client fetching every site, or an earlier unit set's): read by a
  // worker and gzipped in libuv's thread pool, against the same answer built and gzipped on the request
  // thread as /api/sites did before, same run. A new day each time: a new answer (the cache would not keep
  // today's units' anyway: alone it would fill most of the 64 MiB).
  const country = busyPair();
  const inSet = busyPair();
  let countryBytes = 0;
  for (let i = 0; i < 3; i++) {
    const asOf = `2024-09-${28 + i}`;
    for (const [out, query, set] of [
      [country, { asOf }, null],
      [inSet, { asOf, operator: 'viettel' }, '2024-06-30'],
    ] as const) {
      const path = `/api/sites?as_of=${asOf}${set ? `&units_at=${set}&operator=viettel` : ''}`;
      out.viaWorker.push(
        await loopBusy(async () => {
          const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
          if (res.status !== 200) throw new Error(`sites: ${res.status}`);
          if (!set) countryBytes = (await res.arrayBuffer()).byteLength;
          else await res.arrayBuffer();
        }),
      );
      const head = Buffer.from('{"type":"FeatureCollection","features":[');
      const setId = set ? unitSetAt(app.stores, set).id : null;
      out.inline.push(await loopBusy(() => gzipSync(siteAnswer(app.stores, head, setId, query).body, { level: 6 })));
    }
  }
  console.log("\n## API: the country's sites (100,000; no bbox), gzip");
  for (const [name, r] of [
    ["today's units", country],
    ['an earlier unit set (one operator, replayed from history)', inSet],
  ] as const)
    console.log(
      busyLine(
        r,
        `${name}: read by a worker, gzipped off the request thread`,
        'built and gzipped on the request thread',
      ),
    );
  console.log(`(today's units: ${(countryBytes / 1e6).toFixed(1)} MB gzip)`);

  // 2e. The country's communes at the national zoom, a month not asked before each time (a new answer):
  // built by a worker and gzipped off the request thread, against the same answer built and gzipped here.
  const communes = busyPair();
  const programme = sunsetProgramme(app.stores);
  for (const month of ['2024-07', '2024-08', '2024-09', '2024-10', '2024-11']) {
    communes.viaWorker.push(
      await loopBusy(async () => {
        const res = await app.request(`/api/communes?zoom=5&month=${month}`, {
          headers: { 'accept-encoding': 'gzip' },
        });
        if (res.status !== 200) throw new Error(`communes: ${res.status}`);
        await res.arrayBuffer();
      }),
    );
    communes.inline.push(
      await loopBusy(() => gzipSync(communeAnswer(app.stores, null, {}, { zoom: 5, month, programme }), { level: 6 })),
    );
  }
  console.log("\n## API: the country's communes (3,321, zoom 5), a new month each time, gzip");
  console.log(
    busyLine(communes, 'built by a worker, gzipped off the request thread', 'built and gzipped on the request thread'),
  );

  // 2c. What a province's map and slide read after each write: its cluster points and the summary's station
  // counts, with the province named plainly (the statements in use) against the generic place filter alone
  // (what they were: SQLite then read the whole country), same run.
  const generic = `s.retired_at IS NULL AND ${placeFilterSql('s')}`;
  const counts = db.prepare(
    `SELECT count(DISTINCT e.site_id) FROM site_events e JOIN sites s ON s.id = e.site_id
     WHERE ${generic} AND e.tech = @tech AND e.status = @status AND e.date >= @from AND e.date <= @to`,
  );
  const genericPoints = db.prepare(
    `SELECT st.site_id, st.lon, st.lat, st.category FROM site_states st
     WHERE st.valid_from <= @as_of AND st.valid_to > @as_of AND ${placeFilterSql('st')} ORDER BY st.site_id`,
  );
  const place = { province: '31', operator: null, district: null, old_province: null };
  const timed = (f: () => unknown) => {
    const xs: number[] = [];
    for (let i = 0; i < 11; i++) {
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return pct(xs, 50);
  };
  const period = { from: '2024-01-01', to: '2026-11-30' };
  const named = {
    counts: timed(() => app.stores.sites.eventCounts({ province: '31' }, period.from, period.to)),
    points: timed(() => app.stores.siteStates.points({ province: '31' }, '2024-09-30')),
  };
  const before = {
    counts: timed(() =>
      [
        ['2G', 'switched_off'],
        ['3G', 'switched_off'],
        ['4G', 'active'],
        ['4G', 'upgraded'],
      ].map(([tech, status]) => counts.get({ ...place, tech, status, ...period })),
    ),
    points: timed(() => genericPoints.all({ ...place, as_of: '2024-09-30' })),
  };
  console.log("\n## API: a province's (Hải Phòng's) reads after a write, national set, median of 11");
  console.log(
    `summary's station counts: ${named.counts.toFixed(1)} ms in one statement naming the province; four statements ` +
      `with the generic place filter (before): ${before.counts.toFixed(1)} ms; ratio ${(named.counts / before.counts).toFixed(2)}\n` +
      `cluster points: ${named.points.toFixed(1)} ms naming the province; generic filter: ${before.points.toFixed(1)} ms; ` +
      `ratio ${(named.points / before.points).toFixed(2)}`,
  );

  // 2d. The same points for a former district (Ba Đình, 8 communes formed from it) and a pre-reform province
  // (Sơn La before the merger): named plainly, SQLite reads them by commune (index site_states_commune);
  // with the generic filter it reads every state of the country, as both did before that index.
  const former = [
    ['former district Ba Đình', { district: '001' }, { ...place, province: null, district: '001' }],
    ['pre-reform province Sơn La', { oldProvince: '14' }, { ...place, province: null, old_province: '14' }],
  ] as const;
  // Their station counts as the summary reads them (from the place's sites, then their events by site)
  // against the same statement driven from the events, SQLite's own plan (what it was): it read every such
  // event of the country and kept the place's.
  const eventsFirst = perNamedPlaces((named) =>
    db.prepare(
      `SELECT count(DISTINCT CASE WHEN e.tech = '2G' AND e.status = 'switched_off' THEN e.site_id END),
         count(DISTINCT CASE WHEN e.tech = '3G' AND e.status = 'switched_off' THEN e.site_id END),
         count(DISTINCT CASE WHEN e.tech = '4G' AND e.status = 'active' THEN e.site_id END),
         count(DISTINCT CASE WHEN e.tech = '4G' AND e.status = 'upgraded' THEN e.site_id END)
       FROM site_events e JOIN sites s ON s.id = e.site_id
       WHERE ${generic}${named('s')} AND e.date >= @from AND e.date <= @to
         AND ((e.tech IN ('2G', '3G') AND e.status = 'switched_off') OR (e.tech = '4G' AND e.status IN ('active', 'upgraded')))`,
    ),
  );
  console.log(
    '\n## API: cluster points and station counts of a former place (communes formed from it), national set, median of 11',
  );
  for (const [what, filter, params] of former) {
    const plain = timed(() => app.stores.siteStates.points(filter, '2024-09-30'));
    const scan = timed(() => genericPoints.all({ ...params, as_of: '2024-09-30' }));
    const bySites = timed(() => app.stores.sites.eventCounts(filter, period.from, period.to));
    const byEvents = timed(() => eventsFirst(filter).get({ ...params, ...period }));
    console.log(
      `${what}: cluster points ${plain.toFixed(1)} ms named plainly; generic filter: ${scan.toFixed(1)} ms; ratio ${(plain / scan).toFixed(2)}\n` +
        `  station counts ${bySites.toFixed(2)} ms from its sites; from the country's events: ${byEvents.toFixed(1)} ms; ratio ${(bySites / byEvents).toFixed(3)}`,
    );
  }

  // 2e. A GIS copying today's communes through OGC API – Features 10 at a time (GDAL 3.6's page size, as
  // Debian's ogr2ogr does): every page of the country read over the app, against the same pages cut from
  // every commune read and sorted for each request (what a page did until 6 December), same run.
  const everyCommune = db.prepare(
    `SELECT c.code, c.name, c.province_code, c.unit_type, g.id AS geometry_id, g.label_lon, g.label_lat
     FROM communes c JOIN unit_geometries g ON g.code = c.code AND g.level = 'commune'
     JOIN boundary_versions v ON v.id = g.version_id AND v.is_current = 1 ORDER BY c.code`,
  );
  const matched = app.stores.units.communeItems({}).matched;
  const walk = (read: (offset: number) => unknown) => {
    const t0 = performance.now();
    for (let offset = 0; offset < matched; offset += 10) read(offset);
    return performance.now() - t0;
  };
  const paged = walk((offset) => app.stores.units.communeItems({}).page(offset, 10));
  const whole = walk((offset) =>
    (everyCommune.all() as { code: string }[]).sort((a, b) => a.code.localeCompare(b.code)).slice(offset, offset + 10),
  );
  const pages = Math.ceil(matched / 10);
  const t0 = performance.now();
  for (let offset = 0; offset < matched; offset += 10)
    await (await app.request(`/ogc/collections/communes/items?limit=10&offset=${offset}`)).arrayBuffer();
  const http = performance.now() - t0;
  console.log("\n## OGC API – Features: the country's communes copied 10 at a time");
  console.log(
    `${pages} pages: rows of each page read in code order ${paged.toFixed(0)} ms (${(paged / pages).toFixed(2)} ms a page); ` +
      `every commune read and sorted for each page ${whole.toFixed(0)} ms (${(whole / pages).toFixed(2)} ms a page); ratio ${(paged / whole).toFixed(3)}\n` +
      `  every page over the app, boundaries and figures included: ${http.toFixed(0)} ms (${(http / pages).toFixed(1)} ms a page)`,
  );

  // 2f. The search box, 20 words typed as users type them (each a new answer): the whole search, and the
  // lookup it makes for each old commune it names (what it became) as it is against SQLite's own plan
  // for the same statement (until 7 December: it walked every commune of today's set, boundaries and all).
  const words = ['hai', 'son', 'xa', 'ph', 'nguyen', 'thanh', 'tan', 'an', 'binh', 'phu'];
  words.push('dong', 'la', 'ho', 'quang', 'long', 'tr', 'vi', 'cau', 'my', 'ninh');
  search(app.stores, 'warm', null);
  const searched = words.map((w) => {
    const t = performance.now();
    search(app.stores, w, null);
    return performance.now() - t;
  });
  const became = `SELECT n.code, n.name, n.province_code, x.relation FROM set_crosswalk x
     %JOIN% set_communes n ON n.set_id = x.to_set AND n.code = x.new_code
     WHERE x.from_set = @from AND x.to_set = @to AND x.old_code = @code ORDER BY n.code`;
  const oldCodes = db
    .prepare('SELECT old_code FROM set_crosswalk WHERE from_set = ? AND to_set = ? LIMIT 50')
    .pluck()
    .all(PRE_REFORM_SET, app.stores.unitSets.mapSet()) as string[];
  const lookups = (join: string) => {
    const st = db.prepare(became.replace('%JOIN%', join));
    const t = performance.now();
    for (const code of oldCodes) st.all({ from: PRE_REFORM_SET, to: app.stores.unitSets.mapSet(), code });
    return (performance.now() - t) / oldCodes.length;
  };
  const crossJoin = lookups('CROSS JOIN');
  const ownPlan = lookups('JOIN');
  console.log('\n## API: the search box, 20 words (national set: 100,000 site codes, 3,321 communes, 10,000 old ones)');
  console.log(
    `a search: median ${pct(searched, 50).toFixed(1)} ms, longest ${Math.max(...searched).toFixed(1)} ms; what an old commune ` +
      `became: ${crossJoin.toFixed(3)} ms a lookup, old code first, against ${ownPlan.toFixed(2)} ms with SQLite's own plan ` +
      `(ratio ${(crossJoin / ownPlan).toFixed(3)}; a search makes up to 12)`,
  );

  // 3. /api/communes vs a static file of the same bytes, same server, same run.
  const province = '01';
  const bytes = Buffer.from(await (await app.request(`/api/communes?province=${province}`)).arrayBuffer());
  const staticDir = join(BENCH_DIR, 'static');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'communes.json'), bytes);
  db.close();
  const port = 18787;
  const server = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHUSONG_DB: dbPath, PHUSONG_STATIC: staticDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/api/meta`);
    const apiUrl = `${base}/api/communes?province=${province}`;
    const staticUrl = `${base}/static/communes.json`;
    await cannon(apiUrl, 1); // warm both paths
    await cannon(staticUrl, 1);
    const api = await cannon(apiUrl, seconds);
    const stat = await cannon(staticUrl, seconds);
    console.log(
      `\n## API: /api/communes?province=${province} vs the same ${(bytes.length / 1024).toFixed(0)} KiB as a static file (gzip, 32 connections, ${seconds} s each)`,
    );
    console.log(`api:    ${api.rps.toFixed(0)} req/s, p50 ${api.p50} ms, p99 ${api.p99} ms, errors ${api.errors}`);
    console.log(`static: ${stat.rps.toFixed(0)} req/s, p50 ${stat.p50} ms, p99 ${stat.p99} ms, errors ${stat.errors}`);
    console.log(`ratio api/static: ${(api.rps / stat.rps).toFixed(2)} (target ≥ 0.5)`);
    return { bboxP50: pct(times, 50), bboxP99: pct(times, 99), ratio: api.rps / stat.rps };
  } finally {
    server.kill('SIGTERM');
  }
}
