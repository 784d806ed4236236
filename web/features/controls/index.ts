// The sidebar's view controls (area, month, indicator, layers, filters) and coverage controls (scenario,
// ranking): drawn from the view state, writing every choice back to it. Choosing an area also moves
// the camera to it.
import { renderControls, renderCoverageControls, type ControlHandlers } from './render.ts';
import { watch, type AppContext } from '../../app/context.ts';

export function mountControls(ctx: AppContext): void {
  const { view } = ctx;
  const on: ControlHandlers = {
    area: (province, district) => {
      view.set({ province, district });
      ctx.camera.fitArea(true);
    },
    month: (month) => view.set({ month }),
    indicator: (indicator) => view.set({ indicator }),
    layer: (layer, show) => {
      const layers = new Set(view.get().layers);
      if (show) layers.add(layer);
      else layers.delete(layer);
      view.set({ layers });
    },
    filter: (name, value) => view.set({ [name]: value }),
    sitesAt: (sitesAt) => view.set({ sitesAt }),
    scenario: (scenario) => view.set({ scenario }),
    sunset: (sunset) => view.set({ sunset }),
    ranking: (open) => view.set({ ranking: open }),
  };
  const render = () => {
    // Redrawing replaces the controls: keep the keyboard focus where it was.
    const focused = document.activeElement?.id;
    renderControls(ctx.shell.controls, ctx.meta, view.get(), on);
    renderCoverageControls(ctx.shell.coverage, view.get(), on);
    ctx.shell.relabel();
    if (focused) document.getElementById(focused)?.focus();
  };
  watch(
    ctx,
    [
      'province',
      'district',
      'month',
      'indicator',
      'layers',
      'operator',
      'tech',
      'category',
      'sitesAt',
      'scenario',
      'ranking',
      'lang',
      'sunset',
    ],
    [],
    render,
  );
  render();
}
