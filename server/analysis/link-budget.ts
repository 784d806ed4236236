// The coverage model's link budget: how far a site reaches, from its band, antenna height and
// environment, with Okumura–Hata (150–1500 MHz: the 700 and 900 MHz bands) or COST-231 Hata (1500–2000
// MHz: 1800 MHz; 2100 MHz is a slight extrapolation, as is common practice) path loss.
//
// Every default is written down with where it comes from. The LTE defaults reproduce the published
// planning figures for 2×20 W, 10 MHz, 1 Mbps at the cell edge (see docs/coverage-model.md and
// tests/analysis/link-budget.test.ts for where they land and why they differ).

export type Environment = 'urban' | 'suburban' | 'rural';
export type RadioTech = '2G' | '3G' | '4G';

export interface LinkBudget {
  /** Transmit power at the antenna port, dBm. LTE: 2×20 W = 40 W = 46 dBm (3GPP TS 36.104 macro class). */
  txPowerDbm: number;
  /** Base-station sector antenna gain, dBi (typical 65° panel: 17–18 dBi). */
  antennaGainDbi: number;
  /** Feeder, jumper and connector losses, dB. */
  feederLossDb: number;
  /** Receiver sensitivity at the cell edge, dBm: thermal noise + noise figure + required SINR. */
  sensitivityDbm: number;
  /** Body loss (handset held to the head or in hand), dB. */
  bodyLossDb: number;
  /** Interference margin (cell loading), dB. */
  interferenceMarginDb: number;
  /** Log-normal shadow-fading margin for ~90% area coverage, dB. */
  shadowMarginDb: number;
  /** Building penetration loss (indoor service), dB. */
  penetrationLossDb: number;
  /** Handset height, m. */
  ueHeightM: number;
}

const THERMAL_NOISE_DBM_PER_HZ = -174;

/** Sensitivity = kT + 10·log10(occupied bandwidth) + noise figure + required SINR. */
export function sensitivityDbm(occupiedBandwidthHz: number, noiseFigureDb: number, requiredSinrDb: number): number {
  return THERMAL_NOISE_DBM_PER_HZ + 10 * Math.log10(occupiedBandwidthHz) + noiseFigureDb + requiredSinrDb;
}

/**
 * LTE defaults. 10 MHz carrier = 50 resource blocks = 9 MHz occupied; UE noise figure 7 dB (3GPP TS
 * 36.101); 1 Mbps over 50 PRBs needs an SINR of about −3 dB (QPSK, low code rate; Holma & Toskala,
 * "LTE for UMTS", link-budget chapter); margins as in the same reference's urban indoor budget.
 */
export const LTE_DEFAULTS: LinkBudget = {
  txPowerDbm: 46,
  antennaGainDbi: 18,
  feederLossDb: 2,
  sensitivityDbm: sensitivityDbm(9e6, 7, -3),
  bodyLossDb: 3,
  interferenceMarginDb: 3,
  shadowMarginDb: 8,
  penetrationLossDb: 20,
  ueHeightM: 1.5,
};

/**
 * GSM defaults: 20 W (43 dBm) per TRX, 17 dBi antenna, 3 dB feeder; sensitivity −104 dBm (3GPP TS
 * 45.005 reference sensitivity for a GSM 900 mobile is −102 dBm; typical handsets do ~2 dB better);
 * penetration 15 dB (voice indoors near a window), other margins as for LTE.
 */
export const GSM_DEFAULTS: LinkBudget = {
  txPowerDbm: 43,
  antennaGainDbi: 17,
  feederLossDb: 3,
  sensitivityDbm: -104,
  bodyLossDb: 3,
  interferenceMarginDb: 2,
  shadowMarginDb: 8,
  penetrationLossDb: 15,
  ueHeightM: 1.5,
};

/**
 * UMTS (3G) defaults for voice, the service the 3G sunset takes away: an uplink-limited 12.2 kbps call
 * (the handset, 21 dBm class 4, is the weak side). Node B sensitivity = kT over 3.84 MHz (−108.2 dBm)
 * + noise figure 2 dB − processing gain 25 dB (3.84 Mcps / 12.2 kbps) + required Eb/N0 5 dB = −126.2 dBm
 * (Holma & Toskala, "WCDMA for UMTS", link-budget chapter); receive antenna 18 dBi, feeder 2 dB;
 * margins as for LTE (indoor 20 dB, shadowing 8 dB, 50% load 3 dB, body 3 dB). Maximum path loss
 * 129.1 dB — close to the LTE budget's 128.5 dB, so at one band 3G voice and 4G at 1 Mbps reach alike.
 */
