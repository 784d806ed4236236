// The typed API client: Hono's `hc` typed from the server's AppType, so a renamed field or route is a
// compile error on both sides. Reads and writes go through it; every request can be cancelled with an
// AbortSignal, and every request carries the session's CSRF token once there is one.
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '../../server/app.ts';
import { getLang } from '../i18n/index.ts';

let csrf: string | null = null;

/** The CSRF token of the session, sent with every request (the server checks it on writes). */
export function setCsrf(token: string | null): void {
  csrf = token;
}

/** Headers for a write made outside the client (an upload with progress). */
export function writeHeaders(): Record<string, string> {
  return csrf ? { 'x-csrf-token': csrf } : {};
}

export const api = hc<AppType>('/api', { headers: writeHeaders });

/** The body of a response's success statuses (error statuses are thrown by `unwrap`). */
export type OkBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

/** Parses a response or throws an Error carrying the API's message in the page's language. */
export async function unwrap<R extends ClientResponse<unknown, number, string>>(
  res: R,
  lang: 'vi' | 'en',
): Promise<OkBody<R>> {
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as unknown as { error?: { message?: string; message_vi?: string } };
      message = (lang === 'vi' ? body.error?.message_vi : body.error?.message) ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(message);
  }
  return (await res.json()) as OkBody<R>;
}

/** Awaits a client call and unwraps it in the page's language. */
export function send<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<OkBody<R>> {
  return call.then((res) => unwrap(res, getLang()));
}
