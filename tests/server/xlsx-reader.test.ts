// The XLSX reader on workbooks from three writers: ExcelJS (as the product's own exports), GDAL's
// ogr2ogr (a GIS client's), and parts written here by hand in the forms other writers use (namespace
// prefixes, inline strings with phonetic guides, cells without references, the 1904 date system).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { readFirstSheet, TooManyColumns, TooManyRows } from '../../server/domain/xlsx-reader.ts';
import { readTable } from '../../server/domain/import-table.ts';
import { DomainError } from '../../server/domain/errors.ts';
import { scratchDir } from '../helpers.ts';

const bytes = async (wb: ExcelJS.Workbook, options?: Partial<ExcelJS.XlsxWriteOptions>) =>
  new Uint8Array(await wb.xlsx.writeBuffer(options));

describe('the XLSX reader', () => {
  it('reads every kind of cell as the text Excel shows, from shared or inline strings', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('Trạm');
    s.addRow(['Mã trạm', 'Tên trạm', 'Vĩ độ', 'Ngày', 'Công thức', 'Chuỗi', 'Đúng', 'Lỗi', 'Liên kết']);
    s.addRow([
      '  B-1 ',
      { richText: [{ text: 'Trạm ' }, { font: { bold: true }, text: 'Đồng Văn' }] },
      21.326864,
      new Date(Date.UTC(2024, 2, 15)),
      { formula: '20+10', result: 30 },
      { formula: 'A2&"x"', result: 'B-1x' },
      true,
      { error: '#N/A' },
      { text: 'Mộc Châu', hyperlink: 'https://example.org/' },
    ]);
    s.getCell('D2').numFmt = 'dd/mm/yyyy';
    const row3 = s.addRow(['B-2', 'Trạm <Sơn La> & "Mai Sơn"', 1e-7, 45383]);
    row3.getCell(4).numFmt = 'yyyy-mm-dd';
    const expected = [
      ['Mã trạm', 'Tên trạm', 'Vĩ độ', 'Ngày', 'Công thức', 'Chuỗi', 'Đúng', 'Lỗi', 'Liên kết'],
      ['B-1', 'Trạm Đồng Văn', '21.326864', '2024-03-15', '30', 'B-1x', 'true', '', 'Mộc Châu'],
      ['B-2', 'Trạm <Sơn La> & "Mai Sơn"', '1e-7', '2024-04-01'],
    ];
    expect(await readFirstSheet(await bytes(wb), 10)).toEqual(expected);
    expect(await readFirstSheet(await bytes(wb, { useSharedStrings: false }), 10)).toEqual(expected);
  });

  it('keeps Vietnamese names whole wherever the inflated sheet is cut into chunks', async () => {
    // 30,000 names fill several chunks of the streamed shared strings: a character split between two
    // chunks must come out whole (ExcelJS's streaming reader turned 12 of 100,000 names into U+FFFD).
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('x');
    s.addRow(['Mã trạm', 'Tên trạm']);
    const names = Array.from({ length: 30_000 }, (_, i) => `Trạm Đồng Văn ${i} — Hà Giang cũ`);
    names.forEach((n, i) => s.addRow([`B-${i}`, n]));
    const rows = await readFirstSheet(await bytes(wb), 40_000);
    expect(rows.length).toBe(30_001);
    expect(rows.slice(1).map((r) => r[1])).toEqual(names);
  });

  it('reads the first sheet in the workbook order, and stops at the row limit', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('first').addRows([['a'], ['b'], ['c']]);
    wb.addWorksheet('second').addRows([['x']]);
    const data = await bytes(wb);
    expect(await readFirstSheet(data, 3)).toEqual([['a'], ['b'], ['c']]);
    await expect(readFirstSheet(data, 2)).rejects.toBeInstanceOf(TooManyRows);
  });

  it('reads parts written with namespace prefixes, inline strings, phonetic guides and the 1904 dates', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const zip = zipSync({
      // The sheet listed second in the zip is the workbook's first.
      'xl/worksheets/sheet2.xml': strToU8(
        `<x:worksheet ${ns}><x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ${ns}><x:sheetData>` +
          `<x:row r="1"><x:c t="inlineStr"><x:is><x:t>Mã trạm</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Ngày</x:t></x:is></x:c></x:row>` +
          `<x:row r="3"><x:c t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Lào </x:t></x:r><x:r><x:t>Cai</x:t></x:r>` +
          `<x:rPh sb="0" eb="3"><x:t>ラオ</x:t></x:rPh></x:is></x:c><x:c s="1"><x:v>43904</x:v></x:c></x:row>` +
          `<x:row r="4"/><x:row r="5"><x:c r="B5" t="b"><x:v>0</x:v></x:c><x:c r="A5" t="s"><x:v>0</x:v></x:c></x:row>` +
          `</x:sheetData><x:mergeCells><x:mergeCell ref="A3:A5"/></x:mergeCells></x:worksheet>`,
      ),
      'xl/workbook.xml': strToU8(
        `<x:workbook ${ns} ${rel}><x:workbookPr date1904="1"/><x:sheets>` +
          `<x:sheet name="Trạm" sheetId="1" r:id="rId7"/><x:sheet name="other" sheetId="2" r:id="rId8"/></x:sheets></x:workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId8" Target="worksheets/sheet2.xml"/><Relationship Id="rId7" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
      ),
      'xl/sharedStrings.xml': strToU8(`<x:sst ${ns}><x:si><x:t>Điện Biên</x:t></x:si></x:sst>`),
      'xl/styles.xml': strToU8(
        `<x:styleSheet ${ns}><x:cellStyleXfs><x:xf numFmtId="14"/></x:cellStyleXfs>` +
          `<x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>`,
      ),
    });
    // 43904 in the 1904 system is 2024-03-15. The merge A3:A5 spans the empty row 4, which stays out (a
    // row without cells of its own is no station), and A5, which keeps its own text.
    expect(await readFirstSheet(zip, 10)).toEqual([
      ['Mã trạm', 'Ngày'],
      ['Lào Cai', '2024-03-15'],
      ['Điện Biên', 'false'],
    ]);
  });

  it('reads a workbook written by GDAL (ogr2ogr), as a GIS user exports one', async () => {
    const dir = scratchDir('xlsx');
    try {
      writeFileSync(
        join(dir, 'tram.csv'),
        'Mã trạm,Tên trạm,Vĩ độ,Ngày\nA-1,Trạm Đồng Văn,21.3,2024-03-15\nA-2,"Trạm ""Mộc"" Châu",20.9,2024-04-01\n',
      );
      execFileSync('ogr2ogr', [
        '-f',
        'XLSX',
        join(dir, 'tram.xlsx'),
        join(dir, 'tram.csv'),
        '-oo',
        'AUTODETECT_TYPE=YES',
      ]);
      expect(await readFirstSheet(new Uint8Array(readFileSync(join(dir, 'tram.xlsx'))), 10)).toEqual([
        ['Mã trạm', 'Tên trạm', 'Vĩ độ', 'Ngày'],
        ['A-1', 'Trạm Đồng Văn', '21.3', '2024-03-15'],
        ['A-2', 'Trạm "Mộc" Châu', '20.9', '2024-04-01'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const sheet = (rows: string) => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    return zipSync({
      'xl/workbook.xml': strToU8(`<workbook ${ns}><sheets><sheet r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet ${ns}>${rows}</worksheet>`),
    });
  };
  const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;

  it('reads no more than the rows that have cells, whatever the merges and references', async () => {
    const zip = sheet(
      `<sheetData><row r="1">${text('A1', 'M-1')}<c r="XFD1"/></row>` +
        `<row r="1048576"><c r="B1048576"><v>1</v></c></row>` +
        `</sheetData><mergeCells><mergeCell ref="A1:A1048576"/></mergeCells>`,
    );
    expect(await readFirstSheet(zip, 2)).toEqual([['M-1'], ['M-1', '1']]);
  });

  it('reads 128 columns (A to DX) and refuses a value further right, naming its cell, rather than drop it', async () => {
    const read = await readFirstSheet(
      sheet(`<sheetData><row r="1">${text('A1', 'Mã')}${text('DX1', 'Ghi chú')}</row></sheetData>`),
      5,
    );
    expect(read[0]).toHaveLength(128);
    expect(read[0]![127]).toBe('Ghi chú');
    // An empty cell out there (a format, a border) is no value: the sheet is read.
    expect(
      await readFirstSheet(sheet(`<sheetData><row r="1">${text('A1', 'Mã')}<c r="DY1" s="1"/></row></sheetData>`), 5),
    ).toEqual([['Mã']]);
    const far = sheet(
      `<sheetData><row r="1">${text('A1', 'Mã')}</row><row r="7">${text('A7', 'M-1')}${text('DY7', '900')}</row></sheetData>`,
    );
    await expect(readFirstSheet(far, 5)).rejects.toEqual(new TooManyColumns('DY7'));
    // An import says so in both languages, naming the file and the cell.
    const refused = await readTable(far, 'tram.xlsx').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ id: 'too_many_columns', field: 'file' });
    expect((refused as DomainError).message).toMatch(/DY7.*column DX/);
    expect((refused as DomainError).messageVi).toMatch(/DY7.*cột DX/);
  });

  it('refuses what is not a workbook', async () => {
    await expect(readFirstSheet(strToU8('not a zip'), 10)).rejects.toThrow();
    await expect(readFirstSheet(zipSync({ 'a.txt': strToU8('x') }), 10)).rejects.toThrow(/workbook/);
    const broken = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData><row><c><v>1</v></row></sheetData></worksheet>'),
    });
    await expect(readFirstSheet(broken, 10)).rejects.toThrow();
  });
});
