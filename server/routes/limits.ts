// Request limits and the actor of a write: shared by every route that takes a body.
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { DomainError } from '../domain/errors.ts';
import type { Actor } from '../domain/stations.ts';

export const PRIVATE = { 'cache-control': 'private, no-store' };
export const JSON_LIMIT_BYTES = 256 * 1024;
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

export const tooLarge = (limit: number) =>
  bodyLimit({
    maxSize: limit,
    onError: () => {
      throw new DomainError(
        'too_large',
        `the request is larger than ${Math.round(limit / 1024)} KiB`,
        `yêu cầu lớn hơn ${Math.round(limit / 1024)} KiB`,
      );
    },
  });

export function actorOf(c: Context<AppEnv>): Actor {
  return { user: c.get('user')!, via: c.get('via') ?? 'form' };
}
