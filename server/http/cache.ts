// Response cache, ETag and gzip for the read API. GeoJSON answers are large and change only when the
// data changes, so each GET is built once per data revision and served from memory afterwards: the
// body, its gzip and its ETag. A revision changes when this process writes (bumpRevision) or when
// another connection commits (SQLite's data_version), so an import from the command line is seen at once.
import { createHash } from 'node:crypto';
import { gzip as gzipCallback } from 'node:zlib';
import { promisify } from 'node:util';
import type { Context, MiddlewareHandler } from 'hono';
import type { DB } from '../db/database.ts';

interface Entry {
  /** Rebuilt in about a millisecond from data kept elsewhere: kept within a budget of its own. */
  cheap: boolean;
  revision: string;
  contentType: string;
  body: Uint8Array;
  gzip: Uint8Array | null;
  /** The gzip being made, for every request that asks meanwhile. */
  gzipping: Promise<Uint8Array> | null;
  etag: string;
}

// zlib's asynchronous form runs in libuv's thread pool: 44 MB of the country's sites take 0.3 s to
// compress, and the request thread answers everyone else meanwhile.
const gzip = promisify(gzipCallback);

export interface ResponseCacheOptions {
  /** Largest total of cached bodies, in bytes (default 64 MiB); oldest entries are dropped first. */
  maxBytes?: number;
  /**
   * Largest total of answers their handler rebuilds cheaply (`c.set('cheap', true)`: sites in a box, from
   * the kept grid cells), in bytes (default 16 MiB): a client asking for many boxes of 2 MB each drops
   * its own older boxes, not the answers that cost seconds to rebuild.
   */
  cheapMaxBytes?: number;
  /** Bodies smaller than this are not gzipped (default 1 KiB). */
  minGzipBytes?: number;
  /**
   * The address an answer is kept under (default: the whole URL); see declaredQuery for the API's.
   */
  keyOf?: (c: Context) => string;
  /**
   * The provinces whose station writes can change this answer (site-scope.ts), or null for every
   * station write: an answer about Hải Phòng stays cached while carriers register masts in Sơn La. It is
   * given the query of the address the answer is kept under: a parameter its route does not declare
   * (`/api/sites?commune=…`) cannot narrow the country's answer to one province.
   */
  scope?: (c: Context, query: Record<string, string>) => readonly string[] | null;
}

export function createRevision(db: DB) {
  let local = 0;
  let sites = 0;
  /** Station writes whose places are not known (an import): they renew every province's answers. */
  let unplaced = 0;
  /** Station writes by province (see site-scope.ts for which provinces a write touches). */
  const byProvince = new Map<string, number>();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const current = () => `${dataVersion.get() as number}.${local}.${sites}`;
  return {
    current,
    /**
     * The revision of answers no station write changes (communes, units and their tiles): stations
     * written by this process leave it, so a carrier registering masts does not empty the map's commune
     * answers for everyone. Another connection's commit (an import in a worker) still changes it.
     */
    withoutSites: () => `${dataVersion.get() as number}.${local}`,
    /**
     * The revision of answers that stand on these provinces' stations alone; with null (an answer whose
     * provinces are not known), on every station write.
     */
    ofProvinces: (codes: readonly string[] | null) =>
      codes
        ? `${dataVersion.get() as number}.${local}.u${unplaced}.${codes.map((c) => `${c}:${byProvince.get(c) ?? 0}`).join(',')}`
        : current(),
    bump: () => {
      local++;
    },
    /** Stations were written by this process; where they stand is known only for `provinces`, if given. */
    bumpSites: (provinces?: Iterable<string>) => {
      sites++;
      if (!provinces) unplaced++;
      else for (const c of provinces) byProvince.set(c, (byProvince.get(c) ?? 0) + 1);
    },
  };
}

/** What the API's route registry tells of each GET route: its path and the query parameters it declares. */
export interface DeclaredRoute {
  method: string;
  path: string;
  /** null: the route's query is not a plain object schema; its answers keep their whole URL. */
  query: readonly string[] | null;
}

/**
 * The address an API answer is kept under: its path and the query parameters its route declares, in
 * the order given (the route's schema drops the others before its handler sees them). Without it a client
 * adding `&x=1`, `&x=2`… to the country's communes had each answer built again: 0.2–0.4 s of the request
 * thread each time. `units_at` is always kept (a middleware reads it before the route). Routes the
 * registry does not describe keep their whole URL.
 */
