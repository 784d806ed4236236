// The import dialog: choose a file, see the report (mapping, counts, every bad row) before anything is
// written, adjust the mapping, then commit — one transaction, all rows or none. Upload progress shown.
import { PRE_REFORM_SET } from '../../../common/unit-sets.ts';
import { el, clear } from '../../ui/dom.ts';
import { t } from '../../i18n/index.ts';
import { api } from '../../api/client.ts';
import { progressBar, upload } from './upload.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import { IMPORT_FIELDS } from '../../../common/import-fields.ts';
import type { ImportReport } from '../../../server/domain/site-import.ts';

const FIELDS = IMPORT_FIELDS;

/** The server's import report; the dialog edits the mapping as plain select values. */
interface Report extends Omit<ImportReport, 'mapping'> {
  mapping: Record<string, string | null>;
  committed?: boolean;
  error?: { message: string; message_vi: string };
}

export function openImport(ctx: {
  provinces: { code: string; name: string }[];
  province: string | null;
  done(): void;
}): void {
  const file = el('input', { type: 'file', accept: '.csv,.xlsx', id: 'import-file', required: true });
  const province = el('select', { id: 'import-province' });
  for (const p of ctx.provinces) {
    const o = el('option', { value: p.code }, p.name);
    o.selected = p.code === ctx.province;
    province.append(o);
  }
  const status = el('p', { class: 'hint', id: 'import-status', 'aria-live': 'polite' });
  const progress = progressBar('import-progress', status);
  const report = el('div', { id: 'import-report' });
  const previewButton = el('button', { type: 'button', id: 'import-preview' }, t('preview'));
  const commitButton = el(
    'button',
    { type: 'button', class: 'primary', id: 'import-commit', disabled: true },
    t('commit'),
  );
  let mapping: Record<string, string | null> = {};

  const run = async (mode: 'preview' | 'commit') => {
    const f = file.files?.[0];
    if (!f) return;
    const form = new FormData();
    form.append('file', f);
    form.append('mapping', JSON.stringify(mapping));
    commitButton.disabled = true;
    const r = await upload<Report>(
      `/api${api.sites.import.$path({ query: { mode, province: province.value } })}`,
      form,
      progress,
    );
    const lang = document.documentElement.lang;
    if (r.status >= 400 && r.body.error) {
      status.textContent = lang === 'en' ? r.body.error.message : r.body.error.message_vi;
      return;
    }
    const b = r.body;
    mapping = { ...b.mapping };
    status.textContent =
      t('import_summary', {
        rows: b.rows,
        sites: b.sites,
        create: b.create,
        update: b.update,
        unchanged: b.unchanged,
        events: b.events_added,
      }) +
      ' ' +
      (b.errors.length ? t('import_errors', { n: b.errors.length }) : b.committed ? t('import_done') : '');
    renderReport(b);
    commitButton.disabled = b.errors.length > 0 || !!b.committed;
    if (b.committed) ctx.done();
  };

  const renderReport = (b: Report) => {
    clear(report);
    // The bad rows first: they are what stops the commit.
    if (b.errors.length) {
      const lang = document.documentElement.lang;
      const errs = el(
        'table',
        { class: 'ranking-table', id: 'import-errors' },
        el('tr', {}, el('th', {}, t('row')), el('th', {}, t('column')), el('th', {}, t('reason'))),
        ...b.errors
          .slice(0, 500)
          .map((e) =>
            el(
              'tr',
              {},
              el('td', {}, String(e.row)),
              el('td', {}, e.column ?? '—'),
              el('td', {}, lang === 'en' ? e.reason : e.reason_vi),
            ),
          ),
      );
      report.append(el('h3', {}, t('import_errors', { n: b.errors.length })), errs);
    }
    const map = el(
      'table',
      { class: 'ranking-table', id: 'import-mapping' },
      el('tr', {}, el('th', {}, t('column')), el('th', {}, t('field'))),
    );
    for (const [header, f] of Object.entries(b.mapping)) {
      const s = el('select', { 'data-header': header });
      s.append(el('option', { value: '' }, t('ignored')));
      for (const x of FIELDS) {
        const o = el('option', { value: x }, t(`field_${x}`));
        o.selected = x === f;
        s.append(o);
      }
      s.addEventListener('change', () => {
        mapping[header] = s.value || null;
        commitButton.disabled = true;
      });
      map.append(el('tr', {}, el('td', {}, header), el('td', {}, s)));
    }
    report.append(el('h3', {}, t('mapping')), map);
  };

  previewButton.addEventListener(
    'click',
    () => void run('preview').catch((e: Error) => (status.textContent = e.message)),
  );
  commitButton.addEventListener(
    'click',
    () => void run('commit').catch((e: Error) => (status.textContent = e.message)),
  );
  file.addEventListener('change', () => {
    mapping = {};
    void run('preview').catch((e: Error) => (status.textContent = e.message));
  });
  openDialog(
    t('import_sites'),
    el(
      'div',
      {},
      field(t('file'), file),
      field(t('province'), province),
      el('div', { class: 'buttons' }, previewButton, commitButton),
      progress.element,
      status,
      report,
    ),
    { id: 'import-dialog', wide: true },
  );
}

