// The search box: asks the API (which folds diacritics and spelling variants) as the user types and
// offers the matches; choosing one hands it to `onPick`.
import { el, clear } from '../../ui/dom.ts';
import { t } from '../../i18n/index.ts';
import { isAbort, reportError } from '../../ui/errors.ts';

export interface SearchHit {
  type: 'province' | 'district' | 'commune' | 'site';
  code: string;
  id?: number;
  name: string;
  context: string | null;
  formerly?: string | null;
  province_code: string;
  bbox: number[] | null;
}

export function mountSearch(
  root: HTMLElement,
  fetchHits: (q: string, signal: AbortSignal) => Promise<SearchHit[]>,
  onPick: (hit: SearchHit) => void,
): void {
  const input = el('input', {
    type: 'search',
    id: 'search',
    autocomplete: 'off',
    'data-label-placeholder': 'search_placeholder',
    'aria-controls': 'search-results',
  });
  const list = el('ul', { class: 'search-results', id: 'search-results', role: 'listbox', hidden: true });
  root.append(input, list);
  let controller: AbortController | undefined;
  let hits: SearchHit[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = () => {
    clear(list);
    if (hits.length === 0) {
      list.append(el('li', { class: 'none' }, t('search_none')));
    }
    hits.forEach((h, i) => {
      const item = el(
        'li',
        { role: 'option', 'data-index': i, tabindex: -1 },
        el('span', { class: `kind kind-${h.type}` }, t(h.type === 'site' ? 'site' : h.type)),
        el('b', {}, h.type === 'site' ? h.code : h.name),
        h.context ? el('small', {}, h.context) : null,
        h.formerly && h.type !== 'district'
          ? el('small', { class: 'formerly' }, t('formerly', { name: h.formerly }))
          : null,
      );
      item.addEventListener('mousedown', (e) => {
        e.preventDefault();
        pick(i);
      });
      list.append(item);
    });
    list.hidden = false;
  };
  const pick = (i: number) => {
    const h = hits[i];
    if (!h) return;
    list.hidden = true;
    input.value = h.type === 'site' ? h.code : h.name;
    onPick(h);
  };
  const run = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    try {
      hits = await fetchHits(q, controller.signal);
      show();
    } catch (e) {
      if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(() => void run(q), 150);
  });
  input.addEventListener('keydown', async (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) return;
      await run(q);
      pick(0);
    } else if (e.key === 'Escape') {
      list.hidden = true;
    }
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 150));
}
