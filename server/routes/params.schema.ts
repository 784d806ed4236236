// Query and path parameters shared by the API routes, with bilingual messages naming the reason.
import { z } from '@hono/zod-openapi';
import { bi } from '../domain/errors.ts';
import { MONTH_RE, isRealDate } from '../../common/month.ts';
import { EVENT_STATUSES, SITE_CATEGORIES, TECHS } from '../../common/site-state.ts';
import { DEVICE_CLASSES, SUNSET_TECHS } from '../../common/sunsets.ts';

export const provinceParam = z
  .string()
  .regex(/^\d{2}$/, bi('expected a 2-digit GSO province code, e.g. 31', 'cần mã tỉnh GSO 2 chữ số, ví dụ 31'))
  .openapi({ description: 'GSO province code (31 = Hải Phòng, 14 = Sơn La)', example: '31' });

export const districtParam = z
  .string()
  .regex(/^\d{3}$/, bi('expected a 3-digit GSO district code, e.g. 116', 'cần mã huyện GSO 3 chữ số, ví dụ 116'))
  .openapi({ description: 'GSO district code (116 = Sơn La city)', example: '116' });

export const communeCodeParam = z
  .string()
  .regex(/^\d{5}$/, bi('expected a 5-digit GSO commune code', 'cần mã xã GSO 5 chữ số'))
  .openapi({ description: 'GSO commune code', example: '03646' });

export const monthParam = z
  .string()
  .regex(MONTH_RE, bi('expected a month as YYYY-MM with MM from 01 to 12', 'cần tháng dạng YYYY-MM, MM từ 01 đến 12'))
  .openapi({ description: 'Month, YYYY-MM; defaults to the latest month with data', example: '2024-09' });

export const unitsAtParam = z
  .string()
  .refine(
    isRealDate,
    bi(
      'expected the date whose units to answer in, as YYYY-MM-DD',
      'cần ngày (YYYY-MM-DD) của bộ đơn vị hành chính cần dùng',
    ),
  )
  .refine(
    (s) => s >= '2019-01-01',
    bi(
      'phusong has no unit set before 2019-01-01 (the statistics office change record starts then)',
      'phusong không có bộ đơn vị hành chính trước 01/01/2019',
    ),
  )
  .openapi({
    description:
      "Answer in the administrative units in force on this date (default: today). Before 2025-07-01: the 63 provinces › 691 districts › 10,033 communes of 30 June 2025; from then: today's 34 provinces › 3,321 communes",
    example: '2025-06-30',
  });

export const dateParam = z
  .string()
  .refine(isRealDate, bi('expected a real date as YYYY-MM-DD', 'cần ngày có thật dạng YYYY-MM-DD'))
  .openapi({ description: 'Date, YYYY-MM-DD', example: '2024-09-30' });

const BBOX_SHAPE = bi(
  'expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat',
  'cần 4 số cách nhau bởi dấu phẩy: minLon,minLat,maxLon,maxLat',
);
const BBOX_RANGE = bi(
  'longitudes must lie in [-180, 180], latitudes in [-90, 90], with min ≤ max',
  'kinh độ trong [-180, 180], vĩ độ trong [-90, 90], giá trị nhỏ ≤ giá trị lớn',
);

export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',');
    const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
    if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: BBOX_SHAPE });
      return z.NEVER;
    }
    const [w, s2, e, n] = nums as [number, number, number, number];
    if (w < -180 || e > 180 || s2 < -90 || n > 90 || w > e || s2 > n) {
      ctx.addIssue({ code: 'custom', message: BBOX_RANGE });
      return z.NEVER;
    }
    return [w, s2, e, n] as [number, number, number, number];
  })
  .openapi({
    type: 'string',
    description: 'Bounding box minLon,minLat,maxLon,maxLat (WGS84)',
    example: '106.5,20.7,106.8,20.95',
  });

export const operatorParam = z
  .string()
  .regex(
    /^[a-z]{2,32}$/,
    bi('expected an operator id such as viettel, vnpt, mobifone', 'cần mã nhà mạng như viettel, vnpt, mobifone'),
  )
  .openapi({ description: 'Operator id (see /api/meta)', example: 'vnpt' });

