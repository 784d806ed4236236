// Schemas of /api/sites: the GeoJSON a site is read as, the filters of the list and the clusters, and
// the bodies of the writes (create, edit, event, retire, import mapping). OpenAPI is generated from them.
import { z } from '@hono/zod-openapi';
import { bi } from '../../domain/errors.ts';
import { IMPORT_FIELDS, type ImportField } from '../../domain/site-import.ts';
import {
  bboxParam,
  categoryParam,
  dateParam,
  demoMeta,
  districtParam,
  errorResponses,
  operatorParam,
  provinceParam,
  statusParam,
  techParam,
  unitsAtParam,
  zoomParam,
} from '../params.schema.ts';

const techState = z.object({ status: statusParam, since: z.string(), band_mhz: z.number().nullable() });
const techStates = z.record(z.string(), techState).openapi({ description: 'State of each technology at as_of' });

const siteProperties = z
  .object({
    id: z.number(),
    operator: z.string(),
    site_code: z.string(),
    name: z.string().nullable(),
    commune_code: z.string().nullable(),
    province_code: z.string(),
    category: categoryParam,
    techs: techStates,
    on_air: z.array(z.string()),
    antenna_height_m: z.number().nullable(),
    band_mhz: z.number().nullable(),
    // With units_at naming an earlier unit set: the station's units in that set (province_code and
    // commune_code above are then that set's too), and today's.
    unit_set: z.string().optional(),
    province_name: z.string().nullable().optional(),
    district_code: z.string().nullable().optional(),
    district_name: z.string().nullable().optional(),
    commune_name: z.string().nullable().optional(),
    commune_candidates: z
      .array(z.string())
      .optional()
      .openapi({ description: 'The old communes it may have stood in, when the crosswalk cannot tell which' }),
    placed_by: z.enum(['crosswalk', 'polygon']).nullable().optional(),
    today: z.object({ province_code: z.string(), commune_code: z.string().nullable() }).optional(),
  })
  .openapi('SiteProperties');

const pointSchema = z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) });

export const siteCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    meta: demoMeta,
    as_of: z.string(),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number(), geometry: pointSchema, properties: siteProperties }),
    ),
  })
  .openapi('SiteCollection');

export const siteDetailSchema = z
  .object({
    type: z.literal('Feature'),
    meta: demoMeta,
    id: z.number(),
    geometry: pointSchema,
    properties: z.object({
      id: z.number(),
      operator: z.string(),
      operator_name: z.string(),
      site_code: z.string(),
      name: z.string().nullable(),
      province_code: z.string(),
      commune_code: z.string().nullable(),
      commune_name: z.string().nullable(),
      district_code: z.string().nullable(),
      district_name: z.string().nullable(),
      antenna_height_m: z.number().nullable(),
      band_mhz: z.number().nullable(),
      measured_radius_m: z.number().nullable(),
      environment: z.string().nullable(),
      as_of: z.string(),
      category: categoryParam,
      techs: techStates,
      events: z.array(
        z.object({
          tech: techParam,
          status: statusParam,
          date: z.string(),
          band_mhz: z.number().nullable(),
          note: z.string().nullable(),
        }),
      ),
      sectors: z.array(z.object({ tech: techParam.nullable(), azimuth_deg: z.number(), beamwidth_deg: z.number() })),
      created_at: z.string(),
      updated_at: z.string(),
    }),
  })
  .openapi('SiteDetail');

export const asOfParam = dateParam
  .optional()
  .openapi({ description: 'Date the state is computed at; defaults to today' });

export const filterQuery = {
  province: provinceParam.optional(),
  district: districtParam.optional(),
  operator: operatorParam.optional(),
  tech: techParam.optional(),
  status: statusParam.optional(),
  category: categoryParam.optional(),
  units_at: unitsAtParam.optional().openapi({
    description:
      "The units to answer in (default today's): each site's commune, district and province in that unit set, read through the crosswalk from today's (point-in-polygon) — the commune left open, with its candidates, where the crosswalk cannot tell",
  }),
};

export const clusterSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    meta: demoMeta,
    as_of: z.string(),
    zoom: z.number(),
    total: z.number().openapi({ description: 'Sites matching the filters in the whole area, before the bbox' }),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.number(),
        geometry: pointSchema,
        properties: z.record(z.string(), z.unknown()).openapi({
          description:
            'Either a cluster {cluster: true, cluster_id, point_count, expansion_zoom, counts: {category: n}} ' +
            'or a site {cluster: false, ...SiteProperties}',
        }),
      }),
    ),
  })
  .openapi('SiteClusters');

const num = (min: number, max: number, en: string, vi: string) =>
  z
    .number({ error: bi(en, vi) })
    .min(min, bi(en, vi))
    .max(max, bi(en, vi));

export const positionSchema = z
  .union(
    [
      z.object({ lat: z.number(), lon: z.number() }),
      z.object({ text: z.string().trim().min(1).max(100) }),
      z.object({
        vn2000: z.object({ x: z.number(), y: z.number(), meridian: z.number().min(100).max(112).optional() }),
      }),
    ],
    {
      error: bi(
        'expected {lat, lon}, {text} or {vn2000: {x, y, meridian?}}',
        'cần {lat, lon}, {text} hoặc {vn2000: {x, y, meridian?}}',
      ),
    },
  )
  .openapi('Position', {
    description:
      "Decimal degrees {lat, lon}; text in decimal degrees or degrees-minutes-seconds (21°01'42.6\"N 105°51'15.1\"E); or VN-2000 plane coordinates, x north and y east in metres, on the province's central meridian unless given",
  });

