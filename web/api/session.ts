// The logged-in user; the CSRF token that cookie-authenticated writes carry is handed to the client.
import { api, setCsrf, unwrap, type OkBody } from './client.ts';
import { getLang } from '../i18n/index.ts';

/** The logged-in user as the server's /auth/me schema describes it. */
export type SessionUser = NonNullable<OkBody<Awaited<ReturnType<typeof api.auth.me.$get>>>['user']>;

let user: SessionUser | null = null;
const listeners = new Set<() => void>();

export const currentUser = () => user;
export const onSessionChange = (f: () => void) => listeners.add(f);

function changed(next: SessionUser | null, token: string | null): void {
  user = next;
  setCsrf(token);
  listeners.forEach((f) => f());
}

export async function refreshSession(): Promise<void> {
  const me = await api.auth.me.$get().then((r) => unwrap(r, getLang()));
  changed(me.user, me.csrf_token);
}

export async function logIn(username: string, password: string): Promise<void> {
  const r = await api.auth.login.$post({ json: { username, password } }).then((res) => unwrap(res, getLang()));
  changed(r.user, r.csrf_token);
}

export async function logOut(): Promise<void> {
  await api.auth.logout.$post();
  changed(null, null);
}

/** May the current user change sites of this operator? */
export function canEdit(operator: string | null): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'carrier' && operator !== null && user.operator_id === operator;
}
