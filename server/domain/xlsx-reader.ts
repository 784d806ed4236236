// The first sheet of an XLSX workbook as rows of text, in bounded memory and time. The sheet's XML is
// inflated as a stream (fflate) and read by a streaming XML parser (saxes) straight into rows of text:
// no cell objects, no whole sheet in memory. The workbook's small parts (which sheet comes first, the
// shared strings, which styles are dates) are read before it. Reading stops as soon as the sheet has more
// non-empty rows than allowed. Merged cells take the value of their range's top-left cell, as Excel
// shows them; formulas are never evaluated (their cached result is read as a value).
import { StringDecoder } from 'node:string_decoder';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** Thrown when the sheet has more rows than allowed (the caller says so in its own words). */
export class TooManyRows extends Error {}
/** Thrown at the first value right of the last column read (MAX_COLUMNS), naming its cell. */
export class TooManyColumns extends Error {
  constructor(readonly cell: string) {
    super(`a value in ${cell}, right of column ${columnName(MAX_COLUMNS)}`);
  }
}
/** Thrown when the workbook cannot be read as one. */
class UnreadableWorkbook extends Error {}

interface Merge {
  c0: number;
  r0: number;
  c1: number;
  r1: number;
}

/** Callbacks for a streaming read of one XML part; tag names without their namespace prefix. */
interface XmlHandlers {
  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  text?(text: string): void;
  close?(name: string): void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function xmlReader(h: XmlHandlers): SaxesParser {
  const parser = new SaxesParser();
  parser.on('opentag', (tag: SaxesTagPlain) => h.open(localName(tag.name), tag.attributes, tag.isSelfClosing));
  if (h.text) parser.on('text', h.text);
  if (h.close) parser.on('closetag', (tag: SaxesTagPlain) => h.close!(localName(tag.name)));
  return parser;
}

/**
 * Bytes handed on at a time, to the inflater and to the XML parser. A sheet's XML inflates to about nine
 * times its compressed size, and each piece comes out as one buffer and one string: 1 MiB pieces made
 * 9 MiB ones, which the allocator kept after they were freed (a 100,000-row workbook peaked at 360–428
 * MiB; with 64 KiB pieces, and its 5 MB of shared strings parsed in pieces too, 247–284 MiB, as fast).
 */
const PIECE = 64 << 10;

/** A whole (small) part, read in pieces: no string of the whole part is made. */
function readXml(data: Uint8Array, h: XmlHandlers): void {
  const parser = xmlReader(h);
  // StringDecoder keeps a character split between two pieces for the next.
  const decoder = new StringDecoder('utf8');
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < bytes.length; i += PIECE) parser.write(decoder.write(bytes.subarray(i, i + PIECE)));
  parser.write(decoder.end()).close();
}

/** An attribute by its local name (`r:id` and `id` alike). */
const attribute = (attributes: Record<string, string>, name: string): string | undefined => {
  for (const key in attributes) if (localName(key) === name) return attributes[key];
  return undefined;
};

/** Excel's built-in number formats that show a date or a time. */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
]);
for (let id = 50; id <= 58; id++) DATE_FORMAT_IDS.add(id);

/** Whether a custom format code shows a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
const isDateFormat = (code: string) =>
  /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').replace(/General/gi, ''));

interface WorkbookParts {
  sheetPath: string;
  shared: string[];
  /** By style index (the cell's `s`): whether a number in that style is a date. */
  dateStyles: boolean[];
  date1904: boolean;
}

/** Which sheet comes first in the workbook, its shared strings and its date styles. */
function readParts(data: Uint8Array): WorkbookParts {
  const wanted = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']);
  const parts = unzipSync(data, { filter: (entry) => wanted.has(entry.name) });
  const workbook = parts['xl/workbook.xml'];
  if (!workbook) throw new UnreadableWorkbook('no workbook');
  let firstSheet: string | undefined;
  let date1904 = false;
  readXml(workbook, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet' && firstSheet === undefined) firstSheet = attribute(a, 'id');
    },
  });
  let sheetPath: string | undefined;
  const rels = parts['xl/_rels/workbook.xml.rels'];
  if (rels && firstSheet !== undefined)
    readXml(rels, {
      open(name, a) {
        if (name !== 'Relationship' || a.Id !== firstSheet || !a.Target) return;
        sheetPath = a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target.replace(/^\.\//, '')}`;
      },
    });
  if (!sheetPath) throw new UnreadableWorkbook('no worksheet');

  const shared: string[] = [];
  const strings = parts['xl/sharedStrings.xml'];
  if (strings) {
    // A shared string is the text of its runs; phonetic guides (rPh) are not part of it.
    let text = '';
    let inText = false;
    let phonetic = 0;
    readXml(strings, {
      open(name, _a, selfClosing) {
        if (name === 'si') text = '';
        else if (name === 'rPh')
          phonetic++; // saxes closes a self-closing tag too
        else if (name === 't' && !selfClosing) inText = phonetic === 0;
      },
      text(t) {
        if (inText) text += t;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') shared.push(text);
      },
    });
  }

  const dateStyles: boolean[] = [];
  const styles = parts['xl/styles.xml'];
  if (styles) {
    const custom = new Map<number, string>();
    let inCellXfs = false;
    readXml(styles, {
      open(name, a, selfClosing) {
        if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = !selfClosing;
        else if (name === 'xf' && inCellXfs) {
          const id = Number(a.numFmtId ?? 0);
          const code = custom.get(id);
          dateStyles.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
    });
  }
  return { sheetPath, shared, dateStyles, date1904 };
}

/** A column's letters from its number (1 = A, 128 = DX). */
export function columnName(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/** A cell reference's column number (A = 1), from its letters. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n;
}

/**
 * Columns read (A to DX): a row stays a short array whatever its references. A value further right is
 * refused (TooManyColumns) rather than dropped unseen: it may be a column the import needs.
 */
export const MAX_COLUMNS = 128;

const MS_PER_DAY = 86_400_000;
/** A date serial as the calendar day it shows (1900 system: day 25569 is 1970-01-01; 1904: 24107). */
const serialDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - (date1904 ? 24107 : 25569)) * MS_PER_DAY)).toISOString().slice(0, 10);

