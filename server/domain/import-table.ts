// Reading an uploaded table, for every import (stations, indicators, unit lists): the first sheet of an
// XLSX or a CSV (comma or semicolon; UTF-8 with or without BOM, or UTF-16), its header row and its rows as
// text. Every row counts: a file over the limit is refused, never cut short.
import { parse as parseCsv } from 'csv-parse/sync';
import { columnName, MAX_COLUMNS, readFirstSheet, TooManyColumns, TooManyRows } from './xlsx-reader.ts';
import { DomainError } from './errors.ts';
import { checkZip } from './zip-guard.ts';

export const MAX_IMPORT_ROWS = 200_000;

export interface Table {
  headers: string[];
  rows: string[][];
}

export interface RowError {
  row: number;
  column: string | null;
  reason: string;
  reason_vi: string;
}

/**
 * Text of a CSV: UTF-8 (with or without BOM) or UTF-16 with its BOM, as Excel saves them. Anything else
 * (Windows-1258, TCVN3…) is refused with the way out, rather than read as garbled names.
 */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new DomainError(
      'wrong_encoding',
      'file: not UTF-8 text; in Excel choose "Save as → CSV UTF-8", or upload the .xlsx',
      'file: không phải văn bản UTF-8; trong Excel chọn "Lưu thành → CSV UTF-8", hoặc tải lên tệp .xlsx',
      'file',
    );
  }
}

export const tooManyRows = () =>
  new DomainError(
    'too_many_rows',
    `file: more than ${MAX_IMPORT_ROWS.toLocaleString('en')} rows (the limit); split the file`,
    `file: quá ${MAX_IMPORT_ROWS.toLocaleString('vi')} dòng (giới hạn); hãy chia nhỏ tệp`,
    'file',
  );

async function readXlsxGrid(data: Uint8Array): Promise<string[][]> {
  try {
    return await readFirstSheet(data, MAX_IMPORT_ROWS + 1);
  } catch (e) {
    if (e instanceof TooManyRows) throw tooManyRows();
    if (e instanceof TooManyColumns) {
      const last = columnName(MAX_COLUMNS);
      throw new DomainError(
        'too_many_columns',
        `file: cell ${e.cell} holds a value right of column ${last}; phusong reads columns A to ${last} (${MAX_COLUMNS}) — delete the columns the import does not need, or move the ones it needs to the left`,
        `file: ô ${e.cell} có dữ liệu bên phải cột ${last}; phusong chỉ đọc các cột A đến ${last} (${MAX_COLUMNS}) — hãy xoá các cột không cần nhập, hoặc chuyển các cột cần nhập sang trái`,
        'file',
      );
    }
    throw new DomainError(
      'unreadable_file',
      'file: not a readable .xlsx workbook',
      'file: không đọc được tệp .xlsx',
      'file',
    );
  }
}

/**
 * Reads the first sheet of an XLSX, or a CSV (comma or semicolon, UTF-8 with or without BOM). Every row
 * counts: a file with more than MAX_IMPORT_ROWS rows is refused, never cut short.
 */
export async function readTable(data: Uint8Array, filename: string): Promise<Table> {
  let grid: string[][];
  if (/\.xlsx$/i.test(filename)) {
    await checkZip(data, '.xlsx workbook');
    grid = await readXlsxGrid(data);
  } else if (/\.(csv|txt)$/i.test(filename)) {
    const text = decodeText(data);
    const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    // A value repeated down a column (technology, state, date, band) is kept once, and each row is an
    // array of its own length: a 100,000-row file's rows take 36 MiB rather than 56. The first 4,096
    // distinct short values are kept, so a column of unique values does not fill the map.
    const kept = new Map<string, string>();
    const intern = (v: string) => {
      if (v.length > 16) return v;
      const k = kept.get(v);
      if (k !== undefined) return k;
      if (kept.size < 4096) kept.set(v, v);
      return v;
    };
    try {
      grid = parseCsv(text, {
        on_record: (r: string[]) => {
          const out = new Array<string>(r.length);
          for (let i = 0; i < r.length; i++) out[i] = intern(r[i]!);
          return out;
        },
        bom: true,
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        // The header, the limit, and one more: that one means the file is over the limit.
        to: MAX_IMPORT_ROWS + 2,
      });
    } catch (e) {
      throw new DomainError(
        'unreadable_file',
        `file: not a readable CSV (${(e as Error).message})`,
        'file: không đọc được tệp CSV',
        'file',
      );
    }
    if (grid.length > MAX_IMPORT_ROWS + 1) throw tooManyRows();
  } else {
    throw new DomainError(
      'unsupported_file',
      'file: expected a .csv or .xlsx file',
      'file: cần tệp .csv hoặc .xlsx',
      'file',
    );
  }
  const [headers, ...rows] = grid.filter((r) => r.some((c) => c !== ''));
  if (!headers) throw new DomainError('empty_file', 'file: no header row', 'file: không có dòng tiêu đề', 'file');
  return { headers, rows };
}
