// The HTML encoding of the OGC API pages: what a person opening /ogc in a browser reads — the
// collections, their extents and queryables, a page of items as a table with the paging links. Every
// value is escaped; no script runs (the page's CSP forbids inline scripts anyway).

export interface Link {
  href: string;
  rel: string;
  type: string;
  title: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);

function page(title: string, body: string, demo: boolean): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — phusong OGC API</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
.demo{background:#ffd84d;padding:.3rem .6rem;font-weight:600}code{background:#f3f3f3;padding:0 .2rem}nav a{margin-right:1rem}</style>
</head><body>${demo ? '<p class="demo">DỮ LIỆU MINH HOẠ — không phải số liệu chính thức / DEMO DATA — not official figures</p>' : ''}
<nav><a href="/ogc?f=html">phusong OGC API</a><a href="/ogc/collections?f=html">Collections</a><a href="/ogc/api">OpenAPI</a><a href="/">Map</a></nav>
<h1>${esc(title)}</h1>${body}</body></html>`;
}

export function linksHtml(links: Link[]): string {
  return `<ul>${links.map((l) => `<li><a href="${esc(l.href)}">${esc(l.title)}</a> <small>(${esc(l.rel)}, ${esc(l.type)})</small></li>`).join('')}</ul>`;
}

export function landingHtml(title: string, description: string, links: Link[], demo: boolean): string {
  return page(title, `<p>${esc(description)}</p>${linksHtml(links)}`, demo);
}

export function collectionsHtml(
  collections: { id: string; title: string; description: string; links: Link[] }[],
  demo: boolean,
): string {
  return page(
    'Collections',
    collections
      .map(
        (c) =>
          `<h2 id="${esc(c.id)}">${esc(c.title)} <code>${esc(c.id)}</code></h2><p>${esc(c.description)}</p>${linksHtml(c.links)}`,
      )
      .join(''),
    demo,
  );
}

export function itemsHtml(
  title: string,
  features: { id?: unknown; properties: Record<string, unknown> | null; geometry: { type: string } | null }[],
  summary: string,
  links: Link[],
  demo: boolean,
): string {
  const columns = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const rows = features
    .map(
      (f) =>
        `<tr><td>${esc(f.id)}</td><td>${esc(f.geometry?.type ?? '—')}</td>${columns.map((c) => `<td>${esc(f.properties?.[c])}</td>`).join('')}</tr>`,
    )
    .join('');
  return page(
    title,
    `<p>${esc(summary)}</p>${linksHtml(links)}<table><thead><tr><th>id</th><th>geometry</th>${columns
      .map((c) => `<th>${esc(c)}</th>`)
      .join('')}</tr></thead><tbody>${rows}</tbody></table>`,
    demo,
  );
}
