// The admins' import of the next unit list with its crosswalk (the next reorganisation): the check report
// first — every problem, by kind, with its row and code — and only a list without problems can be written
// as a new unit set. The map moves to it on the day it comes into force.
import { el, clear } from '../../ui/dom.ts';
import { formatDay, t, type LabelKey } from '../../i18n/index.ts';
import { api } from '../../api/client.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import type { ProblemKind, UnitListReport } from '../../../server/domain/unit-list-import.ts';
import type { UnitSetWritten } from '../../../server/domain/unit-set-apply.ts';

type Answer = (UnitListReport & { mode: string }) | (UnitSetWritten & { committed: true }) | ErrorAnswer;
interface ErrorAnswer {
  error: { message: string; message_vi: string };
  report?: UnitListReport;
}

export function openUnitListImport(ctx: { done(): void }): void {
  const en = () => document.documentElement.lang === 'en';
  const date = el('input', { type: 'date', id: 'unit-list-date', min: '2025-07-02', required: true });
  const name = el('input', { type: 'text', id: 'unit-list-name', maxlength: '200' });
  const file = el('input', { type: 'file', id: 'unit-list-file', accept: '.csv,.xlsx' });
  const status = el('p', { class: 'hint', id: 'unit-list-status', 'aria-live': 'polite' });
  const report = el('div', { id: 'unit-list-report' });
  const check = el('button', { type: 'button', id: 'unit-list-check' }, t('preview'));
  const commit = el(
    'button',
    { type: 'button', class: 'primary', id: 'unit-list-commit', disabled: true },
    t('commit'),
  );

  const show = (r: UnitListReport) => {
    clear(report);
    const counts = t('unit_list_counts', {
      links: r.links.toLocaleString('vi-VN'),
      old: r.old_units.toLocaleString('vi-VN'),
      units: r.new_units.toLocaleString('vi-VN'),
      provinces: r.new_provinces,
      replaces: r.replaces,
    });
    report.append(el('p', { id: 'unit-list-counts' }, counts));
    const rows: HTMLElement[] = [];
    for (const [kind, p] of Object.entries(r.problems)) {
      if (p.count === 0) continue;
      rows.push(
        el(
          'tr',
          { class: 'bad' },
          el('th', { colspan: '3' }, `${t(`unit_list_${kind as ProblemKind}` satisfies LabelKey)} — ${p.count}`),
        ),
      );
      for (const x of p.listed)
        rows.push(
          el(
            'tr',
            { class: 'bad' },
            el('td', {}, x.row ? `${t('row')} ${x.row}` : '—'),
            el('td', {}, x.code),
            el('td', {}, en() ? x.en : x.vi),
          ),
        );
    }
    if (rows.length) report.append(el('table', { class: 'ranking-table', id: 'unit-list-problems' }, ...rows));
    else report.append(el('p', { id: 'unit-list-ok' }, t('unit_list_ok')));
  };

  const run = async (mode: 'preview' | 'commit') => {
    const f = file.files?.[0];
    if (!f || !date.value) {
      status.textContent = t('unit_list_need');
      return;
    }
    commit.disabled = true;
    status.textContent = t('unit_list_checking');
    const res = await api.import['unit-list'].$post({
      query: { in_force_from: date.value, mode, ...(name.value.trim() ? { name: name.value.trim() } : {}) },
      form: { file: f },
    });
    const b = (await res.json()) as unknown as Answer;
    if ('error' in b) {
      status.textContent = en() ? b.error.message : b.error.message_vi;
      if (b.report) show(b.report);
      return;
    }
    if ('committed' in b) {
      show(b.report);
      status.textContent = b.applied
        ? t('unit_list_applied', { name: b.unit_set.name, moved: b.applied.sites_moved })
        : t('unit_list_stored', { name: b.unit_set.name, date: formatDay(b.unit_set.in_force_from) });
      if (b.without_polygon.length)
        report.append(
          el('p', { class: 'estimate-note' }, t('unit_list_without_polygon', { n: b.without_polygon.length })),
        );
      ctx.done();
      return;
    }
    show(b);
    status.textContent = b.ok ? t('unit_list_ready') : t('unit_list_problems');
    commit.disabled = !b.ok;
  };
  const go = (mode: 'preview' | 'commit') => () =>
    void run(mode).catch((e: Error) => {
      status.textContent = e.message;
    });
  check.addEventListener('click', go('preview'));
  commit.addEventListener('click', go('commit'));
  file.addEventListener('change', go('preview'));
  date.addEventListener('change', () => file.files?.[0] && go('preview')());
  openDialog(
    t('import_unit_list'),
    el(
      'div',
      {},
      el('p', { class: 'hint' }, t('unit_list_help')),
      field(t('unit_list_date'), date),
      field(t('unit_list_name'), name),
      field(t('file'), file),
      el('div', { class: 'buttons' }, check, commit),
      status,
      report,
    ),
    { id: 'unit-list-dialog', wide: true },
  );
}