/**
 * The first sheet's non-empty rows as trimmed text. At most `maxRows` rows (header included), else
 * TooManyRows as soon as the row after them is read.
 */
export async function readFirstSheet(data: Uint8Array, maxRows: number): Promise<string[][]> {
  let parts: WorkbookParts;
  try {
    parts = readParts(data);
  } catch (e) {
    throw new UnreadableWorkbook((e as Error).message);
  }
  const { shared, dateStyles, date1904 } = parts;
  const byNumber = new Map<number, string[]>();
  const merges: Merge[] = [];
  let width = 0;

  // The row and cell being read.
  let rowNumber = 0;
  let row: string[] = [];
  let column = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inValue = false;
  let inInline = false;
  let phonetic = 0;
  const cellText = (): string => {
    switch (type) {
      case 's':
        return shared[Number(value)] ?? '';
      case 'inlineStr':
      case 'str':
        return value;
      case 'b':
        return value === '1' ? 'true' : value === '0' ? 'false' : value;
      case 'e':
        return '';
      case 'd':
        return value.slice(0, 10);
      default: {
        if (value === '') return '';
        const n = Number(value);
        if (!Number.isFinite(n)) return value;
        return dateStyles[style] ? serialDate(n, date1904) : String(n);
      }
    }
  };
  const parser = xmlReader({
    open(name, a, selfClosing) {
      switch (name) {
        case 'row':
          rowNumber = a.r ? Number(a.r) : rowNumber + 1;
          row = [];
          column = 0;
          break;
        case 'c':
          column = a.r ? columnOf(a.r) : column + 1;
          type = a.t ?? 'n';
          style = a.s ? Number(a.s) : 0;
          value = '';
          break;
        case 'v':
          inValue = !selfClosing;
          break;
        case 'is':
          inInline = !selfClosing;
          break;
        case 'rPh':
          phonetic++; // saxes closes a self-closing tag too
          break;
        case 't':
          inValue = inInline && !selfClosing && phonetic === 0;
          break;
        case 'mergeCell': {
          const m = /^([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})$/.exec(a.ref ?? '');
          if (m) merges.push({ c0: columnOf(m[1]!), r0: Number(m[2]), c1: columnOf(m[3]!), r1: Number(m[4]) });
          break;
        }
      }
    },
    text(t) {
      if (inValue) value += t;
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          const text = cellText().trim();
          if (text === '' || column < 1) break;
          if (column > MAX_COLUMNS) throw new TooManyColumns(`${columnName(column)}${rowNumber}`);
          row[column - 1] = text;
          break;
        }
        case 'row': {
          if (row.length === 0) break;
          if (byNumber.size >= maxRows) throw new TooManyRows();
          byNumber.set(rowNumber, row);
          width = Math.max(width, row.length);
          break;
        }
      }
    },
  });

  // The sheet, inflated chunk by chunk into the parser. fflate catches what its handler throws, so the
  // handler records the first failure and the loop stops feeding.
  let seen = false;
  let failed: unknown = null;
  // Node's StringDecoder keeps a character split across two chunks for the next (TextDecoder's stream
  // mode does too, but at three times the cost).
  const decoder = new StringDecoder('utf8');
  const unzip = new Unzip((file) => {
    if (seen || file.name !== parts.sheetPath) return;
    seen = true;
    file.ondata = (err, chunk, final) => {
      if (failed) return;
      try {
        if (err) throw err;
        parser.write(decoder.write(chunk as Buffer));
        if (final) parser.write(decoder.end()).close();
      } catch (e) {
        failed = e;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < data.length && !failed; i += PIECE)
      unzip.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
  } catch (e) {
    failed ??= e;
  }
  if (failed instanceof TooManyRows || failed instanceof TooManyColumns) throw failed;
  if (failed) throw new UnreadableWorkbook((failed as Error).message);
  if (!seen) throw new UnreadableWorkbook('no worksheet');

  // Merged ranges, over the rows that have cells of their own and clipped to the sheet's width: a range
  // over a million empty rows adds none (it would otherwise pass the row limit unseen).
  for (const m of merges) {
    const top = byNumber.get(m.r0)?.[m.c0 - 1] ?? '';
    if (top === '') continue;
    for (const [r, cells] of byNumber) {
      if (r < m.r0 || r > m.r1) continue;
      for (let c = m.c0; c <= Math.min(m.c1, width); c++) if (!cells[c - 1]) cells[c - 1] = top;
    }
  }
  return [...byNumber.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => Array.from({ length: r.length }, (_, i) => r[i] ?? ''))
    .filter((r) => r.some((c) => c !== ''));
}
