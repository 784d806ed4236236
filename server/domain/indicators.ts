// Figures derived from a commune's (or an area's) monthly indicators. Shares are fractions in [0, 1],
// rounded to 4 decimals; null where the denominator is zero or a figure was not reported.
import { affectedSubscribers, type SunsetProgramme } from '../../common/sunsets.ts';

export interface IndicatorValues {
  subscribers: number;
  subscribers_2g: number;
  /** Null (or absent): not reported. */
  subscribers_3g?: number | null;
  subscribers_no_volte?: number | null;
  households: number;
  households_smartphone: number;
}

export interface DerivedIndicators {
  households_without_smartphone: number;
  share_2g: number | null;
  share_3g: number | null;
  share_smartphone: number | null;
}

const ratio = (a: number | null | undefined, b: number) =>
  a !== null && a !== undefined && b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;

export function deriveIndicators(v: IndicatorValues): DerivedIndicators {
  return {
    households_without_smartphone: v.households - v.households_smartphone,
    share_2g: ratio(v.subscribers_2g, v.subscribers),
    share_3g: ratio(v.subscribers_3g, v.subscribers),
    share_smartphone: ratio(v.households_smartphone, v.households),
  };
}

/**
 * The figures of the chosen sunset: the subscribers whose phones lose service when its technology goes
 * (its device classes summed; null when one of them was not reported) and their share.
 */
export function sunsetIndicators(v: IndicatorValues, programme: Pick<SunsetProgramme, 'affects'>) {
  const subscribers_sunset = affectedSubscribers(v, programme);
  return { subscribers_sunset, share_sunset: ratio(subscribers_sunset, v.subscribers) };
}