export const eventSchema = z.object({
  tech: techParam,
  status: statusParam,
  date: dateParam,
  band_mhz: num(100, 6000, 'band_mhz: 100–6000 MHz', 'băng tần: 100–6000 MHz').nullable().optional(),
  note: z.string().max(500).nullable().optional(),
});
const sectorSchema = z.object({
  azimuth_deg: num(0, 359.999, 'azimuth_deg: 0–359.9°', 'góc phương vị: 0–359,9°'),
  beamwidth_deg: num(1, 360, 'beamwidth_deg: 1–360°', 'độ rộng búp sóng: 1–360°'),
  tech: techParam.nullable().optional(),
});
const name = z
  .string()
  .trim()
  .max(200, bi('name: at most 200 characters', 'tên: tối đa 200 ký tự'))
  .nullable()
  .optional();
const siteCode = z
  .string()
  .trim()
  .min(1, bi('site_code is required', 'cần mã trạm'))
  .max(64, bi('site_code: at most 64 characters', 'mã trạm: tối đa 64 ký tự'))
  .regex(
    /^[\p{L}\p{N}._\-/ ]+$/u,
    bi('site_code: letters, digits, . _ - / and spaces', 'mã trạm: chữ, số, . _ - / và dấu cách'),
  );
const common = {
  name,
  antenna_height_m: num(1, 300, 'antenna_height_m: 1–300 m', 'độ cao anten: 1–300 m').nullable().optional(),
  band_mhz: num(100, 6000, 'band_mhz: 100–6000 MHz', 'băng tần: 100–6000 MHz').nullable().optional(),
  environment: z.enum(['urban', 'suburban', 'rural']).nullable().optional(),
  measured_radius_m: num(50, 30000, 'measured_radius_m: 50–30,000 m', 'bán kính đo: 50–30.000 m').nullable().optional(),
  sectors: z.array(sectorSchema).max(12).optional(),
};
export const createSchema = z
  .object({
    operator: operatorParam,
    site_code: siteCode,
    province: provinceParam,
    position: positionSchema,
    events: z
      .array(eventSchema)
      .min(1, bi('a site needs at least one technology event', 'trạm cần ít nhất một sự kiện công nghệ'))
      .max(50),
    ...common,
  })
  .openapi('SiteCreate');
export const patchSchema = z
  .object({ province: provinceParam.optional(), position: positionSchema.optional(), ...common })
  .openapi('SitePatch');
export const idParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,15}$/, bi('expected a positive integer site id', 'cần mã trạm là số nguyên dương')),
});
const open = z.record(z.string(), z.unknown());
type JsonResponse<S> = { description: string; content: { 'application/json': { schema: S } } };
export const json = <St extends 200 | 201, S extends z.ZodType = typeof open>(
  status: St,
  description: string,
  schema: S = open as unknown as S,
) => ({
  ...({ [status]: { description, content: { 'application/json': { schema } } } } as Record<St, JsonResponse<S>>),
  ...errorResponses,
  401: { description: 'Not logged in' },
  403: { description: 'Role or operator does not allow it' },
  409: { description: 'Site code already used by this operator' },
  413: { description: 'Request too large' },
  422: { description: 'A rule refused the change (field and reason named)' },
});

export const mappingSchema = z
  .string()
  .max(20_000)
  .transform((s, ctx) => {
    try {
      const m = JSON.parse(s) as Record<string, string | null>;
      for (const v of Object.values(m)) {
        if (v !== null && !(IMPORT_FIELDS as readonly string[]).includes(v)) throw new Error(v);
      }
      return m as Record<string, ImportField | null>;
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: bi(
          `expected {"header": field} with fields ${IMPORT_FIELDS.join(', ')}`,
          `cần {"tiêu đề": trường} với các trường ${IMPORT_FIELDS.join(', ')}`,
        ),
      });
      void e;
      return z.NEVER;
    }
  });

const warning = z.looseObject({ message: z.string(), message_vi: z.string() });
/** What a write to a site answers: the site after the change and any warnings (e.g. a mast within 50 m). */
export const writeResultSchema = z
  .object({
    site: z.looseObject({ id: z.number(), site_code: z.string() }),
    warnings: z.array(warning),
    changed: z.boolean().optional(),
  })
  .openapi('SiteWriteResult');
export const eventResultSchema = z
  .object({ site: z.looseObject({ id: z.number(), site_code: z.string() }) })
  .openapi('SiteEventResult');
export const retireResultSchema = z
  .object({ id: z.number(), retired_at: z.string(), reason: z.string() })
  .openapi('SiteRetireResult');
const auditRow = z.looseObject({
  at: z.string(),
  actor: z.string().nullable(),
  via: z.string(),
  entity: z.string(),
  entity_id: z.string(),
  action: z.string(),
});
export const auditRowsSchema = z.object({ rows: z.array(auditRow) }).openapi('AuditRows');
