// A small pool of worker threads (node:worker_threads) for the heavy work of the API (./tasks.ts): the
// request thread sends a task and awaits its answer, and keeps answering everyone else meanwhile. Tasks
// queue when every worker is busy; a worker that dies is replaced and its task fails with a clear error.
// With no database file (`:memory:`) or size 0 the tasks run inline, on the calling thread.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { DomainError, type ErrorId } from '../domain/errors.ts';
import type { Stores } from '../stores.ts';
import { TASKS, type Progress, type TaskArgs, type TaskName, type TaskResult } from './tasks.ts';

export interface WorkerRequest {
  id: number;
  task: TaskName;
  args: unknown;
}
export type WorkerReply =
  | { id: number; progress: { done: number; total: number } }
  | { id: number; committed: true }
  | { id: number; result: unknown }
  | {
      id: number;
      error:
        | { domain: true; id: ErrorId; message: string; messageVi: string; field?: string; retryAfterSeconds?: number }
        | { domain: false; message: string; code?: string; stack?: string };
    };

interface Job {
  id: number;
  cancelled?: boolean;
  /** Its writes are committed: a cancel no longer stops it (what it wrote stays, and its answer says so). */
  committed?: boolean;
  task: TaskName;
  args: unknown;
  transfer: ArrayBuffer[];
  progress?: Progress;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export interface PoolOptions {
  /** Worker threads (default: one per core, at least 2, at most 4; the request thread mostly waits). */
  size?: number;
  /** The crash tests' pause inside the import transaction (PHUSONG_TEST_PAUSE_IMPORT). */
  pauseImportFile?: string | null;
}

/** What a cancelled task rejects with. */
class TaskCancelled extends Error {}

export interface Pool {
  /**
   * Runs a task; aborting `signal` takes it off the queue, or stops the thread running it (its transaction
   * rolls back) unless the task has said its writes are committed: then it runs to its end.
   */
  run<K extends TaskName>(
    task: K,
    args: TaskArgs<K>,
    progress?: Progress,
    signal?: AbortSignal,
  ): Promise<TaskResult<K>>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./boot.mjs', import.meta.url);

function rebuild(e: Extract<WorkerReply, { error: unknown }>['error']): Error {
  if (e.domain) return new DomainError(e.id, e.message, e.messageVi, e.field, e.retryAfterSeconds);
  const err = new Error(e.message) as Error & { code?: string };
  if (e.code) err.code = e.code;
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * The buffer to move rather than copy between threads: that of `bytes`, when they own all of it (a view
 * into a shared or pooled buffer is copied).
 */
export function movable(bytes: unknown): ArrayBuffer[] {
  return bytes instanceof Uint8Array &&
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength
    ? [bytes.buffer]
    : [];
}

/** Bytes handed to a worker (an upload's `data`) are moved, not copied. */
const transferOf = (args: unknown): ArrayBuffer[] => movable((args as { data?: unknown } | null)?.data);

export function createPool(stores: Stores, dbPath: string, options: PoolOptions = {}): Pool {
  const size = options.size ?? Math.min(4, Math.max(2, availableParallelism()));
  if (dbPath === ':memory:' || dbPath === '' || size === 0) return inlinePool(stores);
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  const queue: Job[] = [];
  let workers = 0;
  let nextId = 1;
  let closed = false;

  const spawn = () => {
    const w = new Worker(WORKER_URL, {
      workerData: { dbPath, pauseImportFile: options.pauseImportFile ?? null },
      // Workers load TypeScript through tsx themselves (./boot.mjs), whatever the parent was started with.
      execArgv: [],
    });
    workers++;
    w.on('message', (m: WorkerReply) => {
      const job = running.get(w);
      if (!job || job.id !== m.id) return;
      if ('progress' in m) return job.progress?.(m.progress.done, m.progress.total);
      if ('committed' in m) return void (job.committed = true);
      running.delete(w);
      if ('result' in m) job.resolve(m.result);
      else job.reject(rebuild(m.error));
      // An idle worker does not keep the process alive (tests, scripts and shutdown end without closing).
      w.unref();
      idle.push(w);
      pump();
    });
    let exited = false;
    const gone = (why: string) => {
      if (exited) return;
      exited = true;
      const job = running.get(w);
      running.delete(w);
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
      workers--;
      if (job)
        job.reject(
          job.cancelled ? new TaskCancelled(job.task) : new Error(`the worker running ${job.task} stopped: ${why}`),
        );
      if (!closed) pump();
    };
    w.on('error', (e) => gone(e.message));
    w.on('exit', (code) => gone(`exit code ${code}`));
    w.unref();
    idle.push(w);
  };

  const pump = () => {
    while (queue.length > 0) {
      if (idle.length === 0 && workers < size) spawn();
      const w = idle.pop();
      if (!w) return;
      const job = queue.shift()!;
      running.set(w, job);
      w.ref();
      w.postMessage({ id: job.id, task: job.task, args: job.args } satisfies WorkerRequest, job.transfer);
    }
  };

  return {
    run(task, args, progress, signal) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      if (signal?.aborted) return Promise.reject(new TaskCancelled(task));
      return new Promise((resolve, reject) => {
        const job: Job = {
          id: nextId++,
          task,
          args,
          transfer: transferOf(args),
          progress,
          resolve: resolve as (v: unknown) => void,
          reject,
        };
        signal?.addEventListener('abort', () => {
          const queued = queue.indexOf(job);
          if (queued >= 0) {
            queue.splice(queued, 1);
            return reject(new TaskCancelled(task));
          }
          for (const [w, j] of running)
            if (j === job && !job.committed) {
              job.cancelled = true;
              void w.terminate();
            }
        });
        queue.push(job);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the worker pool is closed'));
      await Promise.all([...idle, ...running.keys()].map((w) => w.terminate()));
    },
  };
}

/** The same tasks on the calling thread (an in-memory database, or a pool of size 0). */
function inlinePool(stores: Stores): Pool {
  return {
    async run(task, args, progress, signal) {
      if (signal?.aborted) throw new TaskCancelled(task);
      const run = TASKS[task] as (ctx: unknown, a: unknown) => Promise<unknown>;
      return (await run({ stores, progress: progress ?? (() => {}) }, args)) as never;
    },
    close: async () => {},
  };
}

/**
 * At most `limit` pieces of country-wide work in flight at once (the country's sites or communes, each up to a
 * second of a worker and 44 MB): past that a request is refused at once with 503 and Retry-After, before any
 * work, instead of queueing the pool's threads for everyone's tiles, clusters and imports. The same answer
 * asked by many clients is built once (the response cache) and counts once.
 */
export function createGate(limit: number) {
  let inFlight = 0;
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (inFlight >= limit)
        throw new DomainError(
          'server_busy',
          `the server is already preparing ${limit} country-wide answers: try again in a few seconds`,
          `máy chủ đang chuẩn bị ${limit} bản trả lời cho cả nước: vui lòng thử lại sau vài giây`,
          undefined,
          2,
        );
      inFlight++;
      try {
        return await work();
      } finally {
        inFlight--;
      }
    },
  };
}
export type Gate = ReturnType<typeof createGate>;
