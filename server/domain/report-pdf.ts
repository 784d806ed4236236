// The department's monthly report as a PDF in the administrative layout it files (the form of Decree
// 30/2020/NĐ-CP): issuing body and number on the left, national emblem line and motto on the right, place
// and date, title, addressee, the communication work by reporting unit (forms × number of times × media)
// with the province's totals by form, the progress of the switch-off, and the signature blocks. Text is
// set in Noto Serif (an npm font package, embedded and subset by pdf-lib with fontkit): every Vietnamese
// letter is real, selectable text; nothing is fetched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PDFFont, PDFPage } from 'pdf-lib';
import type { Stores } from '../stores.ts';
import { monthVi } from '../../common/month.ts';
import { COMM_FORM_LABELS, COMM_FORMS, type CommForm } from '../../common/comm-forms.ts';
import type { SunsetProgramme } from '../../common/sunsets.ts';
import { commReports, reportFrame } from './reporting.ts';
import { summary } from './summary.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
} as const;
let fontBytes: Record<keyof typeof FONT_FILES, Uint8Array> | null = null;
const fonts = () =>
  (fontBytes ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([k, f]) => [k, new Uint8Array(readFileSync(require.resolve(f)))]),
  ) as Record<keyof typeof FONT_FILES, Uint8Array>);

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
/** Margins of an administrative document: top and bottom 20 mm, left 30 mm, right 15 mm. */
const M = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const number = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('vi-VN'));
const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} %`;

export async function monthlyReportPdf(
  stores: Stores,
  q: { province: string; month: string; today: string; programme: SunsetProgramme },
): Promise<Uint8Array> {
  const province = stores.units.province(q.province)!;
  const comm = commReports(stores, q);
  const totals = summary(stores, { province: q.province, month: q.month, programme: q.programme });
  const demo = stores.meta().demo;
  const tech = q.programme.technology;
  const frame = reportFrame(province, q.today);

  // Loaded with the first report: pdf-lib and fontkit cost every process and worker thread ≈ 0.2 s of CPU
  // to load, and only this report uses them.
  const [{ PDFDocument, rgb, degrees }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const f = fonts();
  const regular = await pdf.embedFont(f.regular, { subset: false });
  const bold = await pdf.embedFont(f.bold, { subset: false });
  const italic = await pdf.embedFont(f.italic, { subset: false });
  pdf.setTitle(`Báo cáo công tác dừng công nghệ ${tech} — ${province.name} — tháng ${monthVi(q.month)}`);
  pdf.setAuthor(`Sở Khoa học và Công nghệ — ${province.name}`);
  pdf.setCreator('phusong');
  pdf.setLanguage('vi-VN');

  let page: PDFPage;
  let y = 0;
  const pages: PDFPage[] = [];
  const newPage = () => {
    page = pdf.addPage([PAGE.width, PAGE.height]);
    pages.push(page);
    y = PAGE.height - M.top - (pages.length > 1 ? 18 : 0);
  };
  newPage();
  const text = (
    s: string,
    x: number,
    at: number,
    o: { font?: PDFFont; size?: number; align?: 'left' | 'center' | 'right' } = {},
  ) => {
    const font = o.font ?? regular;
    const size = o.size ?? 13;
    const w = font.widthOfTextAtSize(s, size);
    const left = o.align === 'center' ? x - w / 2 : o.align === 'right' ? x - w : x;
    page.drawText(s, { x: left, y: at, size, font, color: rgb(0, 0, 0) });
    return w;
  };
  /** Lines of at most `width` points (words kept whole). */
  const wrap = (s: string, font: PDFFont, size: number, width: number): string[] => {
    const out: string[] = [];
    let line = '';
    for (const word of s.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > width) {
        out.push(line);
        line = word;
      } else line = next;
    }
    if (line) out.push(line);
    return out.length ? out : [''];
  };
  const ensure = (room: number) => {
    if (y - room < M.bottom) newPage();
  };
  const paragraph = (s: string, o: { font?: PDFFont; size?: number; indent?: number } = {}) => {
    const size = o.size ?? 13;
    const width = PAGE.width - M.left - M.right - (o.indent ?? 0);
    for (const [i, line] of wrap(s, o.font ?? regular, size, width).entries()) {
      ensure(size * 1.5);
      text(line, M.left + (i === 0 ? (o.indent ?? 0) : 0), y, { font: o.font, size });
      y -= size * 1.45;
    }
  };

  // The heading: issuing body and number (left), the national emblem line and motto, place and date (right).
  const leftX = M.left + 62;
  const rightX = PAGE.width - M.right - 130;
  const top = y;
  text(frame.authority, leftX, top, { size: 12, align: 'center' });
  text(frame.issuer, leftX, top - 15, { font: bold, size: 12, align: 'center' });
  page!.drawLine({ start: { x: leftX - 30, y: top - 19 }, end: { x: leftX + 30, y: top - 19 }, thickness: 0.6 });
  text(frame.number, leftX, top - 40, { size: 13, align: 'center' });
  text(frame.nation, rightX, top, { font: bold, size: 12, align: 'center' });
  const mw = text(frame.motto, rightX, top - 15, { font: bold, size: 13, align: 'center' });
  page!.drawLine({
    start: { x: rightX - mw / 2, y: top - 19 },
    end: { x: rightX + mw / 2, y: top - 19 },
    thickness: 0.6,
  });
  text(frame.placeDate, rightX, top - 40, { font: italic, size: 13, align: 'center' });
  y = top - 80;

  text(frame.kind, PAGE.width / 2, y, { font: bold, size: 14, align: 'center' });
  y -= 18;
  for (const line of wrap(
    `Công tác truyền thông dừng công nghệ ${tech} và tiến độ chuyển đổi tháng ${monthVi(q.month)}`,
    bold,
    14,
    PAGE.width - M.left - M.right - 40,
  )) {
    text(line, PAGE.width / 2, y, { font: bold, size: 14, align: 'center' });
    y -= 18;
  }
  y -= 8;
  text(frame.addressee, PAGE.width / 2, y, { size: 13, align: 'center' });
  y -= 28;
  paragraph(
    `Thực hiện lộ trình dừng công nghệ ${tech}, Sở Khoa học và Công nghệ ${province.name} báo cáo kết quả công tác truyền thông và tiến độ chuyển đổi tháng ${monthVi(q.month)} như sau:`,
    { indent: 28 },
  );
  y -= 6;

  // I. The communication work, by reporting unit, then the province's totals by form.
  paragraph('I. CÔNG TÁC TRUYỀN THÔNG', { font: bold });
  const cols = [
    { title: 'TT', width: 24 },
    { title: 'Đơn vị báo cáo', width: 120 },
    { title: 'Hình thức truyền thông', width: 140 },
    { title: 'Số lần', width: 50 },
    { title: 'Phương tiện', width: PAGE.width - M.left - M.right - 334 },
  ];
  const row = (cells: string[], font: PDFFont, size = 11) => {
    const lines = cells.map((c, i) => wrap(c, font, size, cols[i]!.width - 6));
    const h = Math.max(...lines.map((l) => l.length)) * size * 1.3 + 6;
    if (y - h < M.bottom) {
      newPage();
      if (font !== bold)
        row(
          cols.map((c) => c.title),
          bold,
        );
    }
    let x = M.left;
    for (const [i, c] of cols.entries()) {
      page.drawRectangle({ x, y: y - h, width: c.width, height: h, borderWidth: 0.5, borderColor: rgb(0, 0, 0) });
      lines[i]!.forEach((l, k) => {
        const ty = y - 4 - size - k * size * 1.3;
        if (i === 0 || i === 3) text(l, x + c.width - 3, ty, { font, size, align: 'right' });
        else text(l, x + 3, ty, { font, size });
      });
      x += c.width;
    }
    y -= h;
  };
  ensure(60);
  row(
    cols.map((c) => c.title),
    bold,
  );
  comm.districts.forEach((d, n) => {
    if (d.items.length === 0) {
      row([String(n + 1), d.name, d.status === 'late' ? 'Chưa báo cáo (quá hạn)' : 'Chưa báo cáo', '', ''], italic);
      return;
    }
    d.items.forEach((it, k) =>
      row(
        [
          k === 0 ? String(n + 1) : '',
          k === 0 ? d.name : '',
          COMM_FORM_LABELS[it.form as CommForm]?.vi ?? it.form,
          number(it.count),
          it.media ?? '',
        ],
        regular,
      ),
    );
    row(['', `Cộng ${d.name}`, '', number(d.total), ''], bold);
  });
  for (const form of COMM_FORMS)
    row(['', 'Toàn tỉnh', COMM_FORM_LABELS[form].vi, number(comm.totals[form]), ''], regular);
  row(['', 'TỔNG CỘNG TOÀN TỈNH', '', number(comm.total), ''], bold);
  y -= 20;
  if (comm.missing.length)
    paragraph(
      `Đơn vị chưa báo cáo: ${comm.districts
        .filter((d) => d.status !== 'reported')
        .map((d) => d.name)
        .join('; ')}.`,
      { font: italic, size: 12 },
    );

  // II. The progress of the switch-off, from the month's figures.
  y -= 6;
  paragraph('II. TIẾN ĐỘ CHUYỂN ĐỔI', { font: bold });
  for (const s of [
    `- Thuê bao di động: ${number(totals.subscribers)}; thuê bao sẽ mất liên lạc khi dừng ${tech}: ${number(totals.subscribers_sunset)} (${percent(totals.share_sunset)}).`,
    `- Thuê bao chỉ dùng 2G: ${number(totals.subscribers_2g)}; thuê bao máy 3G: ${number(totals.subscribers_3g)}; thuê bao 4G chưa hỗ trợ VoLTE: ${number(totals.subscribers_no_volte)}.`,
    `- Hộ gia đình chưa có điện thoại thông minh: ${number(totals.households_without_smartphone)} trên ${number(totals.households)} hộ.`,
    `- Trạm đã tắt 2G: ${number(totals.sites_2g_switched_off)}; đã tắt 3G: ${number(totals.sites_3g_switched_off)}; trạm 4G mới: ${number(totals.sites_4g_new)}; trạm nâng cấp 4G: ${number(totals.sites_4g_upgraded)}.`,
  ])
    paragraph(s, { indent: 28 });
  y -= 6;
  paragraph(`Sở Khoa học và Công nghệ ${province.name} kính báo cáo./.`, { indent: 28 });

  // Signature blocks: recipients (left), the director (right).
  ensure(120);
  y -= 14;
  const sig = y;
  text(frame.recipientsTitle, M.left, sig, { font: bold, size: 12 });
  frame.recipients.forEach((l, i) => text(l, M.left, sig - 14 - i * 13, { size: 11 }));
  text(frame.signer, rightX, sig, { font: bold, size: 13, align: 'center' });
  text(frame.signHint, rightX, sig - 16, { font: italic, size: 12, align: 'center' });

  // Page numbers from the second page (top centre), and the demo mark on every page.
  pages.forEach((p, i) => {
    if (i > 0) {
      const s = String(i + 1);
      p.drawText(s, {
        x: PAGE.width / 2 - regular.widthOfTextAtSize(s, 12) / 2,
        y: PAGE.height - M.top + 4,
        size: 12,
        font: regular,
      });
    }
    if (demo) {
      p.drawText('DỮ LIỆU MINH HOẠ', {
        x: 120,
        y: 260,
        size: 56,
        font: bold,
        color: rgb(0.85, 0.85, 0.85),
        rotate: degrees(35),
        opacity: 0.5,
      });
      p.drawText('Dữ liệu minh hoạ — không phải số liệu chính thức / demo data, not official figures', {
        x: M.left,
        y: M.bottom - 24,
        size: 9,
        font: italic,
        color: rgb(0.5, 0.3, 0),
      });
    }
  });
  return pdf.save();
}
