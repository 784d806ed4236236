// Import directions of phusong, checked by `npm run lint`:
//   common ← server (domain, db, analysis ← http, routes ← app, main) ; common ← web ; scripts, tests on top.
// The page may import server code only as types (the typed API client); nothing imports tests.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-stands-alone',
      comment: 'common/ is run by the server and the page: it imports neither, nor scripts or tests.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(server|web|scripts|tests)/' },
    },
    {
      name: 'server-not-page-scripts-tests',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(web|scripts|tests)/' },
    },
    {
      name: 'domain-not-http',
      comment: 'Domain, data and analysis code knows nothing of HTTP: errors carry ids, the edge maps them.',
      severity: 'error',
      from: { path: '^server/(domain|db|analysis|auth|demo)/' },
      to: { path: '^server/(http|routes)/|^server/app\\.ts$' },
    },
    {
      name: 'db-below-domain',
      comment: 'SQL modules are the bottom layer: they do not call domain rules.',
      severity: 'error',
      from: { path: '^server/db/' },
      to: { path: '^server/domain/' },
    },
    {
      name: 'analysis-is-pure',
      comment: 'Analysis functions work on GeoJSON and numbers only.',
      severity: 'error',
      from: { path: '^server/analysis/' },
      to: { path: '^server/(domain|db|http|routes)/' },
    },
    {
      name: 'page-imports-server-types-only',
      comment: 'The page talks to the server through the typed client; server modules are never bundled.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'page-not-scripts-tests',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(scripts|tests)/' },
    },
    {
      name: 'scripts-not-tests',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
