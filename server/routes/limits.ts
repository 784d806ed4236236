// Request limits and the actor of a write: shared by every route that takes a body.
import { bodyLimit } from 'hono/body-limit';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { DomainError } from '../domain/errors.ts';
import type { Actor } from '../domain/stations.ts';

export const PRIVATE = { 'cache-control': 'private, no-store' };
export const JSON_LIMIT_BYTES = 256 * 1024;
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

/** The routes that take a file; every other body is JSON and small. */
const UPLOADS = /^\/api\/(import\/|sites\/import$)/;

/**
 * One body limit for every route, before authentication or throttling reads anything: a declared
 * Content-Length over the limit is refused unread, a chunked body is refused as soon as it passes it.
 * The 413 closes the connection, since the rest of the body is never read.
 */
export function bodyLimits(): MiddlewareHandler<AppEnv> {
  const limiter = (limit: number) =>
    bodyLimit({
      maxSize: limit,
      onError: (c) => {
        const kib = Math.round(limit / 1024);
        const err = new DomainError(
          'too_large',
          `the request is larger than ${kib} KiB`,
          `yêu cầu lớn hơn ${kib} KiB`,
          'body',
        );
        return c.json(err.body(), 413, { connection: 'close', ...PRIVATE });
      },
    });
  const json = limiter(JSON_LIMIT_BYTES);
  const upload = limiter(UPLOAD_LIMIT_BYTES);
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    return (UPLOADS.test(c.req.path) ? upload : json)(c, next);
  };
}

/** An uploaded file's name, safe to store and show. */
export const uploadName = (f: File) => f.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'upload';

export function actorOf(c: Context<AppEnv>): Actor {
  return { user: c.get('user')!, via: c.get('via') ?? 'form' };
}
