// /api/jobs/{id}: how far a long upload has got, and its answer when done (server/workers/jobs.ts). Any
// upload route answers as a job when asked with job=1.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http/env.ts';
import { requireRole } from '../http/auth.ts';
import { errorAnswer } from '../http/errors.ts';
import { notFound } from '../domain/errors.ts';
import type { JobWork, Jobs } from '../workers/jobs.ts';
import type { Gate, Pool } from '../workers/pool.ts';
import { errorResponses } from './params.schema.ts';
import { PRIVATE } from './limits.ts';

/** The worker pool and the jobs it runs, given to the routes that upload. */
export interface Background {
  pool: Pool;
  jobs: Jobs;
  /** Country-wide reads in flight, bounded (workers/pool.ts). */
  wide: Gate;
}

export const jobParam = z.enum(['0', '1']).optional().openapi({
  description:
    '1: answer at once with 202 and the job; GET /api/jobs/{id} gives its progress and, when done, the answer',
});

const jobSchema = z
  .looseObject({
    id: z.string(),
    kind: z.string(),
    state: z.enum(['running', 'done', 'failed', 'cancelled']),
    done: z.number(),
    total: z.number(),
    percent: z.number().nullable(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    status: z.number().nullable(),
    result: z.unknown(),
  })
  .openapi('Job');

export const jobAccepted = {
  202: {
    description: 'Accepted as a job: follow job.url for progress and the answer',
    content: { 'application/json': { schema: z.object({ job: jobSchema.extend({ url: z.string() }) }) } },
  },
} as const;

/**
 * Runs an upload's work and answers with its result, or — with job=1 — starts it as a job and answers 202.
 * The status is the work's own (200, or 422 for a refused list), decided at run time: the route's declared
 * responses document it, so the answer is typed as whichever the route expects.
 */
export async function answerOrJob(
  c: Context<AppEnv>,
  bg: Background,
  kind: string,
  asJob: boolean,
  work: JobWork,
): Promise<never> {
  if (!asJob) {
    // A request that is not a job ends with its connection: nothing to cancel.
    const r = await work(() => {}, new AbortController().signal);
    return c.json(r.body as Record<string, unknown>, r.status as ContentfulStatusCode, PRIVATE) as never;
  }
  const job = bg.jobs.start(kind, c.get('user')!.id, work, (e) => errorAnswer(e, `${kind} job`));
  return c.json({ job: { ...job, url: `/api/jobs/${job.id}` } }, 202, PRIVATE) as never;
}

export function jobRoutes(bg: Background) {
  const id = z.object({ id: z.string().max(64) });
  const missing = (value: string) => notFound('job', 'tác vụ', value, 'id');
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/jobs/{id}',
        tags: ['import'],
        summary: "A job's progress (rows read and written) and, when done, the answer its request would have given",
        middleware: [requireRole('admin', 'carrier', 'viewer')] as const,
        request: { params: id },
        responses: {
          200: { description: 'The job', content: { 'application/json': { schema: jobSchema } } },
          ...errorResponses,
        },
      }),
      (c) => {
        const job = bg.jobs.get(c.req.valid('param').id, c.get('user')!);
        if (!job) throw missing(c.req.valid('param').id);
        return c.json(job, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/jobs/{id}',
        tags: ['import'],
        summary: 'Cancel a running job: the thread writing it stops and nothing it was writing is kept',
        middleware: [requireRole('admin', 'carrier', 'viewer')] as const,
        request: { params: id },
        responses: {
          200: {
            description: 'The job, cancelled (or already finished)',
            content: { 'application/json': { schema: jobSchema } },
          },
          ...errorResponses,
        },
      }),
      (c) => {
        const job = bg.jobs.cancel(c.req.valid('param').id, c.get('user')!);
        if (!job) throw missing(c.req.valid('param').id);
        return c.json(job, 200, PRIVATE);
      },
    );
}
