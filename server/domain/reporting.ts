// Monthly reporting: the key figures month by month (charts), the districts' communication reports with
// who has not reported as the 20th approaches, and the report the province sends the Ministry as XLSX.
import type ExcelJS from 'exceljs';
import { monthVi } from '../../common/month.ts';
import type { Stores } from '../stores.ts';
import { DomainError } from './errors.ts';
import { summary, summaryInSet, type SummaryQuery } from './summary.ts';
import { COMM_FORM_LABELS, COMM_FORMS, type CommForm } from '../../common/comm-forms.ts';
import type { Actor } from './stations.ts';
import type { SunsetProgramme } from '../../common/sunsets.ts';

/** The day of the month by which every district reports that month's communication work. */
export const REPORT_DAY = 20;

interface SeriesQuery {
  province?: string | null;
  district?: string | null;
  programme: SunsetProgramme;
}

export function series(stores: Stores, q: SeriesQuery) {
  return seriesOf(stores.indicators.months(q.province ?? null), (month) => summary(stores, { ...q, month }));
}

/** The same month by month in an earlier unit set, as reported in it (its own months only). */
export function seriesInSet(stores: Stores, set: string, q: SeriesQuery) {
  return seriesOf(stores.reported.monthsIn(set), (month) => summaryInSet(stores, set, { ...q, month }));
}

function seriesOf(months: string[], at: (month: string) => ReturnType<typeof summary>) {
  return months.map((month) => {
    const s = at(month);
    return {
      month,
      subscribers: s.subscribers,
      subscribers_2g: s.subscribers_2g,
      subscribers_3g: s.subscribers_3g,
      subscribers_no_volte: s.subscribers_no_volte,
      subscribers_sunset: s.subscribers_sunset,
      households: s.households,
      households_without_smartphone: s.households_without_smartphone,
      share_2g: s.share_2g,
      share_3g: s.share_3g,
      share_sunset: s.share_sunset,
      share_smartphone: s.share_smartphone,
      sites_2g_switched_off: s.sites_2g_switched_off,
      sites_3g_switched_off: s.sites_3g_switched_off,
      sites_sunset_switched_off: s.sites_sunset_switched_off,
      sites_4g_new: s.sites_4g_new,
      sites_4g_upgraded: s.sites_4g_upgraded,
    };
  });
}

export type ReportStatus = 'reported' | 'due' | 'late';

/** Districts of a province with their report of the month; the missing ones flagged due or late. */
export function commReports(stores: Stores, q: { province: string; month: string; today: string }) {
  const deadline = `${q.month}-${String(REPORT_DAY).padStart(2, '0')}`;
  const rows = stores.reports.list({ province: q.province, month: q.month });
  const totals = Object.fromEntries(COMM_FORMS.map((f) => [f, 0])) as Record<CommForm, number>;
  const districts = stores.units.districts(q.province).map((d) => {
    const items = rows.filter((r) => r.district_code === d.code);
    for (const i of items) totals[i.form as CommForm] = (totals[i.form as CommForm] ?? 0) + i.count;
    // Late once the deadline has passed; due from five days before it.
    const status: ReportStatus = items.length > 0 ? 'reported' : q.today > deadline ? 'late' : 'due';
    return {
      code: d.code,
      name: d.name,
      status,
      items: items.map(({ form, count, media }) => ({ form, count, media })),
      total: items.reduce((a, i) => a + i.count, 0),
    };
  });
  return {
    province: q.province,
    month: q.month,
    deadline,
    districts,
    missing: districts.filter((d) => d.status !== 'reported').map((d) => d.code),
    totals,
    total: Object.values(totals).reduce((a, b) => a + b, 0),
  };
}

