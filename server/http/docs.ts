// Readable API documentation rendered on the server from the OpenAPI document, so it works offline
// (no documentation UI fetched from a CDN). Everything taken from the document is HTML-escaped.

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: Record<string, unknown>;
  }[];
  responses?: Record<string, { description?: string }>;
}

function schemaText(s: Record<string, unknown> | undefined): string {
  if (!s) return '';
  if (Array.isArray(s.enum)) return s.enum.join(' | ');
  const bits = [s.type, s.pattern ? `pattern ${s.pattern}` : '', s.example !== undefined ? `e.g. ${s.example}` : ''];
  return bits.filter(Boolean).join(', ');
}

export function renderDocs(doc: OpenApiDoc): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const body = ops
    .map(({ path, method, op }) => {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td>` +
            `<td>${esc(schemaText(p.schema))}</td><td>${esc(p.description ?? p.schema?.description ?? '')}</td></tr>`,
        )
        .join('');
      const responses = Object.entries(op.responses ?? {})
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`)
        .join('');
      return `<section id="${esc(method + path)}"><h2><span class="m">${esc(method.toUpperCase())}</span> <code>/api${esc(path)}</code></h2>
<p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr></thead><tbody>${params}</tbody></table>` : ''}
<ul>${responses}</ul></section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} — API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h2{font-size:1.1em;margin-top:2em;border-top:1px solid #ddd;padding-top:1em}.m{background:#2b83ba;color:#fff;padding:2px 6px;border-radius:3px;font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}code{font-size:.95em}</style>
</head><body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.
Errors always have the shape <code>{"error":{"id","field","message","message_vi"}}</code>.</p>
${body}</body></html>`;
}
