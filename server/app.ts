// createApp(db, config) → the Hono app: the JSON/GeoJSON API under /api (validated with zod, documented
// by OpenAPI from the same schemas, cached with ETag and gzip) and, when given, the built front end.
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { serveStatic } from '@hono/node-server/serve-static';
import type { DB } from './db/database.ts';
import { createStores } from './stores.ts';
import { todaysUnitsOnly } from './http/units.ts';
import type { AppEnv } from './http/env.ts';
import { DomainError } from './domain/errors.ts';
import { errorAnswer, errorResponse, validationError } from './http/errors.ts';
import { createRevision, declaredQuery, responseCache } from './http/cache.ts';
import { createSiteScope } from './http/site-scope.ts';
import type { SitePlace } from './domain/stations.ts';
import { renderDocs } from './http/docs.ts';
import { unitRoutes } from './routes/units.ts';
import { communeRoutes } from './routes/communes.ts';
import { siteRoutes } from './routes/sites/sites.ts';
import { auditRoutes } from './routes/audit.ts';
import { unitSetRoutes } from './routes/unit-sets.ts';
import { summaryRoutes } from './routes/summary.ts';
import { searchRoutes } from './routes/search.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { createCoverageService } from './domain/coverage.ts';
import { DEFAULT_RESOLUTION } from './analysis/coverage-grid.ts';
import { applyUnitSetsInForce } from './domain/unit-set-apply.ts';
import { fillMissingLabels } from './domain/unit-sets.ts';
import { authRoutes } from './routes/auth.ts';
import { importRoutes } from './routes/imports.ts';
import { reportingRoutes } from './routes/reporting.ts';
import { sunsetRoutes } from './routes/sunsets.ts';
import { ogcRoutes } from './routes/ogc.ts';
import { tileRoutes } from './routes/tiles.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { authenticate } from './http/auth.ts';
import { securityHeaders } from './http/security.ts';
import { bodyLimits } from './routes/limits.ts';
import { createGate, createPool } from './workers/pool.ts';
import { createJobs } from './workers/jobs.ts';
import { jobRoutes } from './routes/jobs.ts';

export interface AppConfig {
  /** Folder of the built front end (vite build output); omitted in API tests. */
  webRoot?: string;
  /** Extra folder served under /static (the benchmark compares the API against it). */
  staticRoot?: string;
  /** Optional online raster basemap, an XYZ URL template; the map never needs it. */
  basemapUrl?: string | null;
  /** H3 resolution of the coverage grid (default 9). */
  coverageResolution?: number;
  /** Reading the map needs a login too (writes always do). */
  requireLogin?: boolean;
  /** Reverse proxies whose X-Forwarded-For is believed for login throttling (PHUSONG_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
  /** Worker threads for imports and exports (default: one per spare core; 0 runs them on the request thread). */
  workers?: number;
  /** Test seam for the crash tests (PHUSONG_TEST_PAUSE_IMPORT): imports stop inside their transaction. */
  pauseImportFile?: string | null;
  /** Registered sites from which /api/sites reads the country by a worker thread (default 20,000). */
  wideSiteReadsFrom?: number;
  /** Country-wide answers (sites, communes) built at once; more are refused with 503 (default 4). */
  wideReadsAtOnce?: number;
}

/** The parameters a route's query schema declares (none without one; null when it is not a plain object). */
function queryKeys(schema: unknown): string[] | null {
  if (schema === undefined) return [];
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : null;
}

/** How long a write on the request thread waits for another connection's write lock. */
const REQUEST_THREAD_BUSY_MS = 250;

