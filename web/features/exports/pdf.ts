// The PDF exports, drawn in the browser and built with pdf-lib (loaded when a PDF is asked for): a
// one-page brief (map, key figures, district table) and the saved views as the pages of one PDF.
import { t } from '../../i18n/index.ts';
import { canvasBlob, FONT, renderMapImage, type ExportContext } from './render.ts';

export interface BriefData {
  figures: [string, string][];
  districts: { name: string; cells: string[] }[];
  header: string[];
}

/** A4 landscape at 210 dpi: the page images of the PDF exports. */
const W = 2480;
const H = 1754;

/** A white A4 landscape page to draw on. */
function blankPage(): { page: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const page = document.createElement('canvas');
  page.width = W;
  page.height = H;
  const ctx = page.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  return { page, ctx };
}

/** A PDF of page images, each filling an A4 landscape page. pdf-lib is loaded when a PDF is asked for. */
async function pdfOfPages(pages: HTMLCanvasElement[], title: string): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator('phusong');
  for (const page of pages) {
    const png = await pdf.embedPng(new Uint8Array(await (await canvasBlob(page)).arrayBuffer()));
    pdf.addPage([841.89, 595.28]).drawImage(png, { x: 0, y: 0, width: 841.89, height: 595.28 });
  }
  return pdf.save();
}

/** A one-page A4 landscape PDF: map image, key figures and the district table, drawn as one image. */
export async function renderBrief(c: ExportContext, data: BriefData): Promise<Uint8Array> {
  const map = await renderMapImage(c, 2);
  const { page, ctx } = blankPage();
  const mapW = 1500;
  const mapH = Math.min(H - 120, (map.height / map.width) * mapW);
  ctx.drawImage(map, 60, 60, mapW, mapH);
  let y = 100;
  const x = 1620;
  ctx.fillStyle = '#111';
  ctx.font = `bold 38px ${FONT}`;
  for (const [k, v] of data.figures) {
    ctx.font = `26px ${FONT}`;
    ctx.fillStyle = '#555';
    ctx.fillText(k, x, y);
    ctx.font = `bold 44px ${FONT}`;
    ctx.fillStyle = '#111';
    ctx.fillText(v, x, y + 50);
    y += 110;
  }
  y += 20;
  ctx.font = `bold 26px ${FONT}`;
  ctx.fillText(t('district_table'), x, y);
  y += 40;
  const cols = [0, 290, 450, 690];
  ctx.font = `bold 20px ${FONT}`;
  data.header.forEach((h, i) => ctx.fillText(h, x + cols[i]!, y));
  ctx.font = `20px ${FONT}`;
  for (const d of data.districts) {
    y += 32;
    if (y > H - 40) break;
    ctx.fillText(d.name, x, y);
    d.cells.forEach((cell, i) => ctx.fillText(cell, x + cols[i + 1]!, y));
  }
  return pdfOfPages([page], c.title);
}

/**
 * Pages of one PDF, A4 landscape: each image fitted to the page, with its note (a slide's) under it when
 * there is one, drawn into the page image in the page's font.
 */
export async function renderPagesPdf(images: HTMLCanvasElement[], notes: string[], title: string): Promise<Uint8Array> {
  const pages = images.map((image, i) => {
    const { page, ctx } = blankPage();
    const note = notes[i]?.trim() ?? '';
    const room = H - 80 - (note ? 90 : 0);
    const k = Math.min((W - 80) / image.width, room / image.height);
    ctx.drawImage(image, (W - image.width * k) / 2, 40, image.width * k, image.height * k);
    if (note) {
      ctx.font = `28px ${FONT}`;
      ctx.fillStyle = '#222';
      ctx.fillText(note.length > 160 ? `${note.slice(0, 157)}…` : note, 60, 40 + image.height * k + 60);
    }
    ctx.font = `20px ${FONT}`;
    ctx.fillStyle = '#666';
    const n = `${i + 1}/${images.length}`;
    ctx.fillText(n, W - 60 - ctx.measureText(n).width, H - 24);
    return page;
  });
  return pdfOfPages(pages, title);
}
