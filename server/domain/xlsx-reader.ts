// The first sheet of an XLSX workbook as rows of text, in bounded memory and time: a first pass inflates
// the sheet's XML as a stream (never whole) to count its rows and collect its merged ranges — a file over
// the row limit is refused there, before anything is parsed — then ExcelJS's streaming reader reads the
// rows one at a time. Merged cells take the value of their range's top-left cell, as Excel shows them.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Unzip, UnzipInflate } from 'fflate';

/** Thrown when the sheet has more rows than allowed (the caller says so in its own words). */
export class TooManyRows extends Error {}
/** Thrown when the workbook cannot be read as one. */
class UnreadableWorkbook extends Error {}

const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
// A row element with content (an empty, formatted row is written self-closing and does not count).
const ROW = /<(?:\w+:)?row(?:\s[^>]*[^/])?>/g;
const MERGE = /<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"/g;

interface Merge {
  c0: number;
  r0: number;
  c1: number;
  r1: number;
}

const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Counts the rows of the first worksheet (zip order, as the streaming reader emits it) and reads its merges. */
function scanSheet(data: Uint8Array, maxRows: number): { rows: number; merges: Merge[] } {
  let rows = 0;
  const merges: Merge[] = [];
  let tail = '';
  let seen = false;
  let over = false;
  let failed: Error | null = null;
  const decoder = new TextDecoder();
  const unzip = new Unzip((file) => {
    if (seen || !SHEET.test(file.name)) return;
    seen = true;
    // fflate catches what its handler throws, so the handler only records what it found.
    file.ondata = (err, chunk, final) => {
      if (over || failed) return;
      if (err) return void (failed = err);
      // Keep a short overlap so a tag split across two chunks is still seen once.
      const text = tail + decoder.decode(chunk, { stream: !final });
      const keep = final ? text.length : Math.max(0, text.lastIndexOf('<'));
      const scan = text.slice(0, keep);
      tail = text.slice(keep);
      rows += scan.match(ROW)?.length ?? 0;
      if (rows > maxRows) return void (over = true);
      for (const m of scan.matchAll(MERGE))
        merges.push({ c0: column(m[1]!), r0: Number(m[2]), c1: column(m[3]!), r1: Number(m[4]) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const STEP = 1 << 20;
  try {
    for (let i = 0; i < data.length && !over && !failed; i += STEP)
      unzip.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  } catch (e) {
    throw new UnreadableWorkbook((e as Error).message);
  }
  if (over) throw new TooManyRows();
  if (failed) throw new UnreadableWorkbook((failed as Error).message);
  if (!seen) throw new UnreadableWorkbook('no worksheet');
  return { rows, merges };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    // Formulas are never evaluated: their cached result is read as a value.
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return '';
  }
  return String(v);
}

/**
 * The first sheet's non-empty rows as trimmed text. At most `maxRows` rows (header included), else
 * TooManyRows before any row is parsed.
 */
export async function readFirstSheet(data: Uint8Array, maxRows: number): Promise<string[][]> {
  const { merges } = scanSheet(data, maxRows);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(data)]), {
    sharedStrings: 'cache',
    styles: 'cache', // a date is a number with a date style
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const byNumber = new Map<number, string[]>();
  let width = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
        if (!values.some((v) => v !== '')) continue;
        if (byNumber.size >= maxRows) throw new TooManyRows();
        byNumber.set(row.number, values);
        width = Math.max(width, values.length);
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof TooManyRows) throw e;
    throw new UnreadableWorkbook((e as Error).message);
  }
  // Merged ranges, clipped to the cells the sheet has (a range over the whole sheet costs nothing more).
  const last = Math.max(0, ...byNumber.keys());
  for (const m of merges) {
    const value = byNumber.get(m.r0)?.[m.c0 - 1] ?? '';
    if (value === '') continue;
    for (let r = m.r0; r <= Math.min(m.r1, last); r++) {
      let row = byNumber.get(r);
      if (!row) byNumber.set(r, (row = []));
      for (let c = m.c0; c <= Math.min(m.c1, width); c++) if (!row[c - 1]) row[c - 1] = value;
    }
  }
  return [...byNumber.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => Array.from({ length: r.length }, (_, i) => r[i] ?? ''))
    .filter((r) => r.some((c) => c !== ''));
}