export function createApp(db: DB, config: AppConfig = {}) {
  // The request thread never waits long for another writer's lock (an import in a worker, the command
  // line): better a 503 with Retry-After in a quarter of a second than every client stalled behind it.
  db.pragma(`busy_timeout = ${REQUEST_THREAD_BUSY_MS}`);
  const stores = createStores(db);
  // Sites a migration or another program left without their kept state (reads are right meanwhile, slower).
  stores.siteStates.catchUp();
  // Boundaries a migration left without their label point.
  fillMissingLabels(stores);
  const revision = createRevision(db);
  const pool = createPool(stores, db.name, { size: config.workers, pauseImportFile: config.pauseImportFile });
  const bg = { pool, jobs: createJobs(), wide: createGate(config.wideReadsAtOnce ?? 4) };
  const resolution = config.coverageResolution ?? DEFAULT_RESOLUTION;
  // A province's coverage grid is computed by a worker thread; the request thread caches and reads it.
  const coverage = createCoverageService(stores, {
    resolution,
    compute: (province, scenario, date, layer) =>
      pool.run('provinceCoverage', { province, scenario, date, layer, resolution }),
    grids: (province, codes) => pool.run('communeGrids', { province, codes, resolution }),
  });

  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, validationError(result.error));
    },
  });
  api.use('*', bodyLimits());
  api.use('*', authenticate(stores, { requireLogin: config.requireLogin ?? false }));
  const scope = createSiteScope(stores, revision);
  // Kept under their path and declared parameters: a junk parameter does not have an answer built again.
  const keyOf = declaredQuery('/api', () =>
    routes.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route'
        ? [{ method: d.route.method, path: d.route.path, query: queryKeys(d.route.request?.query) }]
        : [],
    ),
  );
  api.use('*', responseCache(revision, { scope: scope.ofRequest, keyOf }));
  // Coverage stands on today's boundaries; its ranking alone has an as-reported form (routes/coverage.ts).
  for (const path of ['/sites/clusters', '/coverage/*'])
    api.use(path, todaysUnitsOnly(stores, { except: ['/api/coverage/ranking'] }));
  // One revision and one coverage update per write, however many sites it touched; only the answers
  // about the provinces it touched are renewed where the write says where its sites stand.
  const onChanged = (siteIds: number[], places: SitePlace[] | null) => {
    revision.bumpSites(places ? scope.touched(places) : undefined);
    coverage.sitesWritten(siteIds);
  };
  const routes = api
    .route('/', unitRoutes(stores))
    .route('/', unitSetRoutes(stores))
    .route('/', communeRoutes(stores, bg))
    .route('/', siteRoutes(stores, scope.revisionOf, bg, { onChanged, wideReadsFrom: config.wideSiteReadsFrom }))
    .route('/', jobRoutes(bg))
    .route('/', auditRoutes(stores))
    .route('/', searchRoutes(stores))
    .route('/', summaryRoutes(stores, { basemapUrl: config.basemapUrl ?? null }))
    .route('/', coverageRoutes(stores, coverage))
    .route('/', authRoutes(stores, { trustedProxies: config.trustedProxies }))
    .route('/', reportingRoutes(stores, pool))
    .route(
      '/',
      sunsetRoutes(stores, () => revision.bump()),
    )
    .route(
      '/',
      importRoutes(stores, bg, () => {
        revision.bump();
        coverage.clear();
      }),
    );

  const openapi = {
    openapi: '3.1.0',
    info: {
      title: 'phusong API',
      version: '1',
      description:
        'Communes, BTS sites and key figures of the 2G shutdown. Places are named by GSO codes ' +
        '(province=31 Hải Phòng, district=116 Sơn La city). Field names of communes and summary are a stable contract.',
    },
    servers: [{ url: '/api' }],
  };
  api.doc31('/openapi.json', openapi);
  api.get('/docs', (c) =>
    c.html(renderDocs(api.getOpenAPI31Document(openapi) as unknown as Parameters<typeof renderDocs>[0])),
  );

  const app = new OpenAPIHono<AppEnv>();
  app.use('*', securityHeaders({ basemapUrl: config.basemapUrl ?? null }));
  app.route('/api', api);
  // GIS clients: OGC API – Features (reading the map's data, so the same login rule as /api).
  const ogc = new Hono<AppEnv>();
  ogc.use('*', authenticate(stores, { requireLogin: config.requireLogin ?? false }));
  ogc.use('*', responseCache(revision));
  ogc.route('/', ogcRoutes(stores, coverage));
  app.route('/ogc', ogc);
  // Vector tiles of the same collections, for the page at national zoom and for GIS clients.
  const tiles = new Hono<AppEnv>();
  tiles.use('*', authenticate(stores, { requireLogin: config.requireLogin ?? false }));
  tiles.use('*', responseCache(revision, { scope: scope.ofRequest }));
  tiles.route('/', tileRoutes(stores, coverage, pool));
  app.route('/tiles', tiles);
  // The same collections as files a GIS opens (GeoPackage) or Google Earth shows (KML).
  const downloads = new Hono<AppEnv>();
  downloads.use('*', authenticate(stores, { requireLogin: config.requireLogin ?? false }));
  downloads.route('/', downloadRoutes(stores, coverage, pool));
  app.route('/downloads', downloads);
  // Unknown API paths answer JSON, never the front end's index.html.
  app.all('/api/*', (c) =>
    errorResponse(
      c,
      new DomainError('not_found', `no API route ${c.req.path}`, `không có đường dẫn API ${c.req.path}`),
    ),
  );
  if (config.staticRoot) {
    const root = config.staticRoot;
    app.use('/static/*', compress(), serveStatic({ root, rewriteRequestPath: (p) => p.replace(/^\/static/, '') }));
  }
  if (config.webRoot) {
    // Built files carry a hash of their content in their name: a browser keeps them for a year and never
    // asks again. index.html (which names them) is always revalidated.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', compress(), serveStatic({ root: config.webRoot }));
    // A built file that is not there is not found (never the page's index.html, kept for a year).
    app.all('/assets/*', (c) => c.text('not found', 404));
    app.get('*', compress(), serveStatic({ root: config.webRoot, path: 'index.html' }));
  }

  app.onError(handleError);
  api.onError(handleError);
  /** Moves the map to a stored unit set whose day has come (checked at start and every hour). */
  const unitSetsInForce = () => {
    const moved = applyUnitSetsInForce(stores, null, 'schedule');
    if (moved.length > 0) {
      revision.bump();
      coverage.clear();
    }
    return moved;
  };
  return Object.assign(app, { stores, revision, coverage, pool, api: routes, unitSetsInForce });
}

function handleError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) {
    return errorResponse(
      c,
      new DomainError('http_error', err.message, err.message),
      err.status as ContentfulStatusCode,
    );
  }
  const answer = errorAnswer(err, `${c.req.method} ${c.req.path}`, c.req.raw.signal.aborted);
  if (answer.retryAfterSeconds) c.header('retry-after', String(answer.retryAfterSeconds));
  return c.json(answer.body, answer.status);
}

/** The typed API (mounted at /api), for Hono's `hc` client in the web app. */
export type AppType = ReturnType<typeof createApp>['api'];
