// Accounts: login with throttling, sessions that expire, API tokens shown once, users created by an
// admin or the command line. Nothing here ever returns a password hash or a token hash.
import type { Stores } from '../stores.ts';
import type { Role, UserRow } from '../db/auth.ts';
import { DomainError } from './errors.ts';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../auth/secrets.ts';

export const SESSION_HOURS = 12;
/** A session unused for this long ends even before its absolute expiry. */
export const SESSION_IDLE_MINUTES = 120;
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface AuthUser {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  operator_id: string | null;
}

export function presentUser(u: UserRow): AuthUser {
  return { id: u.id, username: u.username, display_name: u.display_name, role: u.role, operator_id: u.operator_id };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function createUser(
  stores: Stores,
  u: { username: string; display_name: string; role: Role; operator_id: string | null; password: string },
): Promise<number> {
  if (u.password.length < 10) {
    throw new DomainError(
      'weak_password',
      'password: at least 10 characters',
      'password: ít nhất 10 ký tự',
      'password',
    );
  }
  if (u.role === 'carrier' && !u.operator_id) {
    throw new DomainError(
      'invalid_user',
      'operator_id: a carrier user needs an operator',
      'operator_id: tài khoản nhà mạng cần nhà mạng',
      'operator_id',
    );
  }
  if (stores.auth.userByName(u.username)) {
    throw new DomainError(
      'duplicate_user',
      `username: ${u.username} already exists`,
      `username: ${u.username} đã tồn tại`,
      'username',
    );
  }
  return stores.auth.insertUser({
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    operator_id: u.role === 'carrier' ? u.operator_id : null,
    password_hash: await hashPassword(u.password),
    created_at: new Date().toISOString(),
  });
}

export interface LoginResult {
  user: AuthUser;
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
}

/** After this many failures for an account from anywhere, strangers' attempts are spaced out. */
export const ACCOUNT_SLOWDOWN_AFTER = 10;
const MAX_ACCOUNT_DELAY_SECONDS = 300;
/** An address an account logged in from within this many days is the owner's, exempt from the slowdown. */
const KNOWN_ADDRESS_DAYS = 30;

const tooManyAttempts = (seconds: number) => {
  const wait =
    seconds >= 120
      ? { en: `${Math.ceil(seconds / 60)} minutes`, vi: `${Math.ceil(seconds / 60)} phút` }
      : { en: `${seconds} seconds`, vi: `${seconds} giây` };
  return new DomainError(
    'too_many_attempts',
    `too many failed logins: try again in ${wait.en}`,
    `đăng nhập sai quá nhiều lần: thử lại sau ${wait.vi}`,
    undefined,
    seconds,
  );
};

/**
 * Checks a username and password. Failures are counted per (account, address): after 5 from one address
 * that address waits out the window for that account (whether or not the password is right, so guessing
 * cannot continue), while the owner elsewhere can still log in; after 20 from one address, that address
 * waits for every account. Past 10 failures for an account from anywhere, addresses it has never logged
 * in from wait a doubling delay (at most 5 minutes) between attempts — a slowdown, never a lock.
 *
 * The attempt is counted as failed before the (asynchronous) password check and taken back if it
 * succeeds, so parallel guesses all see each other: the limit holds however many arrive at once.
 */
export async function login(
  stores: Stores,
  username: string,
  password: string,
  address: string,
  now = Date.now(),
): Promise<LoginResult> {
  const since = iso(now - LOGIN_WINDOW_MINUTES * 60_000);
  const f = stores.auth.failures(username, address, since);
  if (f.byPair >= MAX_FAILURES_PER_ACCOUNT || f.byAddress >= MAX_FAILURES_PER_ADDRESS)
    throw tooManyAttempts(LOGIN_WINDOW_MINUTES * 60);
  if (f.byName >= ACCOUNT_SLOWDOWN_AFTER && f.lastByName) {
    const known = stores.auth.isKnownAddress(username, address, iso(now - KNOWN_ADDRESS_DAYS * 86_400_000));
    const delay = Math.min(2 ** (f.byName - ACCOUNT_SLOWDOWN_AFTER), MAX_ACCOUNT_DELAY_SECONDS);
    const waited = (now - Date.parse(f.lastByName)) / 1000;
    if (!known && waited < delay) throw tooManyAttempts(Math.ceil(delay - waited));
  }
  const attempt = stores.auth.recordFailure(username, address, iso(now));
  const user = stores.auth.userByName(username);
  // Verify against a dummy hash when the user does not exist, so timing does not reveal who exists.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled_at)
    throw new DomainError('invalid_credentials', 'wrong username or password', 'sai tên đăng nhập hoặc mật khẩu');
  stores.auth.deleteFailure(attempt);
  stores.auth.clearFailures(username, address);
  stores.auth.rememberAddress(username, address, iso(now));
  stores.auth.deleteExpiredSessions(iso(now));
  const sessionToken = randomSecret(32);
  const csrfToken = randomSecret(24);
  const expiresAt = iso(now + SESSION_HOURS * 3_600_000);
  stores.auth.insertSession({
    token_hash: sha256(sessionToken),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: iso(now),
    expires_at: expiresAt,
  });
  return { user: presentUser(user), sessionToken, csrfToken, expiresAt };
}

// A valid scrypt hash of a random password, computed once at start-up.
const DUMMY_HASH = await hashPassword(randomSecret(16));

/** The user and CSRF token of a live session, or null (unknown, expired, idle too long, user disabled). */
export function sessionUser(
  stores: Stores,
  token: string,
  now = Date.now(),
): { user: AuthUser; csrfToken: string } | null {
  const hash = sha256(token);
  const s = stores.auth.session(hash);
  if (!s) return null;
  if (s.expires_at < iso(now) || s.last_seen_at < iso(now - SESSION_IDLE_MINUTES * 60_000)) {
    stores.auth.deleteSession(hash);
    return null;
  }
  const user = stores.auth.userById(s.user_id);
  if (!user || user.disabled_at) return null;
  // Refresh the idle clock at most once a minute: reads should not all write.
  if (s.last_seen_at < iso(now - 60_000)) stores.auth.touchSession(hash, iso(now));
  return { user: presentUser(user), csrfToken: s.csrf_token };
}

export function logout(stores: Stores, token: string): void {
  stores.auth.deleteSession(sha256(token));
}

/** Creates an API token; the secret is returned this once and stored only as a hash. */
export function createToken(
  stores: Stores,
  user: AuthUser,
  name: string,
): { id: number; token: string; prefix: string } {
  const token = randomSecret(32, 'phs_');
  const prefix = token.slice(0, 10);
  const id = stores.auth.insertToken({
    user_id: user.id,
    name,
    token_hash: sha256(token),
    prefix,
    created_at: new Date().toISOString(),
  });
  return { id, token, prefix };
}

/** The user of a live (not revoked) API token, with the token's name for the audit trail. */
export function tokenUser(stores: Stores, token: string): { user: AuthUser; tokenName: string } | null {
  const t = stores.auth.tokenByHash(sha256(token));
  if (!t || t.revoked_at) return null;
  const user = stores.auth.userById(t.user_id);
  if (!user || user.disabled_at) return null;
  stores.auth.touchToken(t.id, new Date().toISOString());
  return { user: presentUser(user), tokenName: t.name };
}
