// Security headers on every answer (hono/secure-headers): a Content-Security-Policy with no inline
// script, no framing by other sites, no MIME sniffing, no referrer leaks, HSTS, and a Permissions-Policy
// that allows only what the page uses. An online basemap, when
// configured, is allowed by host.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export function securityHeaders(options: { basemapUrl?: string | null } = {}): MiddlewareHandler {
  const basemap: string[] = [];
  if (options.basemapUrl) {
    try {
      basemap.push(new URL(options.basemapUrl.replace(/[{}]/g, '')).origin);
    } catch {
      // not a URL: the basemap stays blocked, the map works without it
    }
  }
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // MapLibre runs its tile worker from a blob URL.
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      // Inline style attributes are set by MapLibre and deck.gl for positioning; no inline script is.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
      connectSrc: ["'self'", ...basemap],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    // Downloads (exports) are opened from the page itself; nothing else embeds our resources.
    crossOriginResourcePolicy: 'same-origin',
    // HTTPS only once seen over HTTPS (browsers ignore it over plain HTTP, as on a LAN).
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    // The page uses full screen (presentation) and writing to the clipboard (share link); nothing else.
    permissionsPolicy: {
      fullscreen: ['self'],
      clipboardWrite: ['self'],
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      hid: [],
      midi: [],
      displayCapture: [],
      browsingTopics: [],
    },
  });
}
