// Export of the filtered sites to CSV and XLSX, one row per site and technology with its state, in the
// same columns the importer reads (so an export re-imported changes nothing). Text cells that a
// spreadsheet would run as a formula (= + - @, tab, carriage return) are neutralised with a quote.
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Stores } from '../stores.ts';
import type { SiteFilter } from '../db/sites.ts';
import { techStatesAt, TECHS } from '../../common/site-state.ts';
import { unitsInSet } from './site-units.ts';

export const EXPORT_HEADERS = [
  'Nhà mạng',
  'Mã trạm',
  'Tên trạm',
  'Tỉnh',
  'Vĩ độ',
  'Kinh độ',
  'Công nghệ',
  'Trạng thái',
  'Ngày',
  'Băng tần (MHz)',
  'Độ cao anten (m)',
  'Góc phương vị',
  'Độ rộng búp sóng',
];

/** Makes a text cell inert in spreadsheets: a leading = + - @ tab or CR gets a quote in front. */
export function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** The extra columns of an export in an earlier unit set's units (after the importer's own columns). */
export const headersInSet = (set: string) => [`Tỉnh (đơn vị ${set})`, `Huyện (đơn vị ${set})`, `Xã (đơn vị ${set})`];

/**
 * One row per site and technology. With `inSet` (an earlier unit set) each row also says the station's
 * province, district and commune in that set — the commune as "một trong: …" where the crosswalk cannot tell.
 */
export function exportRows(
  stores: Stores,
  f: SiteFilter,
  asOf: string,
  inSet: { set: string; province: string | null } | null = null,
): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const { site, events } of stores.sites.sitesWithEvents(f, asOf)) {
    const units = inSet ? unitsInSet(stores, inSet.set, site) : null;
    if (units && inSet?.province && units.province_code !== inSet.province) continue;
    const extra = units
      ? [
          units.province_name,
          units.district_name,
          units.commune_name ??
            (units.commune_candidates.length ? `một trong: ${units.commune_candidates.join(', ')}` : null),
        ]
      : [];
    const states = techStatesAt(events, asOf);
    const sectors = stores.sites.sectors(site.id);
    for (const tech of TECHS) {
      const st = states[tech];
      if (!st) continue;
      rows.push([
        site.operator_id,
        neutralise(site.site_code),
        site.name === null ? null : neutralise(site.name),
        site.province_code,
        site.lat,
        site.lon,
        tech,
        st.status,
        st.since,
        st.band_mhz,
        site.antenna_height_m,
        sectors.length ? sectors.map((x) => x.azimuth_deg).join('/') : null,
        sectors.length ? sectors[0]!.beamwidth_deg : null,
        ...extra,
      ]);
    }
  }
  return rows;
}

export function toCsv(rows: (string | number | null)[][], inSet: string | null = null): string {
  return stringify([[...EXPORT_HEADERS, ...(inSet ? headersInSet(inSet) : [])], ...rows], {
    // A BOM so Excel opens the Vietnamese text as UTF-8.
    bom: true,
    record_delimiter: 'windows',
    // Vietnamese Excel lists with ";": a field holding one is quoted too, so it never splits a row.
    quoted_match: /[;]/,
  });
}

/**
 * The rows as a workbook, written with ExcelJS's streaming writer: each row is committed as it is added,
 * so memory holds the compressed output rather than a model of every cell (100,000 sites took 2.3 GB).
 */
export async function toXlsx(
  rows: (string | number | null)[][],
  meta: { demo: boolean; label: string },
  inSet: string | null = null,
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs'); // loaded when first used (≈ 0.2 s of CPU per thread)
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'phusong';
  const headers = [...EXPORT_HEADERS, ...(inSet ? headersInSet(inSet) : [])];
  const sheet = wb.addWorksheet('Trạm BTS', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map(() => ({ width: 16 }));
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  head.commit();
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  if (meta.demo) {
    const info = wb.addWorksheet('Ghi chú');
    info
      .addRow([`${meta.label} — dữ liệu minh hoạ, không phải số liệu chính thức / demo data, not official figures`])
      .commit();
    info.commit();
  }
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
