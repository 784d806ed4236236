// Hover and click on the map: a tooltip for sites, clusters and communes; a click zooms into a cluster,
// selects a site or a commune, or — in what-if mode — edits the scenario.
import type { MapMouseEvent } from 'maplibre-gl';
import type { PickingInfo } from '@deck.gl/core';
import { COMMUNE_FILLS } from '../../map/style.ts';
import type { SiteDatum } from '../../layers/sites.ts';
import { el } from '../../ui/dom.ts';
import { formatNumber, formatPercent, t } from '../../i18n/index.ts';
import { whatIfClick } from '../whatif/index.ts';
import type { AppContext, CommuneProps } from '../../app/context.ts';

export function mountPointer(ctx: AppContext): void {
  const { map, overlay, view, shell } = ctx;

  const pickSite = (e: MapMouseEvent): PickingInfo<SiteDatum> | null => {
    const info = overlay()?.pickObject({ x: e.point.x, y: e.point.y, radius: 6, layerIds: ['sites', 'site-clusters'] });
    return info?.object ? (info as PickingInfo<SiteDatum>) : null;
  };

  const communeAt = (e: MapMouseEvent) =>
    view.get().layers.has('communes')
      ? map.queryRenderedFeatures(e.point, { layers: [...COMMUNE_FILLS] })[0]
      : undefined;

  map.on('mousemove', (e) => {
    const tip = shell.tooltip;
    const site = pickSite(e);
    const indicator = view.get().indicator;
    let text: string[] | null = null;
    if (site?.object?.kind === 'site') {
      const s = site.object;
      text = [s.site_code + (s.name ? ` — ${s.name}` : ''), `${s.operator} · ${t(`cat_${s.category}`)}`];
    } else if (site?.object?.kind === 'cluster') {
      const c = site.object;
      text = [
        t('cluster', { n: formatNumber(c.count) }),
        ...Object.entries(c.counts).map(([k, n]) => `${t(`cat_${k}` as 'cat_off')}: ${formatNumber(n)}`),
      ];
    } else {
      const f = communeAt(e);
      if (f) {
        const p = f.properties as CommuneProps;
        const v = p[indicator];
        const value =
          typeof v === 'number' ? (indicator.startsWith('share_') ? formatPercent(v) : formatNumber(v)) : '—';
        const approx = p.estimated ? '≈ ' : '';
        text = [p.name, `${t(`ind_${indicator}`)}: ${approx}${value}`];
      }
    }
    map.getCanvas().style.cursor = text ? 'pointer' : '';
    if (!text) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...text.map((line, i) => el(i === 0 ? 'b' : 'div', {}, line)));
    tip.style.left = `${e.point.x + 14}px`;
    tip.style.top = `${e.point.y + 14}px`;
    tip.hidden = false;
  });
  map.on('mouseout', () => (shell.tooltip.hidden = true));

  map.on('click', (e) => {
    const site = pickSite(e);
    if (site?.object?.kind === 'cluster') {
      map.easeTo({ center: site.object.position, zoom: Math.min(site.object.expansionZoom + 0.5, 16) });
      return;
    }
    if (ctx.data.get().whatIfActive) return whatIfClick(ctx, e, site?.object?.kind === 'site' ? site.object : null);
    if (site?.object?.kind === 'site') return view.set({ selection: { kind: 'site', id: site.object.id } });
    const f = communeAt(e);
    if (!f) return;
    const p = f.properties as CommuneProps;
    // The national view draws provinces: a click opens the province (the map then shows its communes).
    if (p.level === 'province') {
      view.set({ province: p.code, district: null, selection: null });
      return ctx.camera.fitArea(true);
    }
    view.set({ selection: { kind: 'commune', code: p.code } });
  });
}
