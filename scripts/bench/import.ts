// Import benchmark: 100,000 station rows from CSV and from XLSX into a fresh copy of the demo database,
// preview and commit as the web page does (each in a process of its own, ./import-child.ts); rows per
// second and peak memory.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PROJECT_ROOT } from '../../server/config.ts';
import { openDatabase } from '../../server/db/database.ts';
import { openFreshCopy } from './fresh-copy.ts';
import { createStores } from '../../server/stores.ts';
import { seedDemo } from '../../server/demo/generate.ts';
import { createRng } from '../../server/demo/prng.ts';
import { labelPoint } from '../../server/analysis/simplify.ts';
import { benchStall } from './stall.ts';
import { multiRowInsert } from '../../server/db/bulk.ts';
import { readMeta } from '../../server/db/meta.ts';
import { STATE_COLUMNS, statesOf } from '../../server/db/site-states.ts';
import { SITE_INSERT_COLUMNS } from '../../server/db/sites.ts';
import { AUDIT_COLUMNS } from '../../server/db/audit.ts';
import { newSiteSnapshot } from '../../server/domain/stations.ts';
import type { MultiPolygon, Polygon } from 'geojson';

const BENCH_DIR = join(PROJECT_ROOT, '.bench');
const ROWS = 100_000;
const HEADERS = [
  'Mã trạm',
  'Tên trạm',
  'Vĩ độ',
  'Kinh độ',
  'Công nghệ',
  'Trạng thái',
  'Ngày',
  'Băng tần (MHz)',
  'Độ cao anten (m)',
];

interface Label {
  code: string;
  point: [number, number];
}

function rows(labels: Label[]): (string | number)[][] {
  const rng = createRng(100);
  return Array.from({ length: ROWS }, (_, i) => {
    const [lon, lat] = labels[i % labels.length]!.point;
    return [
      `B-${i}`,
      `Trạm ${i}`,
      +(lat + rng.range(-0.0005, 0.0005)).toFixed(6),
      +(lon + rng.range(-0.0005, 0.0005)).toFixed(6),
      '4G',
      'active',
      '2024-03-15',
      1800,
      30,
    ];
  });
}

/**
 * The baseline an import is compared with: the same rows written by plain better-sqlite3 prepared
 * statements in one transaction — each site's row, R*Tree entry, event and audit row (with the same
 * JSON) — and nothing else: no reading, no checking, no commune lookup (the commune is given).
 */
