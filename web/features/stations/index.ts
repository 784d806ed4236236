// Stations in the sidebar: export links for the filtered sites, and for carriers and admins the forms to
// add a site and import a file; for admins the change log and the data import. A site's panel gets the
// edit, event and retire buttons when the user may change it.
import { api, unwrap } from '../../api/client.ts';
import { canEdit, currentUser } from '../../api/session.ts';
import { openSunsetsEditor } from '../sunsets/index.ts';
import { getLang, t, formatDateTime, word } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { openDialog } from '../../ui/dialog.ts';
import { reportError } from '../../ui/errors.ts';
import type { SiteDetail } from '../panel/render.ts';
import { openAddEvent, openCreateSite, openEditSite, openRetire, type EditorContext } from './editor.ts';
import { openDataImport, openImport } from './importer.ts';
import { openUnitListImport } from '../unit-sets/importer.ts';
import { stationDate, watch, type AppContext } from '../../app/context.ts';

function editorContext(ctx: AppContext): EditorContext {
  return {
    provinces: ctx.meta.provinces,
    operators: ctx.meta.operators,
    province: ctx.view.get().province,
    // After a save the map shows the station: at today's date unless another is chosen, flown to.
    saved: (id) => {
      ctx.data.set({ sites: [] });
      void ctx.load.sites(true);
      void ctx.load.coverage();
      ctx.view.set({ selection: { kind: 'site', id } });
      void api.sites[':id']
        .$get({ param: { id: String(id) }, query: { as_of: stationDate(ctx.view.get()) } })
        .then((r) => unwrap(r, getLang()))
        .then((f) =>
          ctx.map.flyTo({
            center: f.geometry.coordinates as [number, number],
            zoom: Math.max(ctx.map.getZoom(), 13),
            duration: 1200,
          }),
        )
        .catch((e: Error) => reportError(e.message));
    },
  };
}

const button = (label: Parameters<typeof t>[0], id: string, f: () => void) => {
  const b = el('button', { type: 'button', id }, t(label));
  b.addEventListener('click', f);
  return b;
};

/** The buttons a site's panel offers to whoever may change it. */
export function siteActions(ctx: AppContext, site: SiteDetail): HTMLElement | null {
  const p = site.properties;
  if (!canEdit(p.operator)) return null;
  const [lon, lat] = site.geometry.coordinates as [number, number];
  const ed = editorContext(ctx);
  return el(
    'div',
    { class: 'buttons site-actions' },
    button('edit_site', 'site-edit', () =>
      openEditSite(ed, {
        id: p.id,
        operator: p.operator,
        site_code: p.site_code,
        name: p.name,
        province_code: p.province_code,
        lat,
        lon,
        antenna_height_m: p.antenna_height_m,
        band_mhz: p.band_mhz,
        sectors: p.sectors,
      }),
    ),
    button('add_event', 'site-add-event', () => openAddEvent(ed, p)),
    button('retire_site', 'site-retire', () => openRetire(ed, p)),
  );
}

async function openAuditLog(): Promise<void> {
  try {
    const r = (await api.audit.$get({ query: { limit: '200' } }).then((res) => unwrap(res, getLang()))) as unknown as {
      rows: { at: string; actor: string; via: string; entity: string; entity_id: string; action: string }[];
    };
    const table = el(
      'table',
      { class: 'ranking-table' },
      ...r.rows.map((x) =>
        el(
          'tr',
          {},
          el('td', {}, formatDateTime(x.at)),
          el('td', {}, x.actor),
          el('td', {}, x.via),
          el('td', {}, `${word('entity', x.entity)} ${x.entity_id}`),
          el('td', { 'data-action': x.action }, word('audit', x.action)),
        ),
      ),
    );
    openDialog(t('audit_log'), table, { id: 'audit-dialog', wide: true });
  } catch (e) {
    reportError((e as Error).message);
  }
}

export function mountStations(ctx: AppContext): void {
  const { view, meta } = ctx;
  const render = () => {
    const root = ctx.shell.stations;
    root.replaceChildren();
    const user = currentUser();
    const v = view.get();
    const q = new URLSearchParams();
    if (v.province) q.set('province', v.province);
    if (v.district) q.set('district', v.district);
    if (v.operator) q.set('operator', v.operator);
    if (v.category) q.set('category', v.category);
    q.set('as_of', stationDate(v));
    const link = (format: 'csv' | 'xlsx', label: Parameters<typeof t>[0]) => {
      q.set('format', format);
      return el(
        'a',
        { href: `/api/sites/export?${q}`, class: 'button', id: `export-${format}`, download: '' },
        t(label),
      );
    };
    root.append(
      el('h2', {}, t('stations')),
      el('div', { class: 'buttons' }, link('csv', 'export_csv'), link('xlsx', 'export_xlsx')),
    );
    if (!user || user.role === 'viewer') return;
    root.append(
      el(
        'div',
        { class: 'buttons' },
        button('add_site', 'add-site', () => openCreateSite(editorContext(ctx))),
        button('import_sites', 'import-sites', () =>
          openImport({
            provinces: meta.provinces,
            province: view.get().province,
            done: () => void ctx.load.sites(true),
          }),
        ),
      ),
    );
    if (user.role === 'admin') {
      root.append(
        el(
          'div',
          { class: 'buttons' },
          button('audit_log', 'audit-log', () => void openAuditLog()),
          button('sunsets_edit', 'sunsets-edit', () => openSunsetsEditor(meta.sunsets, meta.operators)),
          button('import_data', 'import-data', () =>
            openDataImport({
              provinces: meta.provinces,
              formerProvinces: meta.gsoProvinces,
              province: view.get().province,
              months: meta.months,
              done: () => {
                void ctx.load.outlines();
                void ctx.load.communes(true);
              },
            }),
          ),
          // A new unit set changes provinces and communes everywhere: the page starts again on it.
          button('import_unit_list', 'import-unit-list', () =>
            openUnitListImport({ done: () => setTimeout(() => location.reload(), 2500) }),
          ),
        ),
      );
    }
  };
  watch(ctx, ['province', 'district', 'operator', 'category', 'sitesAt', 'lang'], ['session'], render);
  render();
}
