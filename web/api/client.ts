// The typed API client: Hono's `hc` typed from the server's AppType, so a renamed field or route is a
// compile error on both sides. Every request can be cancelled with an AbortSignal.
import { hc } from 'hono/client';
import type { AppType } from '../../server/app.ts';

export const api = hc<AppType>('/api');

/** Parses a response or throws an Error carrying the API's message in the page's language. */
export async function unwrap<T>(res: Response & { json(): Promise<T> }, lang: 'vi' | 'en'): Promise<T> {
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
  return res.json();
}