export function saveCommReport(
  stores: Stores,
  actor: Actor,
  r: { district: string; month: string; items: { form: CommForm; count: number; media?: string | null }[] },
) {
  if (!stores.units.district(r.district))
    throw new DomainError(
      'not_found',
      `district ${r.district} not found`,
      `không tìm thấy huyện ${r.district}`,
      'district',
    );
  const forms = new Set<string>();
  r.items.forEach((i, k) => {
    if (forms.has(i.form))
      throw new DomainError(
        'duplicate_form',
        `items.${k}.form: ${i.form} is listed twice`,
        `items.${k}.form: ${i.form} bị lặp`,
        `items.${k}.form`,
      );
    forms.add(i.form);
  });
  const before = stores.reports.list({ district: r.district, month: r.month });
  const at = new Date().toISOString();
  stores.db.transaction(() => {
    stores.reports.remove(r.district, r.month);
    for (const i of r.items)
      stores.reports.insert({
        district_code: r.district,
        month: r.month,
        form: i.form,
        count: i.count,
        media: i.media ?? null,
        reported_at: at,
      });
    stores.audit.record(
      {
        user_id: actor.user.id,
        actor: actor.user.username,
        via: actor.via,
        entity: 'comm_report',
        entity_id: `${r.district}:${r.month}`,
        action: before.length ? 'update' : 'create',
        before: before.length ? before : null,
        after: r.items,
      },
      at,
    );
  })();
  return { district: r.district, month: r.month, items: r.items.length };
}

/** The monthly report for the Ministry: communication work by district with totals, and progress. */
/**
 * The administrative frame of the monthly report (Decree 30/2020/NĐ-CP): the same words in its XLSX and
 * its PDF — issuing body and number, emblem line and motto, place and date, addressee, recipients and
 * signature block.
 */
export function reportFrame(province: { name: string }, today: string) {
  const [yy, mm, dd] = today.split('-');
  const place = province.name.replace(/^(Thành phố|Tỉnh|Thủ đô) /, '');
  return {
    authority: `UBND ${province.name.toUpperCase()}`,
    issuer: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
    number: 'Số:        /BC-SKHCN',
    nation: 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    placeDate: `${place}, ngày ${dd} tháng ${mm} năm ${yy}`,
    kind: 'BÁO CÁO',
    addressee: 'Kính gửi: Bộ Khoa học và Công nghệ (Cục Viễn thông).',
    recipientsTitle: 'Nơi nhận:',
    recipients: ['- Như trên;', `- UBND ${province.name} (để báo cáo);`, '- Lưu: VT, BCVT.'],
    signer: 'GIÁM ĐỐC',
    signHint: '(Ký, ghi rõ họ tên và đóng dấu)',
  };
}

