// A worker thread of the pool: its own connection to the database file, running the tasks it is sent one
// at a time and posting back progress, the result, or the error (a DomainError keeps its id and messages).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.ts';
import { createStores } from '../stores.ts';
import { DomainError } from '../domain/errors.ts';
import { pauseInsideImport, TASKS, type TaskName } from './tasks.ts';
import { movable, type WorkerReply, type WorkerRequest } from './pool.ts';

const { dbPath, pauseImportFile } = workerData as { dbPath: string; pauseImportFile: string | null };
const db = openDatabase(dbPath);
const stores = createStores(db);
const insideImport = pauseImportFile ? pauseInsideImport(pauseImportFile) : undefined;
const port = parentPort!;

/** Results moved rather than copied: bytes, or an answer's `body`. */
const transferable = (v: unknown): ArrayBuffer[] =>
  movable(v instanceof Uint8Array ? v : (v as { body?: unknown } | null)?.body);

port.on('message', async (m: WorkerRequest) => {
  const post = (r: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  let last = 0;
  const progress = (done: number, total: number) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    post({ id: m.id, progress: { done, total } });
  };
  try {
    const task = TASKS[m.task as TaskName] as (ctx: unknown, args: unknown) => Promise<unknown>;
    const committed = () => post({ id: m.id, committed: true });
    const result = await task({ stores, progress, insideImport, committed }, m.args);
    post({ id: m.id, result }, transferable(result));
  } catch (e) {
    const err = e as Error & { code?: string };
    post({
      id: m.id,
      error:
        e instanceof DomainError
          ? {
              domain: true,
              id: e.id,
              message: e.message,
              messageVi: e.messageVi,
              field: e.field,
              retryAfterSeconds: e.retryAfterSeconds,
            }
          : { domain: false, message: err.message, code: err.code, stack: err.stack },
    });
  }
});
