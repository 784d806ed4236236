// The response checker the API tests run behind: it must catch a body or a status the route's OpenAPI
// description does not allow.
import { describe, expect, it } from 'vitest';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { checkResponses } from '../openapi-check.ts';

function miniApp() {
  const api = new OpenAPIHono();
  api.openapi(
    createRoute({
      method: 'get',
      path: '/thing/{id}',
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: { description: 'A thing', content: { 'application/json': { schema: z.object({ n: z.number() }) } } },
      },
    }),
    // Deliberately wrong answers, chosen by the id, to see the checker refuse them.
    ((c: { req: { param(k: string): string }; json(b: unknown, s?: number): Response }) => {
      const id = c.req.param('id');
      if (id === 'ok') return c.json({ n: 1 });
      if (id === 'wrong') return c.json({ n: 'one' });
      if (id === 'created') return c.json({ n: 1 }, 201);
      return c.json({ oops: true }, 404);
    }) as never,
  );
  const app = new OpenAPIHono();
  app.route('/api', api);
  return checkResponses(Object.assign(app, { api }) as never) as unknown as { request(u: string): Promise<Response> };
}

describe('the OpenAPI response check', () => {
  it('passes a body that matches its schema', async () => {
    expect((await miniApp().request('/api/thing/ok')).status).toBe(200);
  });
  it('fails a body that does not match, naming the route', async () => {
    await expect(miniApp().request('/api/thing/wrong')).rejects.toThrow(
      /body does not match the schema of \/thing\/\{id\}/,
    );
  });
  it('fails a success status the route does not document', async () => {
    await expect(miniApp().request('/api/thing/created')).rejects.toThrow(/status not documented/);
  });
  it('fails an error body that is not in the one error shape', async () => {
    await expect(miniApp().request('/api/thing/missing')).rejects.toThrow(/not in the error shape/);
  });
});
