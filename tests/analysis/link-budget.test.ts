// The link budget: a hand-computed case, and where the defaults land against published LTE planning
// figures (2×20 W, 10 MHz, 1 Mbps cell edge; 30 m mast, 1.5 m handset).
import { describe, expect, it } from 'vitest';
import {
  GSM_DEFAULTS,
  LTE_DEFAULTS,
  maxPathLossDb,
  modelRadiusKm,
  pathLossDb,
  sensitivityDbm,
} from '../../server/analysis/link-budget.ts';

describe('link budget', () => {
  it('computes the LTE maximum path loss term by term', () => {
    // Sensitivity: −174 dBm/Hz + 10·log10(9 MHz) = −104.54; + NF 7 dB; + SINR −3 dB → −100.46 dBm.
    expect(sensitivityDbm(9e6, 7, -3)).toBeCloseTo(-100.458, 2);
    // EIRP 46 + 18 − 2 = 62 dBm; 62 + 100.46 − body 3 − interference 3 − shadowing 8 − penetration 20 = 128.46 dB.
    expect(maxPathLossDb(LTE_DEFAULTS)).toBeCloseTo(128.458, 2);
    // GSM: 43 + 17 − 3 + 104 − 3 − 2 − 8 − 15 = 133 dB.
    expect(maxPathLossDb(GSM_DEFAULTS)).toBeCloseTo(133, 6);
  });

  it('gives the radius of a hand-computed COST-231 Hata case (1800 MHz, 30 m, urban)', () => {
    // a(hm) = (1.1·log10 1800 − 0.7)·1.5 − (1.56·log10 1800 − 0.8) = 0.04 dB
    // L(1 km) = 46.3 + 33.9·log10 1800 − 13.82·log10 30 − a(hm) = 46.3 + 110.35 − 20.41 − 0.04 = 136.20 dB
    // slope = 44.9 − 6.55·log10 30 = 35.22 dB/decade
    // d = 10^((128.46 − 136.20) / 35.22) = 0.6028 km
    expect(pathLossDb(1800, 30, 1.5, 1, 'urban')).toBeCloseTo(136.2, 1);
    expect(modelRadiusKm({ tech: '4G', bandMhz: 1800, antennaHeightM: 30, environment: 'urban' })).toBeCloseTo(
      0.6028,
      3,
    );
  });

  it('gives the radius of a hand-computed Okumura–Hata case (900 MHz, 30 m, rural)', () => {
    // L_urban(1 km) = 69.55 + 26.16·log10 900 − 13.82·log10 30 − a(hm) = 69.55 + 77.28 − 20.41 − 0.02 = 126.40
    // open-area correction = −4.78·(log10 900)² + 18.33·log10 900 − 40.94 = −28.51 → L(1 km) = 97.89 dB
    // d = 10^((128.46 − 97.89) / 35.22) = 7.37 km
    expect(pathLossDb(900, 30, 1.5, 1, 'rural')).toBeCloseTo(97.89, 1);
    expect(modelRadiusKm({ tech: '4G', bandMhz: 900, antennaHeightM: 30, environment: 'rural' })).toBeCloseTo(7.37, 1);
  });

  // Published planning figures and where the defaults land (docs/coverage-model.md explains the gaps):
  // all within 10% but suburban 900 MHz, where Hata's suburban correction (−9.9 dB at 900 MHz) is milder
  // than whatever the published table used: the model is conservative there.
  const published: [number, 'urban' | 'suburban' | 'rural', number, number][] = [
    [1800, 'urban', 0.6, 0.1],
    [1800, 'suburban', 1.3, 0.1],
    [1800, 'rural', 4.5, 0.1],
    [900, 'urban', 1.15, 0.1],
    [900, 'suburban', 2.9, 0.26],
    [900, 'rural', 7.6, 0.1],
  ];
  it.each(published)('%i MHz %s lands near the published %f km', (band, env, km, tolerance) => {
    const r = modelRadiusKm({ tech: '4G', bandMhz: band, antennaHeightM: 30, environment: env });
    expect(Math.abs(r - km) / km).toBeLessThanOrEqual(tolerance);
  });

  it('a lower band reaches further, a higher mast reaches further, a city reaches least', () => {
    const r = (band: number, h: number, env: 'urban' | 'rural') =>
      modelRadiusKm({ tech: '4G', bandMhz: band, antennaHeightM: h, environment: env });
    expect(r(700, 30, 'rural')).toBeGreaterThan(r(900, 30, 'rural'));
    expect(r(900, 30, 'rural')).toBeGreaterThan(r(1800, 30, 'rural'));
    expect(r(1800, 30, 'rural')).toBeGreaterThan(r(2100, 30, 'rural'));
    expect(r(1800, 45, 'urban')).toBeGreaterThan(r(1800, 20, 'urban'));
    expect(r(1800, 30, 'rural')).toBeGreaterThan(r(1800, 30, 'urban'));
  });
});
