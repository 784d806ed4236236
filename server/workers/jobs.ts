// Long uploads as jobs: a request with job=1 is answered at once with 202 and the job's address; the work
// goes on in the worker pool, and GET /api/jobs/{id} says how far it is (rows read and written) and, when
// done, gives the answer the request would have given; DELETE cancels it (the thread writing it stops and
// its transaction rolls back; a task past its commit runs to its end, and its answer says what it wrote).
// Jobs live in memory: a restart ends them. An import cut short by it before its commit leaves nothing
// written; after it, its sites stay and their kept states are caught up at the next start.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';

const CANCELLED = new DomainError(
  'cancelled',
  'cancelled before it finished: nothing was written',
  'đã huỷ trước khi xong: chưa ghi gì',
);

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  /** 0–100, when the total is known. */
  percent: number | null;
  created_at: string;
  finished_at: string | null;
  /** When finished: the status and body the request would have answered with. */
  status: number | null;
  result: unknown;
}

interface Job extends JobView {
  owner: number;
  abort: AbortController;
}

type Caller = { id: number; role: string };

export type JobWork = (
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
) => Promise<{ status: number; body: unknown }>;

export function createJobs(options: { keepMinutes?: number; max?: number } = {}) {
  const keepMs = (options.keepMinutes ?? 60) * 60_000;
  const max = options.max ?? 200;
  const jobs = new Map<string, Job>();
  const view = ({ owner: _owner, abort: _abort, ...j }: Job): JobView => j;
  const mine = (id: string, user: Caller) => {
    const j = jobs.get(id);
    return j && (j.owner === user.id || user.role === 'admin') ? j : undefined;
  };

  const prune = () => {
    const now = Date.now();
    for (const [id, j] of jobs)
      if (jobs.size > max || (j.finished_at && now - Date.parse(j.finished_at) > keepMs)) jobs.delete(id);
  };

  return {
    /** Starts `work` as a job of `owner`; its failures become the job's answer, never an unhandled error. */
    start(kind: string, owner: number, work: JobWork, onError: (e: unknown) => { status: number; body: unknown }) {
      prune();
      const job: Job = {
        id: randomUUID(),
        kind,
        owner,
        state: 'running',
        done: 0,
        total: 0,
        percent: null,
        created_at: new Date().toISOString(),
        finished_at: null,
        status: null,
        result: null,
        abort: new AbortController(),
      };
      jobs.set(job.id, job);
      const finish = (state: JobState, r: { status: number; body: unknown }) => {
        Object.assign(job, { state, status: r.status, result: r.body, finished_at: new Date().toISOString() });
        if (state === 'done') Object.assign(job, { done: job.total || job.done, percent: 100 });
      };
      work((done, total) => {
        Object.assign(job, { done, total, percent: total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : null });
      }, job.abort.signal).then(
        (r) => finish(r.status < 400 ? 'done' : 'failed', r),
        (e: unknown) =>
          job.abort.signal.aborted
            ? finish('cancelled', { status: 409, body: CANCELLED.body() })
            : finish('failed', onError(e)),
      );
      return view(job);
    },
    /** Cancels a running job of the caller's (or any, for an admin): nothing it was writing is kept. */
    cancel(id: string, user: Caller): JobView | null {
      const j = mine(id, user);
      if (j?.state === 'running') j.abort.abort();
      return j ? view(j) : null;
    },
    /** The job, if it is the caller's (or the caller is an admin). */
    get(id: string, user: Caller): JobView | null {
      const j = mine(id, user);
      return j ? view(j) : null;
    },
  };
}
export type Jobs = ReturnType<typeof createJobs>;
