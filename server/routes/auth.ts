// /api/auth/*: log in and out (session cookie + CSRF token), who am I, API tokens; /api/users for admins.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { setCookie, deleteCookie, getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { requestAddress } from '../http/client-address.ts';
import type { Stores } from '../stores.ts';
import type { AppEnv } from '../http/env.ts';
import { PRIVATE } from './limits.ts';
import { DomainError, bi } from '../domain/errors.ts';
import { requireRole, SESSION_COOKIE } from '../http/auth.ts';
import { createToken, createUser, login, logout, SESSION_HOURS } from '../domain/auth.ts';
import { errorResponses, operatorParam } from './params.schema.ts';
import { checkOperator } from './checks.ts';

const userSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    display_name: z.string(),
    role: z.enum(['admin', 'carrier', 'viewer']),
    operator_id: z.string().nullable(),
  })
  .openapi('User');
const json = <S extends z.ZodType>(schema: S, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});

function secure(c: Context<AppEnv>): boolean {
  return c.req.url.startsWith('https:') || c.req.header('x-forwarded-proto') === 'https';
}

const username = z
  .string()
  .trim()
  .min(2, bi('username: 2 to 40 letters, digits, . _ -', 'tên đăng nhập: 2–40 ký tự chữ, số, . _ -'))
  .max(40, bi('username: 2 to 40 letters, digits, . _ -', 'tên đăng nhập: 2–40 ký tự chữ, số, . _ -'))
  .regex(
    /^[A-Za-z0-9._-]+$/,
    bi('username: 2 to 40 letters, digits, . _ -', 'tên đăng nhập: 2–40 ký tự chữ, số, . _ -'),
  );
const password = z
  .string()
  .min(1, bi('password is required', 'cần mật khẩu'))
  .max(200, bi('password: at most 200 characters', 'mật khẩu: tối đa 200 ký tự'));

export function authRoutes(stores: Stores, options: { trustedProxies?: readonly string[] } = {}) {
  const trusted = options.trustedProxies ?? [];
  return new OpenAPIHono<AppEnv>()
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/login',
        tags: ['auth'],
        summary: 'Log in: sets an httpOnly session cookie and returns the CSRF token for writes',
        request: {
          body: { content: { 'application/json': { schema: z.object({ username, password }) } }, required: true },
        },
        responses: json(z.object({ user: userSchema, csrf_token: z.string(), expires_at: z.string() }), 'Logged in'),
      }),
      async (c) => {
        const b = c.req.valid('json');
        const r = await login(stores, b.username, b.password, requestAddress(c, trusted));
        setCookie(c, SESSION_COOKIE, r.sessionToken, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: secure(c),
          path: '/',
          maxAge: SESSION_HOURS * 3600,
        });
        return c.json({ user: r.user, csrf_token: r.csrfToken, expires_at: r.expiresAt }, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/logout',
        tags: ['auth'],
        summary: 'Log out: ends the session at once',
        responses: json(z.object({ ok: z.boolean() }), 'Logged out'),
      }),
      (c) => {
        const cookie = getCookie(c, SESSION_COOKIE);
        if (cookie) logout(stores, cookie);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true }, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/auth/me',
        tags: ['auth'],
        summary: 'The logged-in user (or null) and the CSRF token to send with writes',
        responses: json(
          z.object({ user: userSchema.nullable(), csrf_token: z.string().nullable(), via: z.string().nullable() }),
          'Caller',
        ),
      }),
      (c) => c.json({ user: c.get('user'), csrf_token: c.get('csrfToken'), via: c.get('via') }, 200, PRIVATE),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/auth/tokens',
        tags: ['auth'],
        summary: "The caller's API tokens (never the secrets)",
        middleware: [requireRole('admin', 'carrier', 'viewer')] as const,
        responses: json(
          z.object({
            tokens: z.array(
              z.looseObject({
                id: z.number(),
                name: z.string(),
                prefix: z.string(),
                created_at: z.string(),
                revoked_at: z.string().nullable(),
              }),
            ),
          }),
          'Tokens',
        ),
      }),
      (c) => c.json({ tokens: stores.auth.tokens(c.get('user')!.id) }, 200, PRIVATE),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/tokens',
        tags: ['auth'],
        summary: 'Create an API token for scripts; the secret is shown once',
        middleware: [requireRole('admin', 'carrier')] as const,
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  name: z
                    .string()
                    .trim()
                    .min(1, bi('name is required', 'cần tên'))
                    .max(60, bi('name: at most 60 characters', 'tên: tối đa 60 ký tự')),
                }),
              },
            },
            required: true,
          },
        },
        responses: {
          201: {
            description: 'Created; keep the token now, it cannot be shown again',
            content: {
              'application/json': { schema: z.object({ id: z.number(), token: z.string(), prefix: z.string() }) },
            },
          },
          ...errorResponses,
        },
      }),
      (c) => {
        const t = createToken(stores, c.get('user')!, c.req.valid('json').name);
        return c.json(t, 201, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/auth/tokens/{id}',
        tags: ['auth'],
        summary: 'Revoke an API token (effective at once)',
        middleware: [requireRole('admin', 'carrier', 'viewer')] as const,
        request: { params: z.object({ id: z.string().regex(/^\d+$/, bi('expected a token id', 'cần mã token')) }) },
        responses: json(z.object({ revoked: z.boolean() }), 'Revoked'),
      }),
      (c) => {
        const ok = stores.auth.revokeToken(
          Number(c.req.valid('param').id),
          c.get('user')!.id,
          new Date().toISOString(),
        );
        if (!ok) throw new DomainError('not_found', 'no such live token of yours', 'không có token này', 'id');
        return c.json({ revoked: true }, 200, PRIVATE);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/users',
        tags: ['auth'],
        summary: 'All users (admin)',
        middleware: [requireRole('admin')] as const,
        responses: json(z.object({ users: z.array(z.record(z.string(), z.unknown())) }), 'Users'),
      }),
      (c) => c.json({ users: stores.auth.users() }, 200, PRIVATE),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/users',
        tags: ['auth'],
        summary: 'Create a user (admin)',
        middleware: [requireRole('admin')] as const,
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  username,
                  display_name: z.string().trim().min(1).max(100),
                  role: z.enum(['admin', 'carrier', 'viewer'], {
                    error: bi('expected admin, carrier or viewer', 'cần admin, carrier hoặc viewer'),
                  }),
                  operator_id: operatorParam.nullable().optional(),
                  password: z.string().max(200),
                }),
              },
            },
            required: true,
          },
        },
        responses: {
          201: { description: 'Created', content: { 'application/json': { schema: z.object({ id: z.number() }) } } },
          ...errorResponses,
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        if (b.operator_id) checkOperator(stores, b.operator_id);
        const id = await createUser(stores, { ...b, operator_id: b.operator_id ?? null });
        const me = c.get('user')!;
        stores.audit.record({
          user_id: me.id,
          actor: me.username,
          via: c.get('via') ?? 'form',
          entity: 'user',
          entity_id: String(id),
          action: 'create',
          before: null,
          after: { username: b.username, role: b.role, operator_id: b.operator_id ?? null },
        });
        return c.json({ id }, 201, PRIVATE);
      },
    );
}
