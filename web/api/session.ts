// The logged-in user and the CSRF token that cookie-authenticated writes must carry.
import { unwrap } from './client.ts';
import { getLang } from '../i18n/index.ts';

export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  role: 'admin' | 'carrier' | 'viewer';
  operator_id: string | null;
}

let user: SessionUser | null = null;
let csrf: string | null = null;
const listeners = new Set<() => void>();

export const currentUser = () => user;
export const onSessionChange = (f: () => void) => listeners.add(f);
const changed = () => listeners.forEach((f) => f());

export async function refreshSession(): Promise<void> {
  const me = await sendJson<{ user: SessionUser | null; csrf_token: string | null }>('/api/auth/me', 'GET');
  user = me.user;
  csrf = me.csrf_token;
  changed();
}

export async function logIn(username: string, password: string): Promise<void> {
  const r = await sendJson<{ user: SessionUser; csrf_token: string }>('/api/auth/login', 'POST', {
    username,
    password,
  });
  user = r.user;
  csrf = r.csrf_token;
  changed();
}

export async function logOut(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', headers: writeHeaders() });
  user = null;
  csrf = null;
  changed();
}

/** Headers for a write: the CSRF token of the session. */
export function writeHeaders(): Record<string, string> {
  return csrf ? { 'x-csrf-token': csrf } : {};
}

/** May the current user change sites of this operator? */
export function canEdit(operator: string | null): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'carrier' && operator !== null && user.operator_id === operator;
}

/** Sends a JSON write and returns the body, or throws the API's message in the page's language. */
export async function sendJson<T = Record<string, unknown>>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { ...writeHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return unwrap(res as Response & { json(): Promise<T> }, getLang());
}
