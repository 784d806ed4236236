// Station forms: create a site, edit it, add a technology event, retire it; and a site's change history.
// Errors from the API name the field; they are shown beside the form, never as HTML.
import { el, clear } from '../../ui/dom.ts';
import { formatDateTime, t, word, type LabelKey } from '../../i18n/index.ts';
import { currentUser } from '../../api/session.ts';
import { api, send } from '../../api/client.ts';
import type { EventStatus, Tech } from '../../../common/site-state.ts';
import { today } from '../../../common/month.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import { reportError } from '../../ui/errors.ts';

export interface EditorContext {
  provinces: { code: string; name: string }[];
  operators: { id: string; name: string }[];
  province: string | null;
  /** Called after a successful write with the site's id. */
  saved(id: number): void;
}

type SiteCreate = Parameters<typeof api.sites.$post>[0]['json'];
type SitePatch = Parameters<(typeof api.sites)[':id']['$patch']>[0]['json'];
// A position is sent as typed: the server reads decimal degrees, DMS and VN-2000 "X=… Y=…" with the same
// number reader as the bulk import (decimal comma or point).

function select(options: [string, string][], value: string | null, id?: string): HTMLSelectElement {
  const s = el('select', { id });
  for (const [v, label] of options) {
    const o = el('option', { value: v }, label);
    o.selected = v === value;
    s.append(o);
  }
  return s;
}

const TECHS: [string, string][] = ['2G', '3G', '4G', '5G'].map((x) => [x, x]);
const statuses = (): [string, string][] =>
  (['active', 'upgraded', 'switched_off', 'planned'] as const).map((s) => [s, t(`st_${s}` as LabelKey)]);

function sectorsFrom(azimuths: string, beamwidth: string) {
  const az = azimuths
    .split(/[/;,\s]+/)
    .filter(Boolean)
    .map(Number);
  if (az.length === 0) return undefined;
  const bw = Number(beamwidth) || Math.min(360, 360 / az.length);
  return az.map((a) => ({ azimuth_deg: a, beamwidth_deg: bw }));
}

