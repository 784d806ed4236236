// The sunset programmes in force: the shipped configuration (data/sunsets.json) until an admin edits
// them in the page, then the edited copy kept in the database (meta key `sunsets`), every edit audited.
// Validated the same way from either source, so a bad file or a bad edit is refused, never half-used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Stores } from '../stores.ts';
import type { Actor } from './stations.ts';
import { DomainError, bi } from './errors.ts';
import { PROJECT_ROOT } from '../config.ts';
import { isRealDate } from '../../common/month.ts';
import {
  DEFAULT_SUNSET,
  DEVICE_CLASSES,
  MILESTONE_KINDS,
  SUNSET_TECHS,
  remainingTechs,
  type SunsetProgramme,
  type SunsetTech,
} from '../../common/sunsets.ts';
import { writeMeta } from '../db/meta.ts';

const SHIPPED = join(PROJECT_ROOT, 'data', 'sunsets.json');
const META_KEY = 'sunsets';

const day = z.string().refine(isRealDate, bi('expected a real date as YYYY-MM-DD', 'cần ngày có thật dạng YYYY-MM-DD'));
const text = (max: number) => z.string().trim().min(1, bi('must not be empty', 'không được để trống')).max(max);

export const programmeSchema = z
  .object({
    technology: z.enum(SUNSET_TECHS),
    name_vi: text(100),
    name_en: text(100),
    affects: z.array(z.enum(DEVICE_CLASSES)).min(1).max(DEVICE_CLASSES.length),
    milestones: z
      .array(z.object({ kind: z.enum(MILESTONE_KINDS), date: day, label_vi: text(200), label_en: text(200) }))
      .min(1)
      .max(MILESTONE_KINDS.length),
    operators: z
      .record(
        z.string().regex(/^[a-z0-9_-]{1,32}$/, bi('an operator id', 'mã nhà mạng')),
        z.array(z.object({ kind: z.enum(MILESTONE_KINDS), date: day })).max(MILESTONE_KINDS.length),
      )
      .default({}),
    source: z.string().trim().max(500).default(''),
  })
  .superRefine((p, ctx) => {
    const kinds = p.milestones.map((m) => m.kind);
    if (!kinds.includes('network_off'))
      ctx.addIssue({
        code: 'custom',
        path: ['milestones'],
        message: bi('a programme needs its network_off date', 'lộ trình cần ngày tắt mạng (network_off)'),
      });
    if (new Set(kinds).size !== kinds.length)
      ctx.addIssue({ code: 'custom', path: ['milestones'], message: bi('one date per milestone', 'mỗi mốc một ngày') });
    const cut = p.milestones.find((m) => m.kind === 'handset_cutoff')?.date;
    const off = p.milestones.find((m) => m.kind === 'network_off')?.date;
    if (cut && off && cut > off)
      ctx.addIssue({
        code: 'custom',
        path: ['milestones'],
        message: bi(
          'the handset cut-off cannot come after the network is off',
          'ngày dừng máy đầu cuối không thể sau ngày tắt mạng',
        ),
      });
  });

export const sunsetsSchema = z
  .array(programmeSchema)
  .min(1)
  .max(SUNSET_TECHS.length)
  .superRefine((ps, ctx) => {
    const techs = ps.map((p) => p.technology);
    if (new Set(techs).size !== techs.length)
      ctx.addIssue({ code: 'custom', message: bi('one programme per technology', 'mỗi công nghệ một lộ trình') });
    if (!techs.includes(DEFAULT_SUNSET))
      ctx.addIssue({ code: 'custom', message: bi('the 2G programme cannot be removed', 'không thể bỏ lộ trình 2G') });
  });

let shipped: SunsetProgramme[] | null = null;

/** The shipped configuration, read and checked once. */
export function shippedSunsets(): SunsetProgramme[] {
  return (shipped ??= sunsetsSchema.parse(
    (JSON.parse(readFileSync(SHIPPED, 'utf8')) as { programmes: unknown }).programmes,
  ) as SunsetProgramme[]);
}

/** The programmes in force, ordered by the day their network goes off. */
export function sunsets(stores: Stores): SunsetProgramme[] {
  const stored = stores.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(META_KEY) as string | undefined;
  const list = stored ? (JSON.parse(stored) as SunsetProgramme[]) : shippedSunsets();
  const off = (p: SunsetProgramme) => p.milestones.find((m) => m.kind === 'network_off')?.date ?? '';
  return [...list].sort((a, b) => off(a).localeCompare(off(b)));
}

/** One programme; an unknown technology is refused naming `sunset`. */
export function sunsetProgramme(stores: Stores, technology: SunsetTech = DEFAULT_SUNSET): SunsetProgramme {
  const p = sunsets(stores).find((x) => x.technology === technology);
  if (!p)
    throw new DomainError(
      'invalid_parameter',
      `sunset: no ${technology} programme is configured`,
      `sunset: chưa có lộ trình tắt ${technology}`,
      'sunset',
    );
  return p;
}

/** An admin's edit: checked (operators must exist), stored, audited. */
export function saveSunsets(stores: Stores, actor: Actor, programmes: SunsetProgramme[]): SunsetProgramme[] {
  for (const p of programmes)
    for (const op of Object.keys(p.operators))
      if (!stores.sites.operator(op))
        throw new DomainError(
          'invalid_parameter',
          `operators: unknown operator ${op}`,
          `operators: không có nhà mạng ${op}`,
          'operators',
        );
  const before = sunsets(stores);
  stores.db.transaction(() => {
    writeMeta(stores.db, { [META_KEY]: JSON.stringify(programmes) });
    stores.audit.record({
      user_id: actor.user.id,
      actor: actor.user.username,
      via: actor.via,
      entity: 'sunsets',
      entity_id: 'programmes',
      action: 'update',
      before,
      after: programmes,
    });
  })();
  return sunsets(stores);
}

/** A programme with the technologies left on air once it is done (what coverage after it counts). */
export function sunsetContext(stores: Stores, technology: SunsetTech = DEFAULT_SUNSET) {
  return { programme: sunsetProgramme(stores, technology), remaining: remainingTechs(sunsets(stores), technology) };
}
