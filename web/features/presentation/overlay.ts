// Presentation mode: the map full screen for a video call — big title (area, month), key-figure cards,
// the legend in large type, and a bar to step through saved views, play the months and export.
import { el, clear } from '../../ui/dom.ts';
import { formatMonth, t } from '../../i18n/index.ts';

export interface Kpi {
  label: string;
  value: string;
}

export interface PresentationHandlers {
  exit(): void;
  step(delta: number): void;
  month(month: string): void;
  play(): void;
  saveSlide: (() => void) | null;
  png(): void;
  pdf(): void;
  /** Every saved view as a page of one PDF, for the minutes. */
  slidesPdf(): void;
}

export interface PresentationState {
  title: string;
  subtitle: string | null;
  kpis: Kpi[];
  months: string[];
  month: string | null;
  playing: boolean;
  slide: { index: number; count: number } | null;
}

/** The bar's buttons change only with these: a month played or a figure updated keeps the same buttons. */
const barKey = (s: PresentationState, on: PresentationHandlers) =>
  JSON.stringify([s.slide, s.playing, !!on.saveSlide, s.months.length, document.documentElement.lang]);

export function renderPresentation(root: HTMLElement, s: PresentationState, on: PresentationHandlers): void {
  // While the months play, only the title, figures and month change: update them in place, so the Play
  // button is the same element from one tick to the next and a click on it always lands.
  const head = root.querySelector('.present-head');
  if (head && root.dataset.bar === barKey(s, on)) {
    head.replaceWith(presentHead(s));
    root.querySelector('#kpis')?.replaceWith(kpiCards(s));
    const slider = root.querySelector<HTMLInputElement>('#present-month');
    if (slider) slider.value = String(Math.max(0, s.months.indexOf(s.month ?? '')));
    const label = root.querySelector('.present-month-label');
    if (label) label.textContent = s.month ? formatMonth(s.month) : '';
    return;
  }
  clear(root);
  root.dataset.bar = barKey(s, on);
  const button = (label: string, id: string, f: () => void, title?: string) => {
    const b = el('button', { type: 'button', id, title: title ?? label, 'aria-label': title ?? label }, label);
    b.addEventListener('click', f);
    return b;
  };
  const slider = el('input', {
    type: 'range',
    id: 'present-month',
    min: 0,
    max: Math.max(0, s.months.length - 1),
    step: 1,
  });
  slider.value = String(Math.max(0, s.months.indexOf(s.month ?? '')));
  slider.addEventListener('input', () => on.month(s.months[Number(slider.value)]!));
  const bar = el(
    'div',
    { class: 'present-bar' },
    s.slide ? button('◀', 'present-prev', () => on.step(-1), t('slides')) : null,
    s.slide
      ? el(
          'span',
          { class: 'slide-count', id: 'present-slide' },
          // Before any saved view is shown, say how many there are rather than "1/n".
          s.slide.index < 0
            ? t('slides_saved', { n: s.slide.count })
            : t('slide_of', { i: s.slide.index + 1, n: s.slide.count }),
        )
      : null,
    s.slide ? button('▶', 'present-next', () => on.step(1), t('slides')) : null,
    button(s.playing ? `⏸ ${t('pause')}` : `▶ ${t('play')}`, 'present-play', on.play),
    slider,
    el('span', { class: 'present-month-label' }, s.month ? formatMonth(s.month) : ''),
    on.saveSlide ? button(t('slide_save'), 'present-save', on.saveSlide) : null,
    button(t('export_png'), 'present-png', on.png),
    button(t('export_pdf'), 'present-pdf', on.pdf),
    s.slide ? button(t('slides_pdf'), 'present-slides-pdf', on.slidesPdf) : null,
    button('✕', 'present-exit', on.exit, t('present_exit')),
  );
  root.append(presentHead(s), kpiCards(s), bar);
}

function presentHead(s: PresentationState): HTMLElement {
  return el(
    'div',
    { class: 'present-head' },
    el('h1', { id: 'present-title' }, s.title),
    s.subtitle ? el('p', { class: 'present-sub', id: 'present-subtitle' }, s.subtitle) : null,
  );
}

function kpiCards(s: PresentationState): HTMLElement {
  return el(
    'div',
    { class: 'kpis', id: 'kpis' },
    ...s.kpis.map((k) => el('div', { class: 'kpi' }, el('b', {}, k.value), el('span', {}, k.label))),
  );
}
