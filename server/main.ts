// Starts phusong: opens (or creates and seeds with the demo data) the database, serves the API and the
// built front end from one Node process, and prints the URL.
import { existsSync, renameSync } from 'node:fs';
import { relative } from 'node:path';
import { serve } from '@hono/node-server';
import { openDatabase, peekDatabase } from './db/database.ts';
import { readConfig } from './config.ts';
import { createApp } from './app.ts';
import { seedDemo } from './demo/generate.ts';
import { loadShippedUnitSets } from './domain/unit-sets.ts';

const config = readConfig();
// A demo database made before today's units (schema < 6) maps the 2024 units on generated shapes: it is
// moved aside (kept, not deleted) and the demo is rebuilt on the real geography.
if (existsSync(config.dbPath)) {
  const old = peekDatabase(config.dbPath);
  if (old.demo && old.version < 6) {
    const aside = `${config.dbPath}.pre-2025-units.bak`;
    for (const ext of ['', '-wal', '-shm'])
      if (existsSync(config.dbPath + ext)) renameSync(config.dbPath + ext, aside + ext);
    console.log(`[phusong] the demo database predates today's units: kept it as ${aside}, building a new one`);
  }
}
const fresh = !existsSync(config.dbPath);
const db = openDatabase(config.dbPath);
if (fresh) {
  const t0 = performance.now();
  const s = seedDemo(db);
  console.log(
    `[phusong] new database ${relative(process.cwd(), config.dbPath) || config.dbPath}: loaded today's units ` +
      `(34 provinces, 3,321 communes with boundaries) and the demo data set (${s.communes} communes with data, ` +
      `${s.months} months, ${s.sites} sites) in ${Math.round(performance.now() - t0)} ms`,
  );
}
if (!existsSync(config.webRoot)) {
  console.warn(`[phusong] no built front end at ${config.webRoot}: run "npm run build" (the API still works)`);
}
const app = createApp(db, {
  webRoot: config.webRoot,
  staticRoot: config.staticRoot,
  basemapUrl: config.basemapUrl,
  requireLogin: config.requireLogin,
  trustedProxies: config.trustedProxies,
  pauseImportFile: config.pauseImportFile,
});
{
  // Every database holds the unit sets phusong ships; a database made before they shipped gets them now.
  const t0 = performance.now();
  const units = loadShippedUnitSets(app.stores);
  if (units.loaded)
    console.log(
      `[phusong] loaded the administrative unit sets (${units.sets.map((s) => `${s.id}: ${s.communes} communes`).join(', ')}; ` +
        `${units.links} crosswalk links) in ${Math.round(performance.now() - t0)} ms`,
    );
  // A unit set imported ahead of its day becomes the map's units on that day.
  const moveMap = () => {
    for (const m of app.unitSetsInForce())
      console.log(
        `[phusong] the map moved from unit set ${m.from} to ${m.to} (${m.communes} communes, ${m.sites_moved} stations re-filed)`,
      );
  };
  moveMap();
  setInterval(moveMap, 3_600_000).unref();
}
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`[phusong] database ${config.dbPath}`);
  console.log(
    `[phusong] listening on http://localhost:${info.port}  (API docs: http://localhost:${info.port}/api/docs)`,
  );
});

function shutdown() {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
