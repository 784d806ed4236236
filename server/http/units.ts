// Endpoints that answer in today's units only: coverage is computed per today's commune on today's
// boundaries, and site clusters and exports are drawn and filed by them; the pre-reform units have no
// boundaries, so such an answer cannot be given in them (/api/sites and /api/search answer in any set). units_at naming today's units (or any date since 1 July 2025)
// is accepted; an earlier date gets a 422 naming units_at and saying where to look instead.
import type { MiddlewareHandler } from 'hono';
import type { Stores } from '../stores.ts';
import { DomainError } from '../domain/errors.ts';
import { unitSetAt } from '../domain/unit-sets.ts';
import { unitsAtParam } from '../routes/params.schema.ts';

export function todaysUnitsOnly(stores: Stores, opts: { except?: string[] } = {}): MiddlewareHandler {
  return async (c, next) => {
    const at = opts.except?.includes(c.req.path) ? undefined : c.req.query('units_at');
    // A malformed date is the route's validator's to refuse (400); only a valid earlier one is checked here.
    if (at && unitsAtParam.safeParse(at).success && unitSetAt(stores, at).id !== stores.unitSets.mapSet()) {
      throw new DomainError(
        'units_not_available',
        `units_at: ${c.req.path} answers in today's units only (coverage stands on today's boundaries; the units before 1 July 2025 have none) — leave units_at out, or use /api/sites, /api/search, /api/communes and /api/summary with units_at for stations and figures in the units of then`,
        `units_at: ${c.req.path} chỉ trả lời theo đơn vị hành chính hiện hành (vùng phủ dựa trên ranh giới hiện hành; đơn vị trước 01/07/2025 không có ranh giới) — bỏ units_at, hoặc dùng /api/sites, /api/search, /api/communes và /api/summary với units_at để xem trạm và số liệu theo đơn vị khi đó`,
        'units_at',
      );
    }
    await next();
  };
}