export async function monthlyReportXlsx(
  stores: Stores,
  q: { province: string; month: string; today: string; programme: SunsetProgramme },
): Promise<Uint8Array> {
  const province = stores.units.province(q.province)!;
  const comm = commReports(stores, q);
  const { default: Excel } = await import('exceljs'); // loaded when first used (≈ 0.2 s of CPU per thread)
  const wb = new Excel.Workbook();
  wb.creator = 'phusong';
  const bold = { bold: true };

  // The administrative heading the department files (Decree 30/2020/NĐ-CP): issuing body and number on
  // the left, the national emblem line and motto, place and date on the right; then title and addressee.
  const s1 = wb.addWorksheet('Truyền thông', { views: [{ state: 'frozen', ySplit: 9 }] });
  const tech = q.programme.technology;
  const frame = reportFrame(province, q.today);
  const heading: [string, string, Partial<ExcelJS.Font>, Partial<ExcelJS.Font>][] = [
    [frame.authority, frame.nation, {}, bold],
    [frame.issuer, frame.motto, bold, { bold: true, underline: true }],
    [frame.number, frame.placeDate, {}, { italic: true }],
  ];
  for (const [left, right, lf, rf] of heading) {
    const r = s1.addRow([left, '', right]);
    s1.mergeCells(r.number, 1, r.number, 2);
    s1.mergeCells(r.number, 3, r.number, 5);
    r.getCell(1).font = lf;
    r.getCell(3).font = rf;
    r.getCell(1).alignment = { horizontal: 'center' };
    r.getCell(3).alignment = { horizontal: 'center' };
  }
  s1.addRow([]);
  for (const [text, font] of [
    [frame.kind, bold],
    [`Công tác truyền thông dừng công nghệ ${tech} — ${province.name} — tháng ${monthVi(q.month)}`, bold],
    [frame.addressee, {}],
  ] as const) {
    const r = s1.addRow([text]);
    s1.mergeCells(r.number, 1, r.number, 5);
    r.getCell(1).font = font;
    r.getCell(1).alignment = { horizontal: 'center' };
  }
  s1.addRow([]);
  s1.addRow(['Huyện', 'Hình thức', 'Số lần', 'Phương tiện', 'Tình trạng']).font = bold;
  for (const d of comm.districts) {
    if (d.items.length === 0) {
      s1.addRow([d.name, '', null, '', d.status === 'late' ? 'Chưa báo cáo (quá hạn)' : 'Chưa báo cáo']);
      continue;
    }
    for (const i of d.items)
      s1.addRow([d.name, COMM_FORM_LABELS[i.form as CommForm]?.vi ?? i.form, i.count, i.media ?? '', 'Đã báo cáo']);
    s1.addRow([`Cộng ${d.name}`, '', d.total, '', '']).font = bold;
  }
  s1.addRow([]);
  s1.addRow(['TỔNG CỘNG TOÀN TỈNH', 'Hình thức', 'Số lần']).font = bold;
  for (const f of COMM_FORMS) s1.addRow(['', COMM_FORM_LABELS[f].vi, comm.totals[f]]);
  s1.addRow(['Tổng', '', comm.total]).font = bold;
  s1.addRow([]);
  const sign = s1.addRow([frame.recipientsTitle, '', frame.signer]);
  s1.mergeCells(sign.number, 3, sign.number, 5);
  sign.getCell(1).font = { bold: true, italic: true };
  sign.getCell(3).font = bold;
  sign.getCell(3).alignment = { horizontal: 'center' };
  const [first, ...others] = frame.recipients;
  const hint = s1.addRow([first, '', frame.signHint]);
  s1.mergeCells(hint.number, 3, hint.number, 5);
  hint.getCell(3).font = { italic: true };
  hint.getCell(3).alignment = { horizontal: 'center' };
  for (const r of others) s1.addRow([r]);
  s1.columns.forEach((c, i) => (c.width = [34, 34, 10, 40, 24][i] ?? 14));
  s1.getColumn(3).numFmt = '#,##0';

  const s2 = wb.addWorksheet('Tiến độ', { views: [{ state: 'frozen', ySplit: 3 }] });
  s2.addRow([`Tiến độ chuyển đổi — ${province.name} — tháng ${monthVi(q.month)}`]).font = bold;
  s2.addRow([]);
  const head = [
    'Đơn vị',
    'Thuê bao',
    'Thuê bao 2G',
    'Thuê bao 3G',
    'Thuê bao 4G chưa VoLTE',
    `Thuê bao mất liên lạc khi tắt ${tech}`,
    'Số hộ',
    'Hộ có ĐTTM',
    'Hộ chưa có ĐTTM',
    'Trạm tắt 2G',
    'Trạm tắt 3G',
    'Trạm 4G mới',
    'Trạm nâng cấp 4G',
  ];
  s2.addRow(head).font = bold;
  const row = (name: string, s: ReturnType<typeof summary>) => [
    name,
    s.subscribers,
    s.subscribers_2g,
    s.subscribers_3g,
    s.subscribers_no_volte,
    s.subscribers_sunset,
    s.households,
    s.households_smartphone,
    s.households_without_smartphone,
    s.sites_2g_switched_off,
    s.sites_3g_switched_off,
    s.sites_4g_new,
    s.sites_4g_upgraded,
  ];
  for (const d of stores.units.districts(q.province))
    s2.addRow(row(d.name, summary(stores, { district: d.code, month: q.month, programme: q.programme })));
  s2.addRow(row('TOÀN TỈNH', summary(stores, { province: q.province, month: q.month, programme: q.programme }))).font =
    bold;
  s2.columns.forEach((c, i) => {
    c.width = i === 0 ? 30 : 16;
    // Thousands grouped as the reader's Excel writes them (2.512.000 in Vietnamese).
    if (i > 0) c.numFmt = '#,##0';
  });

  const meta = stores.meta();
  if (meta.demo) wb.addWorksheet('Ghi chú').addRow([`${meta.label}: dữ liệu minh hoạ, không phải số liệu chính thức`]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
