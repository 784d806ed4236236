// Entry point of the web app.
const app = document.getElementById('app')!;
fetch('/api/provinces')
  .then((r) => r.json())
  .then((body: { meta: { demo: boolean }; provinces: { code: string; name: string }[] }) => {
    app.textContent = body.provinces.map((p) => `${p.code} ${p.name}`).join(', ');
  });
