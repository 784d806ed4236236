// Every answer the API tests receive is checked against the route's own OpenAPI description (the zod
// schemas the document is generated from): a success status the route does not document, a body that
// does not match its schema, or an error body not in the one error shape fails the test that got it.
import { z } from 'zod';
import type { createApp } from '../server/app.ts';

type App = ReturnType<typeof createApp>;
interface RouteDef {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const errorShape = z.object({
  error: z.object({ id: z.string(), message: z.string(), message_vi: z.string(), field: z.string().optional() }),
});

function routesOf(app: App): { def: RouteDef; re: RegExp; params: number }[] {
  const registry = (app.api as unknown as { openAPIRegistry: { definitions: { type: string; route?: RouteDef }[] } })
    .openAPIRegistry;
  return registry.definitions
    .filter((d) => d.type === 'route' && d.route)
    .map((d) => {
      const path = d.route!.path;
      const re = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return { def: d.route!, re, params: (path.match(/\{/g) ?? []).length };
    });
}

function isZod(x: unknown): x is z.ZodType {
  return typeof (x as { safeParse?: unknown } | undefined)?.safeParse === 'function';
}

/** Replaces `app.request` with one that checks each answer against the route's OpenAPI description. */
export function checkResponses(app: App): App {
  const routes = routesOf(app);
  const original = app.request.bind(app);
  app.request = (async (input: string | Request | URL, init?: RequestInit, ...rest: unknown[]) => {
    const res = await (original as (...a: unknown[]) => Promise<Response>)(input, init, ...rest);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://x');
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toLowerCase();
    await check(routes, method, url.pathname, res.clone());
    return res;
  }) as App['request'];
  return app;
}

/** The body as sent over the wire, decompressed when the API gzipped it. */
async function body(res: Response): Promise<unknown> {
  const enc = res.headers.get('content-encoding');
  if (!enc || !res.body) return res.json();
  return new Response(res.body.pipeThrough(new DecompressionStream(enc as 'gzip'))).json();
}

async function check(routes: ReturnType<typeof routesOf>, method: string, pathname: string, res: Response) {
  if (!pathname.startsWith('/api/') || res.status === 304) return;
  const path = pathname.slice('/api'.length);
  const route = routes.filter((r) => r.def.method === method && r.re.test(path)).sort((a, b) => a.params - b.params)[0];
  const where = `${method.toUpperCase()} ${pathname} → ${res.status}`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (res.status >= 400) {
    if (type !== 'application/json') throw new Error(`${where}: error answered as ${type}, not JSON`);
    const r = errorShape.safeParse(await body(res));
    if (!r.success) throw new Error(`${where}: error body not in the error shape: ${r.error.message}`);
    return;
  }
  if (!route) return; // the document itself, the docs page
  const documented = route.def.responses[String(res.status)];
  if (!documented) throw new Error(`${where}: status not documented for ${route.def.path}`);
  if (!documented.content) return;
  const content = documented.content[type];
  if (!content) throw new Error(`${where}: ${type} not documented (${Object.keys(documented.content).join(', ')})`);
  if (!isZod(content.schema) || !type.includes('json')) return;
  const r = content.schema.safeParse(await body(res));
  if (!r.success) throw new Error(`${where}: body does not match the schema of ${route.def.path}: ${r.error.message}`);
}
