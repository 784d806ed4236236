// Class breaks and colours of the commune choropleth. ColorBrewer sequential schemes vary in lightness,
// so they stay readable for colour-blind viewers and in greyscale print: YlOrRd where more is worse
// (subscribers losing service in the sunset, households without a smartphone), YlGnBu where more is better (smartphone share).
import type { Indicator } from '../state/view.ts';
import type { LabelKey } from '../i18n/index.ts';
import { NO_DATA_COLOR, SHARE_BREAKS, YL_GN_BU, YL_OR_RD } from '../../common/palette.ts';

export interface ClassScheme {
  indicator: Indicator;
  /** Lower bounds of classes 2..n (class 1 is everything below breaks[0]). */
  breaks: number[];
  colors: string[];
  percent: boolean;
  unit: LabelKey;
}

const FIXED: Partial<Record<Indicator, readonly number[]>> = SHARE_BREAKS;
/** Indicators where a higher value is better. */
const GOOD_HIGH: Indicator[] = ['share_smartphone', 'coverage_4g'];

/** Rounds a break to 2 significant digits, so the legend reads "1,200" rather than "1,187". */
function nice(x: number): number {
  if (x <= 0) return 0;
  const p = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}

/** Quantile breaks for count indicators, from the values on the map (nulls ignored). */
export function quantileBreaks(values: number[], classes = 5): number[] {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return [1, 2, 3, 4];
  const out: number[] = [];
  for (let k = 1; k < classes; k++) {
    const b = nice(v[Math.min(v.length - 1, Math.floor((k / classes) * v.length))]!);
    out.push(Math.max(b, (out.at(-1) ?? 0) + 1));
  }
  return out;
}

export function classScheme(indicator: Indicator, values: number[]): ClassScheme {
  const percent = indicator.startsWith('share_') || indicator === 'coverage_4g';
  return {
    indicator,
    breaks: [...(FIXED[indicator] ?? quantileBreaks(values))],
    colors: GOOD_HIGH.includes(indicator) ? YL_GN_BU : YL_OR_RD,
    percent,
    unit: percent ? 'unit_percent' : indicator === 'subscribers_sunset' ? 'unit_subscribers' : 'unit_households',
  };
}

/** MapLibre expression: the class colour of a feature, grey where the indicator is missing. */
export function fillColorExpression(s: ClassScheme): unknown[] {
  const step: unknown[] = ['step', ['to-number', ['get', s.indicator]], s.colors[0]];
  s.breaks.forEach((b, i) => step.push(b, s.colors[i + 1]));
  return ['case', ['==', ['get', s.indicator], null], NO_DATA_COLOR, step];
}
