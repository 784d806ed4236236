// The priority ranking's weights, one definition for the server (which ranks with them and states the
// formula) and the page (which lets a planner change them and keeps them in the link).

/** The three terms of the formula, each weighted 0–1 (sent as w_2g, w_gap, w_nosmart). */
export interface RankingWeights {
  /** The sunset's share of subscribers (the 2G share in the 2G programme). */
  share2g: number;
  uncovered: number;
  withoutSmartphone: number;
}
export const DEFAULT_WEIGHTS: RankingWeights = { share2g: 0.4, uncovered: 0.4, withoutSmartphone: 0.2 };