export function declaredQuery(base: string, routes: () => readonly DeclaredRoute[]) {
  let known: { pattern: RegExp; keys: Set<string> | null }[] | null = null;
  return (c: Context): string => {
    known ??= routes()
      .filter((r) => r.method === 'get')
      .map((r) => ({
        pattern: new RegExp(`^${base}${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        keys: r.query && new Set([...r.query, 'units_at']),
      }));
    const url = new URL(c.req.url);
    const route = known.find((r) => r.pattern.test(url.pathname));
    if (!route?.keys) return c.req.url;
    const kept = new URLSearchParams();
    for (const [k, v] of url.searchParams) if (route.keys.has(k)) kept.append(k, v);
    const q = kept.toString();
    return `${url.origin}${url.pathname}${q ? `?${q}` : ''}`;
  };
}

/** Answers that do not depend on stations: today's communes and units, their tiles and OGC collections. */
const SITE_FREE_PATHS =
  /^\/(api\/(communes|provinces|districts|unit-sets)|tiles\/communes|ogc\/collections\/communes(-[\d-]+)?)(\/|\.|$|\?)/;
export type Revision = ReturnType<typeof createRevision>;

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === etag || v === '*';
  });
}

/** Entries kept within a byte budget, the least recently used dropped first (a Map iterates in insertion order). */
function createShelf(maxBytes: number) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const size = (e: Entry) => e.body.byteLength + (e.gzip?.byteLength ?? 0);
  const evict = () => {
    for (const [k, e] of entries) {
      if (bytes <= maxBytes) break;
      entries.delete(k);
      bytes -= size(e);
    }
  };
  const remove = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= size(e);
  };
  return {
    get: (key: string) => entries.get(key),
    remove,
    /** Keeps an answer, unless it alone would fill half the budget (it would push out the others). */
    put(key: string, e: Entry) {
      remove(key);
      if (size(e) > maxBytes / 2) return;
      entries.set(key, e);
      bytes += size(e);
      evict();
    },
    /** Marks an entry as just used. */
    touch(key: string, e: Entry) {
      entries.delete(key);
      entries.set(key, e);
    },
    /** An entry grew by `n` bytes (its gzip was made), if it is still kept. */
    grew(key: string, e: Entry, n: number) {
      if (entries.get(key) !== e) return;
      bytes += n;
      evict();
    },
  };
}

export function responseCache(revision: Revision, options: ResponseCacheOptions = {}): MiddlewareHandler {
  const revisionOf = (c: Context, key: string) => {
    if (SITE_FREE_PATHS.test(c.req.path)) return revision.withoutSites();
    if (!options.scope) return revision.ofProvinces(null);
    return revision.ofProvinces(options.scope(c, Object.fromEntries(new URL(key).searchParams)));
  };
  const minGzip = options.minGzipBytes ?? 1024;
  const shelves = {
    full: createShelf(options.maxBytes ?? 64 * 1024 * 1024),
    cheap: createShelf(options.cheapMaxBytes ?? 16 * 1024 * 1024),
  };
  const shelfOf = (e: Entry) => (e.cheap ? shelves.cheap : shelves.full);
  /**
   * Answers being built, by revision and address: a write renews the answers about its province, and the
   * clients asking the same one meanwhile wait for the one build instead of each building it again.
   */
  const building = new Map<string, Promise<Entry | null>>();

  /** Runs the handler; its answer as a kept entry, or null when it is neither kept nor shared. */
  const build = async (c: Context, next: () => Promise<void>, key: string, rev: string): Promise<Entry | null> => {
    await next();
    const res = c.res;
    const contentType = res.headers.get('content-type') ?? '';
    // Answers about the caller (accounts, tokens, the audit log) say so and are never shared. Errors go out
    // as the handler made them (a 503's Retry-After with them), neither kept nor shared: cheap to make again.
    if (/private|no-store/.test(res.headers.get('cache-control') ?? '') || res.status !== 200) return null;
    if (
      !contentType.startsWith('application/json') &&
      !contentType.startsWith('application/geo+json') &&
      !contentType.startsWith('text/html') &&
      !contentType.startsWith('application/vnd.mapbox-vector-tile')
    )
      return null;
    const body = (c.get('body') as Uint8Array | undefined) ?? new Uint8Array(await res.arrayBuffer());
    const etag = (c.get('etag') as string | undefined) ?? `"${createHash('sha1').update(body).digest('base64url')}"`;
    const entry: Entry = {
      cheap: c.get('cheap') === true,
      revision: rev,
      contentType,
      body,
      gzip: null, // made on the first request that accepts gzip
      gzipping: null,
      etag,
    };
    // An answer of the other kind for the same address (built from history while sites were being brought
    // up to date, say) is out of date by now.
    (entry.cheap ? shelves.full : shelves.cheap).remove(key);
    shelfOf(entry).put(key, entry);
    return entry;
  };

  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = options.keyOf?.(c) ?? c.req.url;
    const rev = revisionOf(c, key);
    let entry = shelves.full.get(key) ?? shelves.cheap.get(key);
    if (entry && entry.revision !== rev) {
      shelfOf(entry).remove(key);
      entry = undefined;
    }
    if (!entry) {
      const flight = `${rev} ${key}`;
      const pending = building.get(flight);
      // Another client's build of the same answer: its success is shared; anything else (an error answer, a
      // handler that threw) is built again.
      const shared = pending ? await pending.catch(() => null) : null;
      if (shared) entry = shared;
      else {
        const mine = build(c, next, key, rev);
        if (!pending) {
          building.set(flight, mine);
          const done = () => building.get(flight) === mine && building.delete(flight);
          void mine.then(done, done);
        }
        entry = (await mine) ?? undefined;
        // Not to be shared: the handler's own answer goes out as it is.
        if (!entry) return;
      }
    } else shelfOf(entry).touch(key, entry);
    const headers = new Headers({
      'content-type': entry.contentType,
      etag: entry.etag,
      'cache-control': 'no-cache',
      vary: 'accept-encoding',
    });
    // Clear first: Hono merges the previous response's headers into a newly assigned one.
    c.res = undefined as unknown as Response;
    if (matches(c.req.header('if-none-match'), entry.etag)) {
      c.res = new Response(null, { status: 304, headers });
      return;
    }
    const zipped = entry.body.byteLength >= minGzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (zipped && !entry.gzip) {
      const e = entry;
      e.gzipping ??= gzip(e.body, { level: 6 }).then((z) => {
        e.gzip = z;
        e.gzipping = null;
        shelfOf(e).grew(key, e, z.byteLength);
        return z;
      });
      await e.gzipping;
    }
    if (zipped) headers.set('content-encoding', 'gzip');
    c.res = new Response((zipped ? entry.gzip : entry.body) as BodyInit, { status: 200, headers });
  };
}
