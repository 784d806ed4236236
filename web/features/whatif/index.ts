// What-if mode: its sidebar controls, clicks on the map that edit the scenario, and the evaluation of a
// scenario shown in the side panel. The scenario lives in the view state (and so in the link), always
// replaced, never changed in place, so every layer that draws it sees the change.
import type { MapMouseEvent } from 'maplibre-gl';
import { api, unwrap } from '../../api/client.ts';
import { getLang, t } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { isAbort, reportError } from '../../ui/errors.ts';
import type { SitePoint } from '../../layers/sites.ts';
import type { WhatIfState } from '../../state/view.ts';
import { hidePanel } from '../panel/render.ts';
import { renderWhatIf, renderWhatIfResult, sectorsFrom, type WhatIfResult } from './render.ts';
import { stationDate, watch, type AppContext, type WhatIfCells } from '../../app/context.ts';
import { footprintPolygons } from '../../../common/footprint.ts';

const EMPTY: WhatIfState = { switchOff: [], add: [] };

export function mountWhatIf(ctx: AppContext): void {
  const { view, data } = ctx;
  const render = () =>
    renderWhatIf(ctx.shell.whatIf, view.get().whatIf, data.get().whatIfActive, data.get().whatIfSettings, {
      // Leaving what-if leaves nothing behind: no hypothetical site on the map, no wi= in the link.
      toggle: (on) => {
        if (on && !view.get().whatIf) view.set({ whatIf: EMPTY });
        if (!on) {
          view.set({ whatIf: null });
          if (ctx.shell.panel.dataset.kind === 'whatif') hidePanel(ctx.shell.panel);
        }
        data.set({ whatIfActive: on });
      },
      evaluate: () => void evaluateWhatIf(ctx),
      clear: () => view.set({ whatIf: { switchOff: [], add: [] } }),
      copyLink: () => {
        ctx.syncUrlNow();
        void navigator.clipboard?.writeText(location.href).then(
          () => reportError(t('whatif_copied')),
          () => undefined,
        );
      },
      load: (w: WhatIfState) => {
        view.set({ whatIf: w });
        void evaluateWhatIf(ctx);
      },
      change: (w: WhatIfState) => view.set({ whatIf: w }),
    });
  watch(ctx, ['whatIf', 'lang', 'sunset'], ['whatIfActive'], render);
  // An edited (or left) scenario is no longer the one evaluated: its cells leave the map.
  watch(ctx, ['whatIf', 'province', 'sunset'], [], () => {
    if (data.get().whatIfCells) data.set({ whatIfCells: null });
  });
  render();
}

/** The evaluated scenario as the map draws it: its cells, and the footprints of its new sites. */
function scenarioCells(r: WhatIfResult, w: WhatIfState): WhatIfCells {
  const footprints = r.added_sites.flatMap((s, i) =>
    footprintPolygons(
      {
        siteId: -(i + 1),
        tech: '4G',
        lon: s.lon,
        lat: s.lat,
        radiusKm: s.radius_km,
        sectors: w.add[i]?.sectors?.map((x) => ({ azimuthDeg: x.azimuth_deg, beamwidthDeg: x.beamwidth_deg })) ?? null,
        bandMhz: s.band_mhz,
        provenance: 'modelled',
      },
      32,
    ).map((poly) => ({
      siteId: -(i + 1),
      polygon: poly.coordinates[0]! as [number, number][],
      provenance: 'modelled' as const,
    })),
  );
  return { closed: r.cells.closed, lost: r.cells.lost, footprints };
}

/** In what-if mode a click marks a site of the sunset's technology for switch-off, or places a 4G site. */
export function whatIfClick(ctx: AppContext, e: MapMouseEvent, site: SitePoint | null): void {
  const w = ctx.view.get().whatIf ?? EMPTY;
  const settings = ctx.data.get().whatIfSettings;
  if (site) {
    const marked = w.switchOff.includes(site.id);
    if (!marked && !site.on_air.includes(ctx.view.get().sunset)) return;
    ctx.view.set({
      whatIf: { ...w, switchOff: marked ? w.switchOff.filter((id) => id !== site.id) : [...w.switchOff, site.id] },
    });
  } else {
    const sectors = sectorsFrom(settings.azimuths);
    ctx.view.set({
      whatIf: {
        ...w,
        add: [
          ...w.add,
          {
            lon: Math.round(e.lngLat.lng * 1e5) / 1e5,
            lat: Math.round(e.lngLat.lat * 1e5) / 1e5,
            band_mhz: settings.band,
            antenna_height_m: settings.height,
            ...(sectors ? { sectors } : {}),
          },
        ],
      },
    });
  }
}

export async function evaluateWhatIf(ctx: AppContext): Promise<void> {
  const v = ctx.view.get();
  const w = v.whatIf;
  const province = v.province;
  if (!w || !province) return reportError(t('need_province'));
  try {
    const body = await ctx.fetchLatest('whatif', (init) =>
      api.coverage['what-if']
        .$post(
          {
            json: {
              province,
              scenario: v.scenario,
              date: stationDate(v),
              month: v.month ?? undefined,
              switch_off_2g: w.switchOff,
              add_4g: w.add.map((a) => ({ ...a, band_mhz: a.band_mhz as 900 })),
              sunset: v.sunset,
              switch_off_all: w.all === true,
              refarm_band_mhz: w.refarm ?? null,
            },
          },
          { init },
        )
        .then((r) => unwrap(r, getLang())),
    );
    const result = body as unknown as WhatIfResult;
    ctx.data.set({ whatIfCells: scenarioCells(result, w) });
    const panel = ctx.shell.panel;
    const close = el('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
    close.addEventListener('click', () => hidePanel(panel));
    panel.replaceChildren(
      el(
        'div',
        { class: 'panel-head' },
        el('small', {}, t('whatif')),
        el('h2', { id: 'panel-title' }, t('whatif')),
        close,
      ),
      renderWhatIfResult(panel, result, (code) => ctx.camera.flyToCommune(code)),
    );
    panel.dataset.kind = 'whatif';
    panel.hidden = false;
  } catch (e) {
    if (!isAbort(e)) reportError(t('error_load', { msg: (e as Error).message }));
  }
}