function formShell(
  id: string,
  fields: HTMLElement[],
  submitLabel: string,
  onSubmit: (error: HTMLElement) => Promise<void>,
) {
  const error = el('p', { class: 'form-error', role: 'alert', id: `${id}-error` });
  const submit = el('button', { type: 'submit', class: 'primary', id: `${id}-submit` }, submitLabel);
  const form = el('form', { id }, ...fields, error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await onSubmit(error);
    } catch (err) {
      error.textContent = (err as Error).message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export function openCreateSite(ctx: EditorContext): void {
  const user = currentUser()!;
  const operator = select(
    ctx.operators.map((o) => [o.id, o.name]),
    user.operator_id,
    'site-operator',
  );
  operator.disabled = user.role === 'carrier';
  const province = select(
    ctx.provinces.map((p) => [p.code, p.name]),
    ctx.province ?? ctx.provinces[0]?.code ?? null,
    'site-province',
  );
  const code = el('input', { type: 'text', required: true, maxlength: 64, id: 'site-code' });
  const name = el('input', { type: 'text', maxlength: 200, id: 'site-name' });
  const position = el('input', { type: 'text', required: true, id: 'site-position', placeholder: '21.0285, 105.8542' });
  const height = el('input', { type: 'number', min: 1, max: 300, step: 0.5, value: 30, id: 'site-height' });
  const band = el('input', { type: 'number', min: 100, max: 6000, value: 1800, id: 'site-band' });
  const azimuths = el('input', { type: 'text', id: 'site-azimuths', placeholder: '0/120/240' });
  const beam = el('input', { type: 'number', min: 1, max: 360, id: 'site-beam', placeholder: '120' });
  const tech = select(TECHS, '4G', 'site-tech');
  const status = select(statuses(), 'active', 'site-status');
  const date = el('input', { type: 'date', value: today(), id: 'site-date' });
  let close = () => {};
  const form = formShell(
    'site-form',
    [
      field(t('operator'), operator),
      field(t('province'), province),
      field(t('site_code'), code),
      field(t('site_name'), name),
      field(t('position'), position, t('position_help')),
      field(t('antenna_height'), height),
      field(`${t('band')} (MHz)`, band),
      field(t('azimuths'), azimuths),
      field(t('beamwidth'), beam),
      el('h3', {}, t('initial_event')),
      field(t('technology'), tech),
      field(t('state'), status),
      field(t('date'), date),
    ],
    t('save'),
    async (error) => {
      const r = await send(
        api.sites.$post({
          json: {
            operator: operator.value,
            site_code: code.value.trim(),
            name: name.value.trim() || null,
            province: province.value,
            position: { text: position.value.trim() },
            antenna_height_m: Number(height.value) || null,
            band_mhz: Number(band.value) || null,
            sectors: sectorsFrom(azimuths.value, beam.value),
            events: [
              {
                tech: tech.value as Tech,
                status: status.value as EventStatus,
                date: date.value,
                band_mhz: Number(band.value) || null,
              },
            ],
          } as SiteCreate,
        }),
      );
      for (const w of r.warnings) reportError(document.documentElement.lang === 'en' ? w.message : w.message_vi);
      error.textContent = '';
      close();
      ctx.saved(r.site.id);
    },
  );
  close = openDialog(t('add_site'), form, { id: 'site-dialog' }).close;
}

export interface SiteForEdit {
  id: number;
  operator: string;
  site_code: string;
  name: string | null;
  province_code: string;
  lat: number;
  lon: number;
  antenna_height_m: number | null;
  band_mhz: number | null;
  sectors: { azimuth_deg: number; beamwidth_deg: number }[];
}

export function openEditSite(ctx: EditorContext, s: SiteForEdit): void {
  const name = el('input', { type: 'text', maxlength: 200, value: s.name ?? '', id: 'edit-name' });
  const position = el('input', { type: 'text', value: `${s.lat}, ${s.lon}`, id: 'edit-position' });
  const height = el('input', {
    type: 'number',
    min: 1,
    max: 300,
    step: 0.5,
    value: s.antenna_height_m ?? '',
    id: 'edit-height',
  });
  const band = el('input', { type: 'number', min: 100, max: 6000, value: s.band_mhz ?? '', id: 'edit-band' });
  const azimuths = el('input', {
    type: 'text',
    value: s.sectors.map((x) => x.azimuth_deg).join('/'),
    id: 'edit-azimuths',
  });
  const beam = el('input', {
    type: 'number',
    min: 1,
    max: 360,
    value: s.sectors[0]?.beamwidth_deg ?? '',
    id: 'edit-beam',
  });
  let close = () => {};
  const form = formShell(
    'edit-form',
    [
      field(t('site_name'), name),
      field(t('position'), position, t('position_help')),
      field(t('antenna_height'), height),
      field(`${t('band')} (MHz)`, band),
      field(t('azimuths'), azimuths),
      field(t('beamwidth'), beam),
    ],
    t('save'),
    async () => {
      const moved = position.value.trim() !== `${s.lat}, ${s.lon}`;
      await send(
        api.sites[':id'].$patch({
          param: { id: String(s.id) },
          json: {
            name: name.value.trim() || null,
            ...(moved ? { position: { text: position.value.trim() } } : {}),
            antenna_height_m: Number(height.value) || null,
            band_mhz: Number(band.value) || null,
            sectors: sectorsFrom(azimuths.value, beam.value) ?? [],
          } as SitePatch,
        }),
      );
      close();
      ctx.saved(s.id);
    },
  );
  close = openDialog(`${t('edit_site')} ${s.site_code}`, form, { id: 'edit-dialog' }).close;
}

export function openAddEvent(ctx: EditorContext, s: { id: number; site_code: string }): void {
  const tech = select(TECHS, '4G', 'event-tech');
  const status = select(statuses(), 'active', 'event-status');
  const date = el('input', { type: 'date', value: today(), id: 'event-date' });
  const band = el('input', { type: 'number', min: 100, max: 6000, id: 'event-band' });
  let close = () => {};
  const form = formShell(
    'event-form',
    [
      field(t('technology'), tech),
      field(t('state'), status),
      field(t('date'), date),
      field(`${t('band')} (MHz)`, band),
    ],
    t('save'),
    async () => {
      await send(
        api.sites[':id'].events.$post({
          param: { id: String(s.id) },
          json: {
            tech: tech.value as Tech,
            status: status.value as EventStatus,
            date: date.value,
            band_mhz: Number(band.value) || null,
          },
        }),
      );
      close();
      ctx.saved(s.id);
    },
  );
  close = openDialog(`${t('add_event')} — ${s.site_code}`, form, { id: 'event-dialog' }).close;
}

export function openRetire(ctx: EditorContext, s: { id: number; site_code: string }): void {
  const reason = el('textarea', { required: true, minlength: 3, maxlength: 500, id: 'retire-reason' });
  let close = () => {};
  const form = formShell('retire-form', [field(t('retire_reason'), reason)], t('retire_site'), async () => {
    await send(api.sites[':id'].retire.$post({ param: { id: String(s.id) }, json: { reason: reason.value.trim() } }));
    close();
    ctx.saved(s.id);
  });
  close = openDialog(`${t('retire_site')} ${s.site_code}`, form, { id: 'retire-dialog' }).close;
}

/** The change history of a site, appended to its panel. */
export async function renderHistory(root: HTMLElement, id: number): Promise<void> {
  const r = await send(api.sites[':id'].history.$get({ param: { id: String(id) } }));
  clear(root);
  if (r.rows.length === 0) return;
  root.append(
    el('h3', {}, t('audit_log')),
    el(
      'ul',
      { class: 'audit' },
      ...r.rows.map((row) =>
        el(
          'li',
          {},
          `${formatDateTime(row.at)} · ${word('audit', row.action)} · `,
          t('who_when', { who: row.actor ?? '—', via: row.via }),
        ),
      ),
    ),
  );
}
