// Presentation mode for online meetings: full screen, the overlay with title and key figures, saved views
// (slides) stepped with the arrow keys, the months played one after another, and saving a slide.
import { api, unwrap } from '../../api/client.ts';
import { currentUser } from '../../api/session.ts';
import { getLang, t } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import { hidePanel } from '../panel/render.ts';
import { parseView, serializeView } from '../../state/view.ts';
import { renderPresentation, type Kpi } from './overlay.ts';
import { kpis, presentTitle } from './figures.ts';
import { exportPdf, exportPng, exportSlidesPdf } from '../exports/index.ts';
import { watch, type AppContext, type Slide } from '../../app/context.ts';

export function mountPresentation(ctx: AppContext): { start(opened: { linkCamera: boolean }): void } {
  const { view, data, shell } = ctx;
  let playTimer: ReturnType<typeof setInterval> | null = null;

  const setPresenting = (on: boolean) => view.set({ present: on });

  const loadSlides = async () => {
    const province = view.get().province;
    if (!province) return data.set({ slides: [] });
    const r = await api.slides
      .$get({ query: { province } })
      .then((res) => unwrap(res, getLang()) as Promise<unknown>)
      .catch(() => ({ slides: [] }));
    data.set({ slides: (r as { slides: Slide[] }).slides });
  };

  /** Applies a saved view (a URL query of this page), keeping the language and presentation mode. */
  const applyView = (query: string, slideId: number | null, animate = true) => {
    const v = parseView(query);
    const now = view.get();
    view.set({
      ...v,
      lang: now.lang,
      present: now.present,
      slide: slideId,
      charts: now.charts,
      whatIf: null,
      ranking: now.ranking,
      camera: now.camera,
    });
    if (v.camera)
      ctx.map.flyTo({
        center: [v.camera.lng, v.camera.lat],
        zoom: v.camera.zoom,
        bearing: v.camera.bearing,
        duration: animate ? 1500 : 0,
      });
    else ctx.camera.fitArea(animate);
    if (!v.selection) hidePanel(shell.panel);
  };

  /** Moves to the next or previous saved view: camera, layers, indicator, month and URL follow. */
  const stepSlide = async (delta: number) => {
    if (data.get().slides.length === 0) await loadSlides();
    const slides = data.get().slides;
    if (slides.length === 0) return;
    const i = slides.findIndex((s) => s.id === view.get().slide);
    const next = slides[i < 0 ? (delta > 0 ? 0 : slides.length - 1) : (i + delta + slides.length) % slides.length]!;
    applyView(next.view, next.id);
  };

  const stopPlaying = () => {
    if (playTimer) clearInterval(playTimer);
    playTimer = null;
    data.set({ playing: false });
  };
  const startPlaying = () => {
    const months = ctx.meta.months;
    playTimer = setInterval(() => {
      const i = months.indexOf(view.get().month ?? '');
      view.set({ month: months[(i + 1) % months.length]! });
    }, 1800);
    data.set({ playing: true });
  };

  const renderOverlay = async () => {
    if (!view.get().present) return;
    const figures = await kpis(ctx).catch(() => [] as Kpi[]);
    const v = view.get();
    const { slides, playing } = data.get();
    const index = slides.findIndex((s) => s.id === v.slide);
    const slide = slides[index];
    renderPresentation(
      shell.present,
      {
        title: presentTitle(ctx),
        subtitle: slide?.note ?? (ctx.meta.demo ? t('demo_banner') : null),
        kpis: figures,
        months: ctx.meta.months,
        month: v.month,
        playing,
        slide: slides.length ? { index, count: slides.length } : null,
      },
      {
        exit: () => setPresenting(false),
        step: (d) => void stepSlide(d),
        month: (m) => view.set({ month: m }),
        play: () => (playTimer ? stopPlaying() : startPlaying()),
        saveSlide: currentUser()?.role === 'admin' && v.province ? () => openSaveSlide() : null,
        png: () => void exportPng(ctx),
        pdf: () => void exportPdf(ctx),
        slidesPdf: () =>
          void (async () => {
            if (data.get().slides.length === 0) await loadSlides();
            const back = serializeView(view.get());
            const backSlide = view.get().slide;
            try {
              await exportSlidesPdf(ctx, data.get().slides, (slide) => applyView(slide.view, slide.id, false));
            } finally {
              applyView(back, backSlide, false);
            }
          })(),
      },
    );
  };

  const openSaveSlide = () => {
    const name = el('input', { type: 'text', id: 'slide-name', required: true, maxlength: 100 });
    const title = el('input', {
      type: 'text',
      id: 'slide-title',
      required: true,
      maxlength: 200,
      value: presentTitle(ctx),
    });
    const note = el('textarea', { id: 'slide-note', maxlength: 1000 });
    const error = el('p', { class: 'form-error', role: 'alert' });
    const save = el('button', { type: 'button', class: 'primary', id: 'slide-submit' }, t('save'));
    const { close } = openDialog(
      t('slide_save'),
      el(
        'div',
        {},
        field(t('slide_name'), name),
        field(t('slide_title'), title),
        field(t('slide_note'), note),
        error,
        save,
      ),
      { id: 'slide-dialog' },
    );
    save.addEventListener('click', async () => {
      const v = { ...view.get(), present: false, slide: null, whatIf: null };
      try {
        const r = await api.slides
          .$post({
            json: {
              province: v.province ?? '',
              name: name.value.trim(),
              title: title.value.trim(),
              note: note.value.trim() || null,
              view: serializeView(v),
            },
          })
          .then((res) => unwrap(res, getLang()) as Promise<unknown> as Promise<{ id: number }>);
        close();
        await loadSlides();
        view.set({ slide: r.id });
      } catch (e) {
        error.textContent = (e as Error).message;
      }
    });
  };

  /**
   * Enters or leaves presentation mode as the view state says. Entering it fits the area into the room
   * the title, key figures and legend leave free (a link with its own camera keeps it).
   */
  const follow = (opened: { linkCamera: boolean } | null = null) => {
    const on = view.get().present;
    document.body.classList.toggle('presenting', on);
    shell.present.hidden = !on;
    if (on) {
      void document.documentElement.requestFullscreen?.().catch(() => undefined);
      void loadSlides();
    } else {
      stopPlaying();
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    }
    void renderOverlay().then(() => {
      if (!on || view.get().slide !== null || opened?.linkCamera) return;
      ctx.map.resize();
      ctx.camera.fitArea(!opened);
    });
  };
  view.subscribe(['present'], () => follow());
  watch(ctx, ['month', 'slide', 'lang', 'province', 'district'], ['slides', 'playing'], () => void renderOverlay());

  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && (target as HTMLInputElement).type !== 'range')
      return;
    if (document.querySelector('dialog[open]')) return;
    const present = view.get().present;
    if (e.key === 'p' || e.key === 'P') setPresenting(!present);
    else if (e.key === 'Escape' && present) setPresenting(false);
    else if (present && (e.key === 'ArrowRight' || e.key === 'PageDown')) void stepSlide(1);
    else if (present && (e.key === 'ArrowLeft' || e.key === 'PageUp')) void stepSlide(-1);
    else return;
    e.preventDefault();
  });
  shell.presentButton.addEventListener('click', () => setPresenting(!view.get().present));
  // A link opened in presentation mode presents once the map is there.
  return {
    start: (opened) => {
      if (view.get().present) follow(opened);
    },
  };
}
