// The commune table beside the map: every commune the map shows (the provinces, for the whole country)
// with its indicators, sortable by any column and filtered by name or by a range of any indicator —
// "which communes have the highest 2G share" is one click on its header. Linked both ways with the map:
// a row flies there and is outlined while hovered; a commune hovered or chosen on the map lights its row.
// The sort is kept in the link (tbl=1, ts=share_sunset.d); the filter lives while the page does.
import { COMMUNE_FILLS, LAYER_IDS } from '../../map/style.ts';
import { watch, type AppContext } from '../../app/context.ts';
import { renderTable } from './render.ts';
import { sortAndFilter, tableRows, type TableFilter, type TableRow, type TableSort } from './rows.ts';
import type { Indicator } from '../../state/view.ts';

/** The map's indicator as the table's default sort, largest first. */
const defaultSort = (indicator: Indicator): TableSort => ({ key: indicator, desc: indicator !== 'share_smartphone' });

export function mountCommuneTable(ctx: AppContext): void {
  const { view, data, map } = ctx;
  let filter: TableFilter = { text: '', column: 'share_sunset', min: null, max: null };

  const highlight = (code: string | null) => {
    for (const id of [LAYER_IDS.communeHover, LAYER_IDS.communeTileHover])
      if (map.getLayer(id)) map.setFilter(id, ['==', ['get', 'code'], code ?? '']);
  };

  // The commune under the pointer on the map, whose row is lit: lit again whenever the rows are drawn anew
  // (a filter typed, a month's figures or a province's coverage arriving while the pointer rests on the map).
  let lit: string | null = null;
  const light = () => {
    for (const tr of ctx.shell.table.querySelectorAll('tr.hovered')) tr.classList.remove('hovered');
    if (lit) ctx.shell.table.querySelector(`tr[data-code="${CSS.escape(lit)}"]`)?.classList.add('hovered');
  };

  const render = () => {
    const v = view.get();
    const box = ctx.shell.table;
    box.hidden = !v.table;
    if (!v.table) return highlight(null);
    const all = tableRows(data.get().communes);
    const sort = v.tableSort ?? defaultSort(v.indicator);
    const selected = v.selection?.kind === 'commune' ? v.selection.code : v.province;
    renderTable(
      box,
      { rows: sortAndFilter(all, sort, filter), total: all.length, sort, filter, selected, month: v.month },
      {
        sort: (s) => view.set({ tableSort: s }),
        filter: (f) => {
          filter = f;
          render();
        },
        pick: (r: TableRow) =>
          r.level === 'province' ? view.set({ province: r.code }) : ctx.camera.flyToCommune(r.code),
        hover: (r) => highlight(r?.level === 'commune' ? r.code : null),
      },
    );
    box.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
    light();
  };

  // A commune under the pointer on the map lights its row.
  map.on('mousemove', (e) => {
    if (!view.get().table) return;
    const code = (map.queryRenderedFeatures(e.point, { layers: [...COMMUNE_FILLS] })[0]?.properties?.code ?? null) as
      string | null;
    if (code === lit) return;
    lit = code;
    light();
  });
  map.on('mouseout', () => {
    lit = null;
    light();
  });

  watch(
    ctx,
    ['table', 'tableSort', 'indicator', 'selection', 'lang', 'sunset', 'month'],
    ['communes', 'coverageByCode'],
    render,
  );
  render();
}