export const UMTS_DEFAULTS: LinkBudget = {
  txPowerDbm: 21,
  antennaGainDbi: 18,
  feederLossDb: 2,
  sensitivityDbm: sensitivityDbm(3.84e6, 2, 5 - 10 * Math.log10(3.84e6 / 12_200)),
  bodyLossDb: 3,
  interferenceMarginDb: 3,
  shadowMarginDb: 8,
  penetrationLossDb: 20,
  ueHeightM: 1.5,
};

/** The link budget of a technology. */
export function budgetOf(tech: RadioTech): LinkBudget {
  return tech === '2G' ? GSM_DEFAULTS : tech === '3G' ? UMTS_DEFAULTS : LTE_DEFAULTS;
}

/** Default antenna height when a site declares none, m. */
export const DEFAULT_ANTENNA_HEIGHT_M = 30;
/** Default bands when an event declares none, MHz. */
export const DEFAULT_BAND_MHZ: Record<RadioTech, number> = { '2G': 900, '3G': 2100, '4G': 1800 };
/** Hata is not meant for distances beyond 20 km; footprints are capped there. */
export const MAX_RADIUS_KM = 20;

/** Maximum allowed path loss, dB: EIRP minus everything the signal must still overcome. */
export function maxPathLossDb(b: LinkBudget): number {
  const eirp = b.txPowerDbm + b.antennaGainDbi - b.feederLossDb;
  return eirp - b.sensitivityDbm - b.bodyLossDb - b.interferenceMarginDb - b.shadowMarginDb - b.penetrationLossDb;
}

/** Mobile-antenna correction a(hm) for a small or medium city, dB. */
function mobileCorrection(fMhz: number, hmM: number): number {
  const lf = Math.log10(fMhz);
  return (1.1 * lf - 0.7) * hmM - (1.56 * lf - 0.8);
}

/** Correction from the urban formula to suburban or open (rural) areas (Hata 1980), dB. */
function environmentCorrection(fMhz: number, env: Environment): number {
  const lf = Math.log10(fMhz);
  if (env === 'urban') return 0;
  if (env === 'suburban') return -2 * Math.log10(fMhz / 28) ** 2 - 5.4;
  return -4.78 * lf ** 2 + 18.33 * lf - 40.94;
}

/** Median path loss at `dKm`, dB: Okumura–Hata below 1500 MHz, COST-231 Hata above. */
export function pathLossDb(fMhz: number, hbM: number, hmM: number, dKm: number, env: Environment): number {
  const base = fMhz <= 1500 ? 69.55 + 26.16 * Math.log10(fMhz) : 46.3 + 33.9 * Math.log10(fMhz);
  return (
    base -
    13.82 * Math.log10(hbM) -
    mobileCorrection(fMhz, hmM) +
    (44.9 - 6.55 * Math.log10(hbM)) * Math.log10(dKm) +
    environmentCorrection(fMhz, env)
  );
}

/** The distance at which the path loss reaches `maxLossDb`, km (inverse of pathLossDb), capped at 20 km. */
export function radiusForLossKm(fMhz: number, hbM: number, hmM: number, env: Environment, maxLossDb: number): number {
  const atOneKm = pathLossDb(fMhz, hbM, hmM, 1, env);
  const slope = 44.9 - 6.55 * Math.log10(hbM);
  return Math.min(MAX_RADIUS_KM, 10 ** ((maxLossDb - atOneKm) / slope));
}

export interface RadiusInput {
  tech: RadioTech;
  bandMhz?: number | null;
  antennaHeightM?: number | null;
  environment?: Environment | null;
  budget?: Partial<LinkBudget>;
}

/**
 * Modelled cell radius in km.
 * @example modelRadiusKm({ tech: '4G', bandMhz: 1800, antennaHeightM: 30, environment: 'urban' }) // ≈ 0.6
 */
export function modelRadiusKm(input: RadiusInput): number {
  const budget = { ...budgetOf(input.tech), ...input.budget };
  return radiusForLossKm(
    input.bandMhz ?? DEFAULT_BAND_MHZ[input.tech],
    Math.max(input.antennaHeightM ?? DEFAULT_ANTENNA_HEIGHT_M, 1),
    budget.ueHeightM,
    input.environment ?? 'suburban',
    maxPathLossDb(budget),
  );
}
