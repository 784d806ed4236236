// Export of the filtered sites to CSV and XLSX, one row per site and technology with its state, in the
// same columns the importer reads (so an export re-imported changes nothing). Text cells that a
// spreadsheet would run as a formula (= + - @, tab, carriage return) are neutralised with a quote.
import ExcelJS from 'exceljs';
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

export async function toXlsx(
  rows: (string | number | null)[][],
  meta: { demo: boolean; label: string },
  inSet: string | null = null,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'phusong';
  const sheet = wb.addWorksheet('Trạm BTS', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...EXPORT_HEADERS, ...(inSet ? headersInSet(inSet) : [])]).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((c) => (c.width = 16));
  if (meta.demo) {
    const info = wb.addWorksheet('Ghi chú');
    info.addRow([`${meta.label} — dữ liệu minh hoạ, không phải số liệu chính thức / demo data, not official figures`]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