const ZOOM = bi('expected a zoom level from 0 to 22', 'cần mức thu phóng từ 0 đến 22');
export const zoomParam = z.coerce
  .number({ error: ZOOM })
  .min(0, ZOOM)
  .max(22, ZOOM)
  .openapi({ type: 'number', description: 'Map zoom level', example: 9 });

export const techParam = z.enum(TECHS, { error: bi('expected one of 2G, 3G, 4G, 5G', 'cần một trong 2G, 3G, 4G, 5G') });
export const statusParam = z.enum(EVENT_STATUSES, {
  error: bi(
    'expected one of planned, active, upgraded, switched_off',
    'cần một trong planned, active, upgraded, switched_off',
  ),
});
export const categoryParam = z.enum(SITE_CATEGORIES, {
  error: bi(`expected one of ${SITE_CATEGORIES.join(', ')}`, `cần một trong ${SITE_CATEGORIES.join(', ')}`),
});

export const demoMeta = z
  .object({
    demo: z.boolean(),
    label: z.string(),
    data_start: z.string(),
    unit_set: z
      .object({ id: z.string(), name: z.string(), in_force_from: z.string(), has_districts: z.boolean() })
      .openapi({ description: 'The administrative units the answer is in' }),
    sunset: z
      .object({
        technology: z.enum(SUNSET_TECHS),
        name_vi: z.string(),
        name_en: z.string(),
        affects: z.array(z.enum(DEVICE_CLASSES)),
        network_off: z.string().nullable(),
      })
      .optional()
      .openapi({
        description:
          'The sunset programme whose figures the answer carries (subscribers_sunset, share_sunset): its technology and the device classes it leaves without service',
      }),
  })
  .openapi('DatasetMeta', { description: 'Which data set answered; demo data is labelled as such' });

/** The 3G sunset's device classes, and the figures of the programme the answer follows (`sunset=`). */
export const sunsetIndicatorFields = {
  subscribers_3g: z
    .number()
    .nullable()
    .openapi({ description: 'Subscribers on 3G-capable devices without 4G (null: not reported)' }),
  subscribers_no_volte: z.number().nullable().openapi({
    description: 'Subscribers on 4G devices without VoLTE: their calls need 2G/3G (null: not reported)',
  }),
  share_3g: z.number().nullable().openapi({ description: 'subscribers_3g / subscribers, fraction 0–1' }),
  subscribers_sunset: z.number().nullable().openapi({
    description:
      "Subscribers whose phones lose service when the chosen sunset's technology goes (2G: 2G-only; 3G: 2G-only + 3G + 4G without VoLTE); null when one of them was not reported",
  }),
  share_sunset: z.number().nullable().openapi({ description: 'subscribers_sunset / subscribers, fraction 0–1' }),
};

export const sunsetParam = z.enum(SUNSET_TECHS, { error: bi('expected 2G or 3G', 'cần 2G hoặc 3G') }).openapi({
  description:
    'The sunset programme the figures follow (subscribers_sunset, share_sunset and the labels): 2G (default) or 3G. The explicit subscribers_2g, share_2g, subscribers_3g, share_3g and subscribers_no_volte are there either way',
  example: '3G',
});

export const errorSchema = z
  .object({
    error: z.object({
      id: z.string().openapi({ example: 'invalid_parameter' }),
      field: z.string().optional().openapi({ example: 'bbox' }),
      message: z.string().openapi({ example: 'bbox: expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat' }),
      message_vi: z.string(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'A parameter is malformed', content: { 'application/json': { schema: errorSchema } } },
  404: { description: 'Unknown code or id', content: { 'application/json': { schema: errorSchema } } },
} as const;

/** A country-wide read refused while the server prepares others (workers/pool.ts createGate). */
export const busyResponse = {
  503: {
    description: 'The server is preparing other country-wide answers: try again after Retry-After seconds',
    content: { 'application/json': { schema: errorSchema } },
  },
} as const;

export const geometrySchema = z
  .object({ type: z.string(), coordinates: z.array(z.unknown()) })
  .openapi('Geometry', { description: 'GeoJSON geometry, WGS84' });