interface UnitReport {
  matched: number;
  matches: { name: string; code: string; how: string; official_name?: string }[];
  unmatched: {
    name: string;
    row?: number;
    candidates: { code: string; name: string }[];
    reason?: string;
    reason_vi?: string;
  }[];
  duplicates: { code: string; official_name?: string; names?: string[]; rows?: number[] }[];
  invalid?: { name: string; reason: string; reason_vi: string }[];
  errors?: { row: number; column: string | null; reason: string; reason_vi: string }[];
  created: number;
  updated: number;
  ok: boolean;
  committed?: boolean;
  crs?: string;
  unit_set?: string;
  other_set?: { units_at: string; en: string; vi: string } | null;
  error?: { message: string; message_vi: string };
}

/** The admins' import of the department's own boundaries and monthly indicators, report first. */
export function openDataImport(ctx: {
  /** Today's provinces. */
  provinces: { code: string; name: string }[];
  /** The provinces before 1 July 2025, for files in the pre-reform units. */
  formerProvinces: { code: string; name: string }[];
  province: string | null;
  months: string[];
  done(): void;
}): void {
  const lang = () => document.documentElement.lang;
  const kind = el('select', { id: 'data-kind' });
  kind.append(
    el('option', { value: 'boundaries' }, t('import_boundaries')),
    el('option', { value: 'indicators' }, t('import_indicators')),
  );
  // The units the file is in: today's (from 1 July 2025) or those before; the provinces follow.
  const units = el('select', { id: 'data-units' });
  units.append(
    el('option', { value: '' }, t('units_today')),
    el('option', { value: PRE_REFORM_SET }, t('units_pre_reform')),
  );
  const province = el('select', { id: 'data-province' });
  const fillProvinces = () => {
    const keep = province.value || ctx.province;
    clear(province);
    for (const p of units.value ? ctx.formerProvinces : ctx.provinces) {
      const o = el('option', { value: p.code }, p.name);
      o.selected = p.code === keep;
      province.append(o);
    }
  };
  fillProvinces();
  const month = el('input', { type: 'month', id: 'data-month', value: ctx.months.at(-1) ?? '' });
  const skip = el('input', { type: 'checkbox', id: 'data-skip' });
  const file = el('input', { type: 'file', id: 'data-file', accept: '.geojson,.json,.topojson,.zip,.csv,.xlsx' });
  const status = el('p', { class: 'hint', id: 'data-status', 'aria-live': 'polite' });
  const progress = progressBar('data-progress', status);
  const report = el('div', { id: 'data-report' });
  const preview = el('button', { type: 'button', id: 'data-preview' }, t('preview'));
  const commit = el('button', { type: 'button', class: 'primary', id: 'data-commit', disabled: true }, t('commit'));
  const unitsField = field(t('units_of_file'), units);
  const monthField = field(t('month'), month);
  const skipField = el('label', { class: 'toggle', for: 'data-skip' }, skip, t('skip_unmatched'));
  const sync = () => {
    const b = kind.value === 'boundaries';
    skipField.hidden = !b;
    monthField.hidden = b;
    commit.disabled = true;
  };
  kind.addEventListener('change', sync);
  units.addEventListener('change', () => {
    fillProvinces();
    sync();
    if (file.files?.[0]) void run('preview').catch((e: Error) => (status.textContent = e.message));
  });
  sync();

  const run = async (mode: 'preview' | 'commit') => {
    const f = file.files?.[0];
    if (!f) return;
    const form = new FormData();
    form.append('file', f);
    // Typed paths: a renamed parameter or route is a compile error here.
    const path =
      kind.value === 'boundaries'
        ? api.import.boundaries.$path({
            query: {
              province: province.value,
              mode,
              level: 'commune',
              ...(units.value ? { units_at: units.value } : {}),
              ...(skip.checked ? { skip_unmatched: '1' as const } : {}),
            },
          })
        : api.import.indicators.$path({
            query: {
              province: province.value,
              month: month.value,
              mode,
              ...(units.value ? { units_at: units.value } : {}),
            },
          });
    const r = await upload<Report>(`/api${path}`, form, progress);
    const b = r.body as unknown as UnitReport;
    if (r.status >= 400 && b.error) {
      status.textContent = lang() === 'en' ? b.error.message : b.error.message_vi;
      return;
    }
    status.textContent =
      t('data_summary', { matched: b.matched, unmatched: b.unmatched.length, created: b.created, updated: b.updated }) +
      (b.committed ? ` — ${t('import_done')}` : '');
    clear(report);
    // The names are those of the other unit set: say so, and offer the way to import the file there.
    if (b.other_set) {
      const other = b.other_set;
      const again = el('button', { type: 'button', id: 'data-switch-units' }, t('import_in_other_units'));
      again.addEventListener('click', () => {
        units.value = other.units_at === PRE_REFORM_SET ? PRE_REFORM_SET : '';
        units.dispatchEvent(new Event('change'));
      });
      report.append(
        el('p', { class: 'estimate-note', id: 'data-other-set' }, lang() === 'en' ? other.en : other.vi),
        again,
      );
    }
    const rows: HTMLElement[] = [];
    for (const u of b.unmatched)
      rows.push(
        el(
          'tr',
          { class: 'bad' },
          el('td', {}, u.name),
          el('td', {}, t('unmatched')),
          el(
            'td',
            {},
            (lang() === 'en' ? u.reason : u.reason_vi) ?? u.candidates.map((c) => `${c.name} (${c.code})`).join('; '),
          ),
        ),
      );
    for (const d of b.duplicates)
      rows.push(
        el(
          'tr',
          { class: 'bad' },
          el('td', {}, (d.names ?? d.rows?.map(String) ?? []).join(', ')),
          el('td', {}, t('duplicate')),
          el('td', {}, `${d.official_name ?? ''} (${d.code})`),
        ),
      );
    for (const i of b.invalid ?? [])
      rows.push(
        el(
          'tr',
          { class: 'bad' },
          el('td', {}, i.name),
          el('td', {}, t('invalid_geometry')),
          el('td', {}, lang() === 'en' ? i.reason : i.reason_vi),
        ),
      );
    for (const e of b.errors ?? [])
      rows.push(
        el(
          'tr',
          { class: 'bad' },
          el('td', {}, `${t('row')} ${e.row}`),
          el('td', {}, e.column ?? '—'),
          el('td', {}, lang() === 'en' ? e.reason : e.reason_vi),
        ),
      );
    for (const m of b.matches)
      rows.push(
        el('tr', {}, el('td', {}, m.name), el('td', {}, m.how), el('td', {}, `${m.official_name ?? ''} (${m.code})`)),
      );
    report.append(el('table', { class: 'ranking-table', id: 'data-table' }, ...rows));
    commit.disabled = !b.ok || !!b.committed;
    if (b.committed) ctx.done();
  };
  preview.addEventListener('click', () => void run('preview').catch((e: Error) => (status.textContent = e.message)));
  commit.addEventListener('click', () => void run('commit').catch((e: Error) => (status.textContent = e.message)));
  file.addEventListener('change', () => void run('preview').catch((e: Error) => (status.textContent = e.message)));
  openDialog(
    t('import_data'),
    el(
      'div',
      {},
      field(t('import_kind'), kind),
      unitsField,
      field(t('province'), province),
      monthField,
      skipField,
      field(t('file'), file),
      el('div', { class: 'buttons' }, preview, commit),
      progress.element,
      status,
      report,
    ),
    { id: 'data-dialog', wide: true },
  );
}
