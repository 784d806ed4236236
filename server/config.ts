// Runtime settings from the environment, with the defaults the README documents.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerConfig {
  port: number;
  host: string;
  dbPath: string;
  webRoot: string;
  /** Optional folder served under /static (used by the benchmark to compare against static files). */
  staticRoot: string | undefined;
  /** Optional online raster basemap (XYZ template with {z}/{x}/{y}); off unless set. */
  basemapUrl: string | null;
  /** PHUSONG_REQUIRE_LOGIN=1: reading the map needs a login too. */
  requireLogin: boolean;
  /** PHUSONG_TRUSTED_PROXIES=ip,ip: reverse proxies whose X-Forwarded-For names the caller. */
  trustedProxies: string[];
  /**
   * PHUSONG_TEST_PAUSE_IMPORT=FILE, for the crash tests only: an import writes FILE from inside its
   * transaction after its 1,000th site and then stops there, so a SIGKILL lands inside it every time.
   */
  pauseImportFile: string | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: expected 0–65535, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dbPath: resolve(env.PHUSONG_DB ?? join(PROJECT_ROOT, 'data', 'phusong.sqlite')),
    webRoot: resolve(env.PHUSONG_WEB ?? join(PROJECT_ROOT, 'dist')),
    staticRoot: env.PHUSONG_STATIC ? resolve(env.PHUSONG_STATIC) : undefined,
    basemapUrl: env.PHUSONG_BASEMAP_URL || null,
    requireLogin: env.PHUSONG_REQUIRE_LOGIN === '1' || env.PHUSONG_REQUIRE_LOGIN === 'true',
    trustedProxies: (env.PHUSONG_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    pauseImportFile: env.PHUSONG_TEST_PAUSE_IMPORT || null,
  };
}
