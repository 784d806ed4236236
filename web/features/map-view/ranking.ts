// The priority ranking beside the map: communes ordered by the stated formula; a row click flies there.
import { el, clear } from '../../ui/dom.ts';
import { t, getLang, formatDay, formatNumber, formatPercent, monthLabel } from '../../i18n/index.ts';
import { modelName } from '../../../common/coverage-model.ts';
import type { RankingWeights } from '../../../common/ranking.ts';

export interface RankingRow {
  rank: number;
  code: string;
  name: string;
  district_name: string;
  score: number;
  /** The share the formula ranks on: the chosen sunset's. */
  share_ranked: number;
  uncovered_share: number;
  share_without_smartphone: number;
  subscribers_2g_in_gaps: number | null;
  subscribers_sunset_in_gaps: number | null;
}

export interface RankingData {
  sunset: string;
  formula: { en: string; vi: string };
  model: string;
  resolution: number;
  date: string;
  month: string | null;
  communes: RankingRow[];
}

/**
 * The formula's three weights as inputs (0–1, in steps of 0.05): a change re-ranks at once and is kept in
 * the link; "Mặc định" goes back to the documented weights.
 */
function weightsForm(w: RankingWeights, onWeights: (w: RankingWeights | null) => void): HTMLElement {
  // Each input's id names its term as the page's tests and links know it.
  const terms: [keyof RankingWeights, Parameters<typeof t>[0], string][] = [
    ['share2g', 'weight_share', 'weight-share'],
    ['uncovered', 'weight_uncovered', 'weight-uncovered'],
    ['withoutSmartphone', 'weight_nosmart', 'weight-withoutSmartphone'],
  ];
  const inputs = terms.map(([key, label, id]) => {
    const input = el('input', {
      type: 'number',
      min: '0',
      max: '1',
      step: '0.05',
      value: String(w[key]),
      id,
    }) as HTMLInputElement;
    // Typed but not yet entered: kept when the ranking is drawn again meanwhile (renderRanking).
    input.addEventListener('input', () => (input.dataset.typing = '1'));
    input.addEventListener('change', () => {
      delete input.dataset.typing;
      const next = { ...w };
      for (const [k, , other] of terms) {
        const x = Number((root.querySelector(`#${other}`) as HTMLInputElement).value.replace(',', '.'));
        next[k] = Number.isFinite(x) ? Math.min(1, Math.max(0, Math.round(x * 100) / 100)) : w[k];
      }
      onWeights(next);
    });
    return el('label', {}, t(label), input);
  });
  const sum = Math.round((w.share2g + w.uncovered + w.withoutSmartphone) * 100) / 100;
  const reset = el('button', { type: 'button', class: 'link', id: 'weights-default' }, t('weights_default'));
  reset.addEventListener('click', () => onWeights(null));
  const root = el(
    'fieldset',
    { class: 'weights', id: 'ranking-weights' },
    el('legend', {}, t('ranking_weights')),
    ...inputs,
    sum === 1 ? null : el('small', { class: 'hint' }, t('weights_sum', { s: formatNumber(sum) })),
    reset,
  );
  return root;
}

export function renderRanking(
  root: HTMLElement,
  data: RankingData | null,
  weights: RankingWeights,
  on: { pick: (code: string) => void; weigh: (w: RankingWeights | null) => void },
  limit = 30,
): void {
  const onPick = on.pick;
  // A weight being typed (and the focus) survives the form being built again: an answer arriving for the
  // previous weight replaced the input, and what was typed into it was lost.
  const typing = [...root.querySelectorAll<HTMLInputElement>('#ranking-weights input[data-typing]')].map(
    (i) => [i.id, i.value] as const,
  );
  const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : '';
  clear(root);
  root.append(el('h2', {}, t('ranking')), weightsForm(weights, on.weigh));
  for (const [id, value] of typing) {
    const input = root.querySelector<HTMLInputElement>(`#${id}`);
    if (!input) continue;
    input.value = value;
    input.dataset.typing = '1';
  }
  if (focused) root.querySelector<HTMLElement>(`#${focused}`)?.focus();
  if (!data) {
    root.append(el('p', { class: 'hint' }, t('need_province')));
    return;
  }
  root.append(
    el(
      'p',
      { class: 'formula' },
      el('b', {}, `${t('ranking_formula')}: `),
      getLang() === 'vi' ? data.formula.vi : data.formula.en,
    ),
    el(
      'p',
      { class: 'legend-sub' },
      `${modelName(data.model, getLang())} · ${t('h3_resolution', { res: data.resolution })} · ${formatDay(data.date)} · ${monthLabel(data.month)}`,
    ),
  );
  const table = el(
    'table',
    { class: 'ranking-table', id: 'ranking-table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, t('rank')),
        el('th', {}, t('commune')),
        el('th', {}, t('score')),
        el('th', {}, t('share_sunset')),
        el('th', {}, t('uncovered')),
        el('th', {}, t('no_smartphone_short')),
        el('th', {}, t('subs_in_gaps')),
      ),
    ),
  );
  const body = el('tbody');
  for (const r of data.communes.slice(0, limit)) {
    const row = el(
      'tr',
      { 'data-code': r.code, tabindex: 0 },
      el('td', {}, String(r.rank)),
      el('td', {}, el('b', {}, r.name), el('br'), el('small', {}, r.district_name)),
      el('td', {}, r.score.toFixed(1)),
      el('td', {}, formatPercent(r.share_ranked)),
      el('td', {}, formatPercent(r.uncovered_share)),
      el('td', {}, formatPercent(r.share_without_smartphone)),
      // 2G: its subscribers in 4G gaps, as the ranking always showed; another sunset: those losing service
      // where nothing left on air reaches.
      el('td', {}, formatNumber(data.sunset === '2G' ? r.subscribers_2g_in_gaps : r.subscribers_sunset_in_gaps)),
    );
    row.addEventListener('click', () => onPick(r.code));
    row.addEventListener('keydown', (e) => e.key === 'Enter' && onPick(r.code));
    body.append(row);
  }
  table.append(body);
  root.append(table);
}
