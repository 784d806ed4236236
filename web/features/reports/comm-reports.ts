// Communication reports: the province's view of the month (who reported, who is due or late, totals by
// form, the Excel report) and the form an admin fills in for a district.
import { el } from '../../ui/dom.ts';
import { t, formatMonth, formatNumber, type LabelKey } from '../../i18n/index.ts';
import { currentUser } from '../../api/session.ts';
import { api, send } from '../../api/client.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import { COMM_FORM_LABELS, COMM_FORMS, type CommForm } from '../../../common/comm-forms.ts';

const FORMS = COMM_FORMS;
const formLabel = (f: string) =>
  COMM_FORM_LABELS[f as CommForm]?.[document.documentElement.lang === 'en' ? 'en' : 'vi'] ?? f;

interface CommData {
  deadline: string;
  districts: {
    code: string;
    name: string;
    status: 'reported' | 'due' | 'late';
    total: number;
    items: { form: string; count: number; media: string | null }[];
  }[];
  totals: Record<string, number>;
  total: number;
}

export async function openCommReports(ctx: {
  province: string;
  month: string;
  /** The sunset programme the monthly report is written for. */
  sunset: string;
  districts: { code: string; name: string }[];
}): Promise<void> {
  // The route's schema is open (its body is documented by the reporting tests): typed here once.
  const data = (await send(
    api['comm-reports'].$get({ query: { province: ctx.province, month: ctx.month } }),
  )) as unknown as CommData;
  const status = (d: CommData['districts'][number]) => {
    const key = `comm_status_${d.status}` as LabelKey;
    return el('span', { class: `status status-${d.status}` }, t(key, { d: data.deadline }));
  };
  const rows = data.districts.map((d) =>
    el(
      'tr',
      { 'data-district': d.code, 'data-status': d.status },
      el('td', {}, d.name),
      el('td', {}, status(d)),
      el('td', {}, formatNumber(d.total)),
    ),
  );
  const totals = el(
    'ul',
    {},
    ...FORMS.map((f) => el('li', {}, `${formLabel(f)}: ${formatNumber(data.totals[f] ?? 0)}`)),
  );
  const report = el(
    'a',
    {
      href: `/api/reports/monthly?province=${ctx.province}&month=${ctx.month}&sunset=${ctx.sunset}`,
      class: 'button',
      id: 'monthly-report',
      download: '',
    },
    t('export_report'),
  );
  // The report as the department files it: the administrative layout, as a PDF with its font embedded.
  const reportPdf = el(
    'a',
    {
      href: `/api/reports/monthly?province=${ctx.province}&month=${ctx.month}&sunset=${ctx.sunset}&format=pdf`,
      class: 'button',
      id: 'monthly-report-pdf',
      download: '',
    },
    t('export_report_pdf'),
  );
  const body = el(
    'div',
    {},
    el('p', {}, `${t('month')} ${formatMonth(ctx.month)} · ${t('comm_total', { n: formatNumber(data.total) })}`),
    el(
      'table',
      { class: 'ranking-table', id: 'comm-table' },
      el('tr', {}, el('th', {}, t('district')), el('th', {}, t('state')), el('th', {}, t('comm_count'))),
      ...rows,
    ),
    totals,
    el('div', { class: 'buttons' }, report, reportPdf),
  );
  if (currentUser()?.role === 'admin') {
    const enter = el('button', { type: 'button', id: 'comm-enter' }, t('comm_enter'));
    enter.addEventListener('click', () => {
      close();
      openCommForm(ctx);
    });
    body.querySelector('.buttons')!.append(enter);
  }
  const { close } = openDialog(t('comm_reports'), body, { id: 'comm-dialog', wide: true });
}

function openCommForm(ctx: {
  province: string;
  month: string;
  sunset: string;
  districts: { code: string; name: string }[];
}): void {
  const district = el('select', { id: 'comm-district' });
  for (const d of ctx.districts) district.append(el('option', { value: d.code }, d.name));
  const month = el('input', { type: 'month', id: 'comm-month', value: ctx.month });
  const inputs = FORMS.map((f) => ({
    form: f,
    count: el('input', { type: 'number', min: 0, max: 100000, id: `comm-${f}-count` }),
    media: el('input', { type: 'text', maxlength: 300, id: `comm-${f}-media` }),
  }));
  const table = el(
    'table',
    { class: 'ranking-table' },
    el('tr', {}, el('th', {}, t('comm_form')), el('th', {}, t('comm_count')), el('th', {}, t('comm_media'))),
    ...inputs.map((i) => el('tr', {}, el('td', {}, formLabel(i.form)), el('td', {}, i.count), el('td', {}, i.media))),
  );
  const error = el('p', { class: 'form-error', role: 'alert' });
  const save = el('button', { type: 'button', class: 'primary', id: 'comm-save' }, t('save'));
  save.addEventListener('click', async () => {
    const items = inputs
      .filter((i) => i.count.value !== '')
      .map((i) => ({ form: i.form, count: Number(i.count.value), media: i.media.value.trim() || null }));
    try {
      await send(
        api['comm-reports'].$post({
          json: {
            district: district.value,
            month: month.value,
            items: items as { form: CommForm; count: number; media: string | null }[],
          },
        }),
      );
      close();
      await openCommReports({ ...ctx, month: month.value });
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  const { close } = openDialog(
    t('comm_enter'),
    el('div', {}, field(t('district'), district), field(t('month'), month), table, error, save),
    {
      id: 'comm-form',
      wide: true,
    },
  );
}
