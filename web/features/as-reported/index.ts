// The figures as they were reported, in the units before 1 July 2025: for today's province, each former
// province's communes by their former district, with the month's value of the chosen indicator. Those
// units have no polygons on the map (phusong ships none; a department may import its own), so they are
// a table beside the map. Months from July 2025 were reported in today's units: the table then shows the
// last month reported in the old ones and says so.
import { PRE_REFORM_SET } from '../../../common/unit-sets.ts';
import { compareVi } from '../../../common/fold.ts';
import { api, unwrap } from '../../api/client.ts';
import { formatMonth, formatNumber, formatPercent, getLang, t, monthLabel } from '../../i18n/index.ts';
import { clear, el } from '../../ui/dom.ts';
import { reportError } from '../../ui/errors.ts';
import { watch, type AppContext } from '../../app/context.ts';
import { barChart } from '../reports/chart.ts';

const FIELDS = ['share_sunset', 'subscribers_sunset', 'households_without_smartphone', 'share_smartphone'] as const;
type Field = (typeof FIELDS)[number];

interface OldCommune {
  properties: {
    code: string;
    name: string;
    district_code: string | null;
    district_name: string | null;
  } & Partial<Record<Field | 'subscribers', number | null>>;
}

export function mountAsReported(ctx: AppContext): void {
  const { view } = ctx;
  let formerProvinces: { code: string; name: string; today_province_code: string | null }[] | null = null;

  const load = async () => {
    const v = view.get();
    const box = ctx.shell.asReported;
    box.hidden = !v.asReported;
    if (!v.asReported) return;
    const lang = getLang();
    clear(box);
    box.append(el('h2', {}, t('as_reported_title')), el('p', { class: 'hint' }, t('as_reported_hint')));
    if (!v.province) {
      box.append(el('p', { class: 'hint' }, t('need_province')));
      return;
    }
    if (!formerProvinces) {
      const body = await api.provinces.$get({ query: { units_at: PRE_REFORM_SET } }).then((r) => unwrap(r, lang));
      formerProvinces = 'provinces' in body ? body.provinces : [];
    }
    const field: Field = (FIELDS as readonly string[]).includes(v.indicator) ? (v.indicator as Field) : 'share_sunset';
    const percent = field.startsWith('share_');
    const fmt = (x: number | null | undefined) => (percent ? formatPercent(x) : formatNumber(x));
    for (const p of formerProvinces.filter((x) => x.today_province_code === v.province)) {
      // After June 2025 nothing was reported in these units: ask for their last month instead.
      const month = v.month && v.month <= '2025-06' ? v.month : undefined;
      const fc = await api.communes
        .$get({ query: { units_at: PRE_REFORM_SET, province: p.code, sunset: v.sunset, ...(month ? { month } : {}) } })
        .then((r) => unwrap(r, lang));
      const shown = (fc as { month: string | null }).month;
      const summary = await api.summary
        .$get({
          query: { units_at: PRE_REFORM_SET, province: p.code, sunset: v.sunset, ...(shown ? { month: shown } : {}) },
        })
        .then((r) => unwrap(r, lang));
      const total = (summary as unknown as Record<Field, number | null>)[field];
      box.append(el('h3', { 'data-province': p.code }, `${p.name} — ${monthLabel(shown)}: ${fmt(total)}`));
      if (v.month && shown !== v.month)
        box.append(el('p', { class: 'estimate-note' }, t('as_reported_later', { m: formatMonth(v.month) })));
      // The months reported in these units, as a chart: the former province's own trend.
      const series = await api.series
        .$get({ query: { units_at: PRE_REFORM_SET, province: p.code, sunset: v.sunset } })
        .then((r) => unwrap(r, lang))
        .then((b) => (b as unknown as { months: ({ month: string } & Record<string, number | null>)[] }).months);
      box.append(
        barChart(
          series.map((m) => ({ month: m.month, value: m[field] ?? null })),
          { percent, color: field === 'share_smartphone' ? '#2c7fb8' : '#f03b20' },
        ),
      );
      const rows = (fc.features as unknown as OldCommune[])
        .map((f) => f.properties)
        .sort((a, b) => compareVi(a.district_name ?? '', b.district_name ?? '') || compareVi(a.name, b.name));
      box.append(
        el(
          'table',
          { class: 'ranking-table as-reported-table' },
          el('tr', {}, el('th', {}, t('district')), el('th', {}, t('commune')), el('th', {}, t(`ind_${field}`))),
          ...rows.map((r) =>
            el(
              'tr',
              {},
              el('td', {}, r.district_name ?? ''),
              el('td', {}, `${r.name} (${r.code})`),
              el('td', {}, fmt(r[field])),
            ),
          ),
        ),
      );
    }
  };
  watch(
    ctx,
    ['asReported', 'province', 'month', 'indicator', 'lang', 'sunset'],
    [],
    () => void load().catch((e: Error) => reportError(e.message)),
  );
  void load().catch((e: Error) => reportError(e.message));
}
