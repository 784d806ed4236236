// The title and key figures of what is on screen: shared by presentation mode and the exports, so the
// picture for the minutes says what the meeting saw.
import { api, unwrap } from '../../api/client.ts';
import { formatNumber, formatPercent, getLang, t, formatMonth } from '../../i18n/index.ts';
import type { Kpi } from './overlay.ts';
import type { AppContext } from '../../app/context.ts';

export function areaName(ctx: AppContext): string {
  const v = ctx.view.get();
  const d = v.district && ctx.meta.districts.find((x) => x.code === v.district);
  if (d) return d.name;
  const p = v.province && ctx.meta.provinces.find((x) => x.code === v.province);
  return p ? p.name : t('all_area');
}

export function presentTitle(ctx: AppContext): string {
  const v = ctx.view.get();
  const slide = ctx.data.get().slides.find((s) => s.id === v.slide);
  return slide?.title ?? t('present_title', { area: areaName(ctx), m: formatMonth(v.month) });
}

export async function kpis(ctx: AppContext): Promise<Kpi[]> {
  const v = ctx.view.get();
  const q = {
    ...(v.district ? { district: v.district } : v.province ? { province: v.province } : {}),
    ...(v.month ? { month: v.month } : {}),
    sunset: v.sunset,
  };
  const s = await api.summary.$get({ query: q }).then((r) => unwrap(r, getLang()));
  const out: Kpi[] = [
    { label: t('kpi_smartphone'), value: formatPercent(s.share_smartphone) },
    { label: t('kpi_sunset_left'), value: formatNumber(s.subscribers_sunset) },
    { label: t('kpi_sunset_off'), value: formatNumber(s.sites_sunset_switched_off) },
    { label: t('kpi_4g'), value: `${formatNumber(s.sites_4g_new)} / ${formatNumber(s.sites_4g_upgraded)}` },
  ];
  const { coverageByCode, communes } = ctx.data.get();
  if (coverageByCode.size > 0) {
    const inArea = (communes?.features ?? []).filter((f) => !v.district || f.properties.district_code === v.district);
    const withGaps = inArea.filter((f) => (coverageByCode.get(f.properties.code) ?? 1) < 0.99).length;
    out.push({ label: t('kpi_gaps'), value: `${formatNumber(withGaps)} / ${formatNumber(inArea.length)}` });
  }
  return out;
}
