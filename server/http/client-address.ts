// The caller's address for throttling. Behind a reverse proxy every request arrives from the proxy, so
// its X-Forwarded-For is believed — but only from the proxies configured as trusted
// (PHUSONG_TRUSTED_PROXIES), and only up to the first hop that is not one of them: anyone can write
// the header, nobody can fake the socket.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** `::ffff:10.0.0.1` and `10.0.0.1` are one address. */
const plain = (a: string) => a.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

export function clientAddress(socket: string, forwardedFor: string | undefined, trusted: readonly string[]): string {
  const trust = new Set(trusted.map(plain));
  let address = plain(socket);
  if (!trust.has(address) || !forwardedFor) return address;
  const hops = forwardedFor.split(',').map(plain).filter(Boolean);
  // Right to left: each trusted proxy vouches for the hop before it.
  while (trust.has(address) && hops.length > 0) address = hops.pop()!;
  return address;
}

export function requestAddress(c: Context, trusted: readonly string[]): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    // app.request() in tests has no socket
  }
  return clientAddress(socket ?? 'unknown', c.req.header('x-forwarded-for'), trusted);
}
