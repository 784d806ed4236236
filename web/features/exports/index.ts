// Exports for the minutes: the map as a PNG (2×, with title, legend and date) and a one-page PDF brief
// with the key figures and a table by district.
import { api, unwrap } from '../../api/client.ts';
import { formatNumber, formatPercent, getLang, t, formatMonth, formatDay } from '../../i18n/index.ts';
import { reportError } from '../../ui/errors.ts';
import { canvasBlob, download, renderA4Sheet, renderMapImage, type ExportContext } from './render.ts';
import { renderBrief, renderPagesPdf } from './pdf.ts';
import { kpis, presentTitle } from '../presentation/figures.ts';
import type { AppContext, Slide } from '../../app/context.ts';
import { comparePane } from '../compare/index.ts';

function exportContext(ctx: AppContext): ExportContext {
  const v = ctx.view.get();
  return {
    map: ctx.map,
    overlay: ctx.overlay(),
    title: presentTitle(ctx),
    // The data's month and the day the sheet was made, each named as what it is.
    subtitle: t('export_subtitle', {
      indicator: t(`ind_${v.indicator}`),
      m: formatMonth(v.month),
      d: formatDay(new Date().toISOString()),
    }),
    demo: ctx.meta.demo,
    scheme: ctx.data.get().scheme,
    showSites: v.layers.has('sites'),
    compare: v.compare ? comparePane() : null,
  };
}

const fileStem = (ctx: AppContext) => `${ctx.view.get().province ?? 'all'}-${ctx.view.get().month ?? ''}`;

export async function exportPng(ctx: AppContext): Promise<void> {
  try {
    const canvas = await renderMapImage(exportContext(ctx), 2);
    download(await canvasBlob(canvas), `phusong-${fileStem(ctx)}.png`);
  } catch (e) {
    reportError((e as Error).message);
  }
}

/** The map sheet on A4 landscape at 300 dpi, for printing or the minutes. */
export async function exportA4(ctx: AppContext): Promise<void> {
  try {
    const canvas = await renderA4Sheet(exportContext(ctx));
    download(await canvasBlob(canvas), `phusong-A4-${fileStem(ctx)}.png`);
  } catch (e) {
    reportError((e as Error).message);
  }
}

/** Waits until the map has drawn what the view asks for: its data fetched, then a frame with nothing pending. */
async function drawn(ctx: AppContext): Promise<void> {
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 8000);
      ctx.map.once('idle', () => {
        clearTimeout(timer);
        resolve();
      });
      ctx.map.triggerRepaint();
    });
  await idle();
  await new Promise((r) => setTimeout(r, 400));
  await idle();
}

/**
 * Every saved view as a page of one PDF (A4 landscape), in their order, each drawn as the map sheet with
 * its own title, month and legend; the view the user was on comes back afterwards (the caller's job).
 */
export async function exportSlidesPdf(ctx: AppContext, slides: Slide[], show: (slide: Slide) => void): Promise<void> {
  if (slides.length === 0) return;
  try {
    const pages: HTMLCanvasElement[] = [];
    for (const slide of slides) {
      show(slide);
      await drawn(ctx);
      pages.push(await renderMapImage(exportContext(ctx), 2));
    }
    const pdf = await renderPagesPdf(
      pages,
      slides.map((s) => s.note ?? ''),
      presentTitle(ctx),
    );
    download(new Blob([pdf as BlobPart], { type: 'application/pdf' }), `phusong-slides-${fileStem(ctx)}.pdf`);
  } catch (e) {
    reportError((e as Error).message);
  }
}

export async function exportPdf(ctx: AppContext): Promise<void> {
  const v = ctx.view.get();
  try {
    const figures = await kpis(ctx);
    const districts = ctx.meta.districts.filter((d) => !v.province || d.province_code === v.province).slice(0, 30);
    const rows = await Promise.all(
      districts.map(async (d) => {
        const s = await api.summary
          .$get({ query: { district: d.code, sunset: v.sunset, ...(v.month ? { month: v.month } : {}) } })
          .then((r) => unwrap(r, getLang()));
        return {
          name: d.name,
          cells: [
            formatNumber(s.subscribers_sunset),
            formatPercent(s.share_smartphone),
            formatNumber(s.sites_sunset_switched_off),
          ],
        };
      }),
    );
    const pdf = await renderBrief(exportContext(ctx), {
      figures: figures.map((k) => [k.label, k.value]),
      header: [t('district'), t('subscribers_sunset'), t('share_smartphone'), t('kpi_sunset_off')],
      districts: rows,
    });
    download(new Blob([pdf as BlobPart], { type: 'application/pdf' }), `phusong-brief-${fileStem(ctx)}.pdf`);
  } catch (e) {
    reportError((e as Error).message);
  }
}