function rawInsert(template: string, labels: Label[], data: (string | number)[][]): number {
  const db = openFreshCopy(template, join(BENCH_DIR, 'import-raw.sqlite'));
  const user = createStores(db).auth.userByName('vnpt')!;
  const at = new Date().toISOString();
  const site = db.prepare(
    `INSERT INTO sites (operator_id, site_code, name, lon, lat, province_code, commune_code, antenna_height_m,
       band_mhz, measured_radius_m, environment, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const index = db.prepare('INSERT INTO sites_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?,?,?,?,?)');
  const event = db.prepare(
    'INSERT INTO site_events (site_id, tech, status, date, band_mhz, note, created_at) VALUES (?,?,?,?,?,?,?)',
  );
  const audit = db.prepare(
    `INSERT INTO audit_log (at, user_id, actor, via, entity, entity_id, action, before_json, after_json)
     VALUES (?,?,?,?,?,?,?,?,?)`,
  );
  const t0 = performance.now();
  db.transaction(() => {
    data.forEach((r, i) => {
      const [code, name, lat, lon] = r as [string, string, number, number];
      const commune = labels[i % labels.length]!.code;
      const id = Number(
        site.run('vnpt', code, name, lon, lat, '14', commune, 30, 1800, null, null, at, at).lastInsertRowid,
      );
      index.run(id, lon, lon, lat, lat);
      event.run(id, '4G', 'active', '2024-03-15', 1800, null, at);
      const after = { id, operator_id: 'vnpt', site_code: code, name, lon, lat, province_code: '14' };
      audit.run(at, user.id, 'vnpt', 'import:raw', 'site', String(id), 'import_create', null, JSON.stringify(after));
    });
  })();
  const s = (performance.now() - t0) / 1000;
  db.close();
  return s;
}

/**
 * The floor of any import on this machine: every row an import of these sites writes — site, R*Tree entry,
 * event, audit row and kept state, the same values — with every value built before the clock starts, written
 * by multi-row statements (a hundred rows each, as the import writes) in one transaction. Nothing is read,
 * checked, looked up or computed while timed: what is left is SQLite writing the rows and their indexes.
 * Also timed without the kept states, which an import writes after its commit.
 */
function writeFloor(template: string, labels: Label[], data: (string | number)[][], withStates: boolean): number {
  const db = openFreshCopy(template, join(BENCH_DIR, 'import-raw.sqlite'));
  const user = createStores(db).auth.userByName('vnpt')!;
  const dataStart = readMeta(db).data_start;
  const at = new Date().toISOString();
  const first = (db.prepare('SELECT max(id) FROM sites').pluck().get() as number) + 1;
  const insert = {
    site: multiRowInsert(db, 'sites', SITE_INSERT_COLUMNS),
    index: multiRowInsert(db, 'sites_rtree', ['id', 'min_lon', 'max_lon', 'min_lat', 'max_lat']),
    event: multiRowInsert(db, 'site_events', ['site_id', 'tech', 'status', 'date', 'band_mhz', 'note', 'created_at']),
    audit: multiRowInsert(db, 'audit_log', AUDIT_COLUMNS),
    state: multiRowInsert(db, 'site_states', STATE_COLUMNS),
  };
  const event = { tech: '4G', status: 'active', date: '2024-03-15', band_mhz: 1800 } as const;
  const built = data.map((r, i) => {
    const [site_code, name, lat, lon] = r as [string, string, number, number];
    const id = first + i;
    const site = {
      operator_id: 'vnpt',
      site_code,
      name,
      lon,
      lat,
      province_code: '14',
      commune_code: labels[i % labels.length]!.code,
      antenna_height_m: 30,
      band_mhz: 1800,
      measured_radius_m: null,
      environment: null,
      created_at: at,
    };
    const after = JSON.stringify(newSiteSnapshot(id, site, [event], []));
    return {
      site: SITE_INSERT_COLUMNS.map((c) => (c === 'updated_at' ? at : site[c])),
      index: [id, lon, lon, lat, lat],
      event: [id, event.tech, event.status, event.date, event.band_mhz, null, at],
      audit: [at, user.id, 'vnpt', 'import:floor', 'site', String(id), 'import_create', null, after],
      states: withStates ? statesOf({ id, ...site }, [event], dataStart) : [],
    };
  });
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < built.length; i += 100) {
      const batch = built.slice(i, i + 100);
      if (insert.site(batch.map((b) => b.site))[0] !== first + i) throw new Error('ids out of step');
      insert.index(batch.map((b) => b.index));
      insert.event(batch.map((b) => b.event));
      insert.audit(batch.map((b) => b.audit));
      if (withStates) insert.state(batch.flatMap((b) => b.states));
    }
  })();
  const s = (performance.now() - t0) / 1000;
  db.close();
  return s;
}

export async function benchImport() {
  mkdirSync(BENCH_DIR, { recursive: true });
  const template = join(BENCH_DIR, 'import-template-units-2025.sqlite');
  if (!existsSync(template)) {
    const db = openDatabase(template);
    seedDemo(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  const db = openDatabase(template);
  const labels = createStores(db)
    .units.communesWithGeometry({ district: '116' })
    .map((c) => ({ code: c.code, point: labelPoint(JSON.parse(c.geojson) as Polygon | MultiPolygon) }));
  db.close();
  const data = rows(labels);
  const csvFile = join(BENCH_DIR, 'sites-100k.csv');
  const xlsxFile = join(BENCH_DIR, 'sites-100k.xlsx');
  writeFileSync(csvFile, [HEADERS.join(','), ...data.map((r) => r.join(','))].join('\n'));
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Trạm');
  sheet.addRow(HEADERS);
  for (const r of data) sheet.addRow(r);
  writeFileSync(xlsxFile, new Uint8Array(await wb.xlsx.writeBuffer()));
  console.log(
    '\n## Station import (100,000 new 4G sites in Sơn La city, preview + commit in one transaction, one process each)',
  );
  const raw = rawInsert(template, labels, data);
  console.log(
    `raw better-sqlite3 insert of the same rows (site, R*Tree entry, event, audit row; one transaction): ` +
      `${raw.toFixed(1)} s → ${Math.round(ROWS / raw).toLocaleString('en')} rows/s`,
  );
  let floor = 0;
  for (const withStates of [false, true]) {
    floor = writeFloor(template, labels, data, withStates);
    console.log(
      `floor: every row an import writes${withStates ? ', its kept states too' : ' but the kept states'}, values built ` +
        `beforehand, multi-row statements, one transaction: ${floor.toFixed(2)} s → ` +
        `${Math.round(ROWS / floor).toLocaleString('en')} rows/s`,
    );
  }
  for (const [kind, file] of [
    ['csv', csvFile],
    ['xlsx', xlsxFile],
  ] as const) {
    const out = execFileSync(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(new URL('./import-child.ts', import.meta.url)),
      kind,
      file,
      template,
      join(BENCH_DIR, `import-${kind}.sqlite`),
    ]);
    process.stdout.write(out);
    const total = Number(/ in ([\d.]+) s/.exec(out.toString())?.[1]);
    const target = kind === 'csv' ? 50_000 : 25_000;
    console.log(
      `  ${kind.toUpperCase()} import takes ${(total / raw).toFixed(2)}× the raw insert of the same rows and ` +
        `${(total / floor).toFixed(2)}× the floor of writing every row it writes; target ` +
        `${target.toLocaleString('en')} rows/s (the floor alone: ${Math.round(ROWS / floor).toLocaleString('en')}) ` +
        `and a peak RSS ≤ 300 MiB`,
    );
  }
  await benchStall(template, csvFile);
}
