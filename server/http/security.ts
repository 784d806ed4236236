// Security headers on every answer: a Content-Security-Policy with no inline script, no framing by other
// sites, no MIME sniffing, no referrer leaks. An online basemap, when configured, is allowed by host.
import type { MiddlewareHandler } from 'hono';

export function securityHeaders(options: { basemapUrl?: string | null } = {}): MiddlewareHandler {
  let basemap = '';
  if (options.basemapUrl) {
    try {
      basemap = ` ${new URL(options.basemapUrl.replace(/[{}]/g, '')).origin}`;
    } catch {
      basemap = '';
    }
  }
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // MapLibre runs its tile worker from a blob URL.
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    // Inline style attributes are set by MapLibre and deck.gl for positioning; no inline script is.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${basemap}`,
    `connect-src 'self'${basemap}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.res.headers.set('content-security-policy', csp);
    c.res.headers.set('x-content-type-options', 'nosniff');
    c.res.headers.set('x-frame-options', 'DENY');
    c.res.headers.set('referrer-policy', 'same-origin');
    c.res.headers.set('cross-origin-opener-policy', 'same-origin');
  };
}
