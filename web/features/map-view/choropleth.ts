// The commune choropleth and the legend: classes from the values of the chosen indicator, the coverage
// share merged into the commune features, the district filter and the selected commune's outline.
import type { GeoJSONSource } from 'maplibre-gl';
import { COMMUNE_FILLS, EMPTY, LAYER_IDS, SOURCES, formerDistrictFilter } from '../../map/style.ts';
import { classScheme, fillColorExpression } from '../../layers/classes.ts';
import { formatDay, formatNumber, getLang, t } from '../../i18n/index.ts';
import { modelName } from '../../../common/coverage-model.ts';
import { renderLegend } from './legend.ts';
import { stationDate, watch, type AppContext, type CoverageModelInfo } from '../../app/context.ts';

/** The legend's note on what the coverage figures come from, in the page's language at the time it is drawn. */
function modelNote(m: CoverageModelInfo | null): string | null {
  if (!m) return null;
  return t('model_note', {
    model: modelName(m.model, getLang()),
    res: m.resolution,
    n: formatNumber(m.sites),
    d: formatDay(m.date),
  });
}

export function mountChoropleth(ctx: AppContext): void {
  const { map, view, data } = ctx;

  // What the communes' source was last given, and whether the coverage in it is behind the table's: in
  // software WebGL (a test's, a meeting laptop's without a GPU) each setData costs several drawn frames.
  let drawn: unknown = EMPTY;
  let coverageBehind = false;
  const draw = (collection: unknown) => {
    (map.getSource(SOURCES.communes) as GeoJSONSource).setData(collection as GeoJSON.FeatureCollection);
    drawn = collection;
    coverageBehind = false;
  };

  /**
   * Puts the coverage share into the commune features, so it can be the choropleth's indicator. The map
   * is given the features again when they are new, or when their coverage changed while the map shows it;
   * otherwise it is given them when the coverage is chosen (`apply`).
   */
  const mergeCoverage = () => {
    const { communes, coverageByCode, communeTiles } = data.get();
    if (!communes) return;
    let changed = false;
    for (const f of communes.features) {
      const share = coverageByCode.get(f.properties.code) ?? null;
      if (f.properties.coverage_4g === share) continue;
      f.properties.coverage_4g = share;
      changed = true;
    }
    // Drawn from the tiles, the list has no shapes: the GeoJSON source stays empty.
    const collection = communeTiles ? EMPTY : communes;
    if (collection !== drawn || (changed && !communeTiles && view.get().indicator === 'coverage_4g')) draw(collection);
    else if (changed && !communeTiles) coverageBehind = true;
  };

  const apply = () => {
    const v = view.get();
    const visible = v.layers.has('communes');
    const values = (data.get().communes?.features ?? [])
      .map((f) => f.properties[v.indicator])
      .filter((x): x is number => typeof x === 'number');
    const scheme = visible ? classScheme(v.indicator, values) : null;
    const tiles = data.get().communeTiles;
    if (coverageBehind && v.indicator === 'coverage_4g') draw(data.get().communes);
    for (const id of COMMUNE_FILLS)
      if (scheme) map.setPaintProperty(id, 'fill-color', fillColorExpression(scheme) as never);
    map.setLayoutProperty(LAYER_IDS.communeFill, 'visibility', visible && !tiles ? 'visible' : 'none');
    for (const id of [
      LAYER_IDS.communeTileFill,
      LAYER_IDS.communeTileLine,
      LAYER_IDS.communeTileSelected,
      LAYER_IDS.communeTileHover,
    ])
      map.setLayoutProperty(
        id,
        'visibility',
        tiles && (visible || id !== LAYER_IDS.communeTileFill) ? 'visible' : 'none',
      );
    const districtFilter = formerDistrictFilter(v.district);
    map.setFilter(LAYER_IDS.communeFill, districtFilter as never);
    map.setFilter(LAYER_IDS.communeLine, districtFilter as never);
    const sel = v.selection?.kind === 'commune' ? v.selection.code : '';
    map.setFilter(LAYER_IDS.communeSelected, ['==', ['get', 'code'], sel]);
    map.setFilter(LAYER_IDS.communeTileSelected, ['==', ['get', 'code'], sel]);
    data.set({ scheme });
    legend();
  };

  const legend = () => {
    const v = view.get();
    const d = data.get();
    renderLegend(ctx.shell.legend, {
      scheme: d.scheme,
      month: v.month,
      showSites: v.layers.has('sites'),
      asOf: stationDate(v),
      note:
        v.indicator === 'coverage_4g' ? (modelNote(d.coverageModel) ?? (v.province ? null : t('need_province'))) : null,
      gaps: v.layers.has('gaps'),
      whatIf: d.whatIfCells !== null,
    });
  };

  data.subscribe(['communes', 'coverageByCode', 'communeTiles'], () => {
    mergeCoverage();
    apply();
  });
  watch(ctx, ['indicator', 'layers', 'district', 'selection'], [], apply);
  watch(ctx, ['month', 'sitesAt', 'province', 'present', 'lang', 'sunset'], ['coverageModel', 'whatIfCells'], legend);
  // The communes may have arrived while the map's style was loading.
  mergeCoverage();
  apply();
}
