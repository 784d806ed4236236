// Who is calling: a session cookie (web) or a bearer API token (scripts). Cookie-authenticated writes
// must carry the session's CSRF token in the X-CSRF-Token header; token-authenticated ones need not
// (a browser never sends a bearer token by itself). Writes need a role; reads need one only when the
// deployment requires login.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Stores } from '../stores.ts';
import type { AppEnv } from './env.ts';
import type { Role } from '../db/auth.ts';
import { DomainError } from '../domain/errors.ts';
import { sessionUser, tokenUser } from '../domain/auth.ts';
import { sameSecret } from '../auth/secrets.ts';

export const SESSION_COOKIE = 'phusong_session';

export function authenticate(stores: Stores, options: { requireLogin: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', null);
    c.set('via', null);
    c.set('csrfToken', null);
    const header = c.req.header('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const found = m ? tokenUser(stores, m[1]!) : null;
      if (!found)
        throw new DomainError(
          'invalid_token',
          'the API token is unknown or revoked',
          'mã API không hợp lệ hoặc đã bị thu hồi',
        );
      c.set('user', found.user);
      c.set('via', `api_token:${found.tokenName}`);
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      const found = cookie ? sessionUser(stores, cookie) : null;
      if (found) {
        c.set('user', found.user);
        c.set('via', 'form');
        c.set('csrfToken', found.csrfToken);
      }
    }
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (unsafe && c.get('csrfToken')) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!sameSecret(sent, c.get('csrfToken')!)) {
        throw new DomainError(
          'csrf',
          'missing or wrong X-CSRF-Token header',
          'thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)',
        );
      }
    }
    const open = c.req.path.startsWith('/api/auth/') || c.req.path === '/api/meta';
    if (options.requireLogin && !unsafe && !c.get('user') && !open) {
      throw new DomainError('login_required', 'log in to see this data', 'hãy đăng nhập để xem dữ liệu này');
    }
    await next();
  };
}

/** Refuses callers without one of the roles: 401 when anonymous, 403 when the role does not fit. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new DomainError('login_required', 'log in first', 'hãy đăng nhập trước');
    if (!roles.includes(user.role)) {
      throw new DomainError(
        'forbidden',
        `role ${user.role} may not do this`,
        `vai trò ${user.role} không được phép làm việc này`,
      );
    }
    await next();
  };
}
