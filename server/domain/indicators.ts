// Figures derived from a commune's (or an area's) monthly indicators. Shares are fractions in [0, 1],
// rounded to 4 decimals; null where the denominator is zero.

export interface IndicatorValues {
  subscribers: number;
  subscribers_2g: number;
  households: number;
  households_smartphone: number;
}

export interface DerivedIndicators {
  households_without_smartphone: number;
  share_2g: number | null;
  share_smartphone: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export function deriveIndicators(v: IndicatorValues): DerivedIndicators {
  return {
    households_without_smartphone: v.households - v.households_smartphone,
    share_2g: ratio(v.subscribers_2g, v.subscribers),
    share_smartphone: ratio(v.households_smartphone, v.households),
  };
}
