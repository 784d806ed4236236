// Prepared statements for users, sessions, API tokens and login failures.
import type { DB } from './database.ts';

export type Role = 'admin' | 'carrier' | 'viewer';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  operator_id: string | null;
  password_hash: string;
  disabled_at: string | null;
}

export interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function createAuthStore(db: DB) {
  const q = {
    userByName: db.prepare('SELECT * FROM users WHERE username = ?'),
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    users: db.prepare(
      'SELECT id, username, display_name, role, operator_id, created_at, disabled_at FROM users ORDER BY id',
    ),
    insertUser: db.prepare(
      `INSERT INTO users (username, display_name, role, operator_id, password_hash, created_at)
       VALUES (@username, @display_name, @role, @operator_id, @password_hash, @created_at)`,
    ),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
       VALUES (@token_hash, @user_id, @csrf_token, @created_at, @expires_at, @created_at)`,
    ),
    session: db.prepare('SELECT * FROM sessions WHERE token_hash = ?'),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
    insertToken: db.prepare(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at)
       VALUES (@user_id, @name, @token_hash, @prefix, @created_at)`,
    ),
    tokenByHash: db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?'),
    tokens: db.prepare(
      'SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id',
    ),
    revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL'),
    touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    insertFailure: db.prepare('INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)'),
    failuresByName: db.prepare(
      'SELECT count(*) AS n, max(at) AS last FROM login_failures WHERE username = ? AND at > ?',
    ),
    failuresByPair: db.prepare('SELECT count(*) FROM login_failures WHERE username = ? AND address = ? AND at > ?'),
    failuresByAddress: db.prepare('SELECT count(*) FROM login_failures WHERE address = ? AND at > ?'),
    deleteFailure: db.prepare('DELETE FROM login_failures WHERE id = ?'),
    clearFailures: db.prepare('DELETE FROM login_failures WHERE username = ? AND address = ?'),
    known: db.prepare('SELECT 1 FROM login_known_addresses WHERE username = ? AND address = ? AND last_at > ?'),
    remember: db.prepare(
      `INSERT INTO login_known_addresses (username, address, last_at) VALUES (?, ?, ?)
       ON CONFLICT (username, address) DO UPDATE SET last_at = excluded.last_at`,
    ),
  };
  return {
    userByName: (u: string) => q.userByName.get(u) as UserRow | undefined,
    userById: (id: number) => q.userById.get(id) as UserRow | undefined,
    users: () => q.users.all() as Omit<UserRow, 'password_hash'>[],
    insertUser: (u: Omit<UserRow, 'id' | 'disabled_at'> & { created_at: string }) =>
      Number(q.insertUser.run(u).lastInsertRowid),
    setPassword: (id: number, hash: string) => q.setPassword.run(hash, id),
    insertSession: (s: {
      token_hash: string;
      user_id: number;
      csrf_token: string;
      created_at: string;
      expires_at: string;
    }) => q.insertSession.run(s),
    session: (hash: string) =>
      q.session.get(hash) as
        | {
            token_hash: string;
            user_id: number;
            csrf_token: string;
            created_at: string;
            expires_at: string;
            last_seen_at: string;
          }
        | undefined,
    touchSession: (hash: string, at: string) => q.touchSession.run(at, hash),
    deleteSession: (hash: string) => q.deleteSession.run(hash),
    deleteExpiredSessions: (now: string) => q.deleteExpired.run(now),
    insertToken: (t: { user_id: number; name: string; token_hash: string; prefix: string; created_at: string }) =>
      Number(q.insertToken.run(t).lastInsertRowid),
    tokenByHash: (hash: string) => q.tokenByHash.get(hash) as TokenRow | undefined,
    tokens: (userId: number) => q.tokens.all(userId) as TokenRow[],
    revokeToken: (id: number, userId: number, at: string) => q.revokeToken.run(at, id, userId).changes > 0,
    touchToken: (id: number, at: string) => q.touchToken.run(at, id),
    /** Records a failed (or not yet checked) attempt; returns its id so a right password can take it back. */
    recordFailure: (username: string, address: string, at: string) =>
      Number(q.insertFailure.run(username, address, at).lastInsertRowid),
    deleteFailure: (id: number) => q.deleteFailure.run(id),
    failures: (username: string, address: string, since: string) => {
      const byName = q.failuresByName.get(username, since) as { n: number; last: string | null };
      return {
        byPair: q.failuresByPair.pluck().get(username, address, since) as number,
        byAddress: q.failuresByAddress.pluck().get(address, since) as number,
        byName: byName.n,
        lastByName: byName.last,
      };
    },
    clearFailures: (username: string, address: string) => q.clearFailures.run(username, address),
    isKnownAddress: (username: string, address: string, since: string) =>
      q.known.get(username, address, since) !== undefined,
    rememberAddress: (username: string, address: string, at: string) => q.remember.run(username, address, at),
  };
}
