// The deck.gl layers over the map: coverage gaps and footprints, sites and clusters, and the decluttered
// district and commune labels — redrawn whenever what they show changes.
import { coverageLayers } from '../../layers/coverage.ts';
import { siteLayers } from '../../layers/sites.ts';
import { COMMUNE_LABEL_ZOOM, declutter, labelLayers, type LabelDatum } from '../../layers/labels.ts';
import { watch, type AppContext } from '../../app/context.ts';

export function mountDeck(ctx: AppContext): void {
  const { map, overlay, view, data } = ctx;
  const render = () => {
    const v = view.get();
    const d = data.get();
    const communeLabels: LabelDatum[] = (d.communes?.features ?? [])
      .filter((f) => !v.district || f.properties.district_code === v.district)
      .map((f) => ({ position: f.properties.label, text: f.properties.name.replace(/^(Xã|Phường|Thị trấn) /, '') }));
    const zoom = map.getZoom();
    const project = (p: [number, number]) => map.project(p);
    const size = { width: map.getCanvas().clientWidth, height: map.getCanvas().clientHeight };
    overlay.setProps({
      layers: [
        ...coverageLayers({
          gaps: d.gaps,
          footprints: d.footprints,
          showGaps: v.layers.has('gaps'),
          showFootprints: v.layers.has('footprints'),
          hypothetical: v.whatIf?.add ?? [],
        }),
        ...siteLayers({
          data: d.sites,
          selectedId: v.selection?.kind === 'site' ? v.selection.id : null,
          visible: v.layers.has('sites'),
          marked: new Set(v.whatIf?.switchOff ?? []),
        }),
        ...labelLayers({
          districts: zoom < COMMUNE_LABEL_ZOOM ? declutter(d.districtLabels, project, 14, size) : [],
          communes: zoom >= COMMUNE_LABEL_ZOOM ? declutter(communeLabels, project, 12, size) : [],
          zoom,
          visible: v.layers.has('labels'),
        }),
      ],
    });
  };
  watch(
    ctx,
    ['camera', 'district', 'layers', 'selection', 'whatIf'],
    ['communes', 'districtLabels', 'sites', 'gaps', 'footprints', 'whatIfActive'],
    render,
  );
  render();
}
