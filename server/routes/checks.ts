// Existence checks for codes named in query parameters: malformed → 400 (zod), well-formed but unknown →
// 404 for places, 400 for operators (an operator is a filter value, not a resource in the path).
import type { Stores } from '../stores.ts';
import { DomainError, notFound } from '../domain/errors.ts';

type Places = { province?: string | undefined; district?: string | undefined };

/** A known province; a known district, inside the province when both are named. */
function checkKnown(
  q: Places,
  province: (code: string) => boolean,
  district: (code: string) => { province_code: string } | undefined,
) {
  if (q.province && !province(q.province)) throw notFound('province', 'tỉnh', q.province, 'province');
  if (q.district) {
    const d = district(q.district);
    if (!d) throw notFound('district', 'huyện', q.district, 'district');
    if (q.province && d.province_code !== q.province) {
      throw new DomainError(
        'invalid_parameter',
        `district: ${q.district} is not in province ${q.province}`,
        `district: huyện ${q.district} không thuộc tỉnh ${q.province}`,
        'district',
      );
    }
  }
}

export function checkPlaces(stores: Stores, q: Places): void {
  checkKnown(
    q,
    (p) => !!stores.units.province(p),
    (d) => stores.units.district(d),
  );
}

export function checkOperator(stores: Stores, operator: string | undefined): void {
  if (operator && !stores.sites.operator(operator)) {
    const known = stores.sites
      .operators()
      .map((o) => o.id)
      .join(', ');
    throw new DomainError(
      'invalid_parameter',
      `operator: unknown operator "${operator}", expected one of ${known}`,
      `operator: không có nhà mạng "${operator}", cần một trong ${known}`,
      'operator',
    );
  }
}

/** The same checks against an earlier unit set's own provinces and districts. */
export function checkPlacesInSet(stores: Stores, set: string, q: Places): void {
  checkKnown(
    q,
    (p) => stores.unitSets.provinces(set).some((x) => x.code === p),
    (d) => stores.unitSets.districts(set).find((x) => x.code === d),
  );
}
