// GIS data for the departments' GIS staff: the communes and the stations on the map as files a GIS opens
// (GeoPackage) or Google Earth shows (KML), "Mở trong QGIS" (a project opening phusong's OGC API and tile
// layers, styled as the page), and the OGC API itself — each for the area, month, filters and sunset shown.
import { t } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { stationDate, watch, type AppContext } from '../../app/context.ts';

export function mountGis(ctx: AppContext): void {
  const render = () => {
    const v = ctx.view.get();
    const area = new URLSearchParams();
    if (v.province) area.set('province_code', v.province);
    const communes = new URLSearchParams(area);
    if (v.month) communes.set('datetime', `${v.month}-01`);
    if (v.sunset !== '2G') communes.set('sunset', v.sunset);
    const sites = new URLSearchParams(area);
    if (v.operator) sites.set('operator', v.operator);
    if (v.category) sites.set('category', v.category);
    sites.set('datetime', stationDate(v));
    const project = new URLSearchParams(area);
    if (v.sunset !== '2G') project.set('sunset', v.sunset);
    const link = (id: string, href: string, label: Parameters<typeof t>[0], title: Parameters<typeof t>[0]) =>
      el('a', { href, class: 'button', id, download: '', title: t(title) }, t(label));
    ctx.shell.gis.replaceChildren(
      el('h2', {}, t('gis_data')),
      el(
        'div',
        { class: 'buttons' },
        link('gis-communes-gpkg', `/downloads/communes.gpkg?${communes}`, 'gis_communes_gpkg', 'gis_gpkg_hint'),
        link('gis-communes-kml', `/downloads/communes.kml?${communes}`, 'gis_communes_kml', 'gis_kml_hint'),
      ),
      el(
        'div',
        { class: 'buttons' },
        link('gis-sites-gpkg', `/downloads/sites.gpkg?${sites}`, 'gis_sites_gpkg', 'gis_gpkg_hint'),
        link('gis-sites-kml', `/downloads/sites.kml?${sites}`, 'gis_sites_kml', 'gis_kml_hint'),
      ),
      el(
        'div',
        { class: 'buttons' },
        link('gis-qgis', `/downloads/phusong.qgs?${project}`, 'gis_open_qgis', 'gis_qgis_hint'),
        el(
          'a',
          { href: '/ogc?f=html', class: 'button', id: 'gis-ogc', target: '_blank', title: t('gis_ogc_hint') },
          'OGC API',
        ),
      ),
    );
  };
  watch(ctx, ['province', 'month', 'operator', 'category', 'sitesAt', 'sunset', 'lang'], [], render);
  render();
}
