// The floor of the load test (scripts/load.ts): a bare node:http server, on a thread of its own, sending
// the bytes the phusong server sent for the same addresses (gzipped, with the same headers) and computing
// nothing — what the two cores give the same load generator, connections and answers when the server does
// no work at all.
import { request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';

interface Answer {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The answer at `base + path` as it travels: gzipped when `headers` ask for it, not decoded. */
function rawAnswer(base: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(new URL(path, base), { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => {
        const kept: Record<string, string> = {};
        for (const k of ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary']) {
          const v = res.headers[k];
          if (typeof v === 'string') kept[k] = v;
        }
        resolve({ headers: kept, body: new Uint8Array(Buffer.concat(parts)) });
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

// The server's thread: plain JavaScript, evaluated as a worker (no module of the project is loaded).
const SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const answers = new Map(workerData.map((a) => [a.path, a]));
const server = createServer((req, res) => {
  const a = answers.get(req.url);
  if (!a) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, a.headers);
  res.end(a.body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

/**
 * Starts the bare server with the answers `base` gives now to `paths` (asked with `headers`); resolves to its
 * address and a stop function.
 */
export async function bareHttpServer(base: string, paths: readonly string[], headers: Record<string, string>) {
  const answers = await Promise.all(paths.map(async (path) => ({ path, ...(await rawAnswer(base, path, headers)) })));
  const worker = new Worker(SERVER, { eval: true, workerData: answers });
  const [port] = (await once(worker, 'message')) as [number];
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => worker.terminate(),
  };
}
