// The page's frame: header (title, demo banner, search, language), the control sidebar, the map, the
// side panel, the legend and the hover tooltip. Labels are filled by `relabel` so the language switch
// changes every one of them without rebuilding the page.
import { el } from './dom.ts';
import { t, type LabelKey } from '../i18n/index.ts';

export interface Shell {
  root: HTMLElement;
  map: HTMLElement;
  sidebar: HTMLElement;
  controls: HTMLElement;
  coverage: HTMLElement;
  whatIf: HTMLElement;
  ranking: HTMLElement;
  charts: HTMLElement;
  asReported: HTMLElement;
  present: HTMLElement;
  presentButton: HTMLButtonElement;
  meetings: HTMLElement;
  panel: HTMLElement;
  legend: HTMLElement;
  tooltip: HTMLElement;
  search: HTMLElement;
  banner: HTMLElement;
  langButton: HTMLButtonElement;
  account: HTMLElement;
  stations: HTMLElement;
  gis: HTMLElement;
  table: HTMLElement;
  menuButton: HTMLButtonElement;
  relabel(): void;
}

export function buildShell(root: HTMLElement): Shell {
  const title = el('h1', { 'data-label': 'app_title' });
  const banner = el('div', { class: 'demo-banner', 'data-label': 'demo_banner', hidden: true });
  const search = el('div', { class: 'search' });
  const langButton = el('button', { type: 'button', class: 'lang', 'data-label': 'language', id: 'lang-switch' });
  const menuButton = el('button', { type: 'button', class: 'menu', 'aria-controls': 'sidebar' }, '☰');
  const docs = el('a', { href: '/api/docs', class: 'docs', 'data-label': 'api_docs', target: '_blank' });
  const account = el('div', { class: 'account', id: 'account' });
  const presentButton = el('button', { type: 'button', class: 'lang', id: 'present-button', 'data-label': 'present' });
  const header = el('header', { class: 'top' }, menuButton, title, search, account, presentButton, langButton, docs);
  const controls = el('div', { class: 'controls' });
  const coverage = el('div', { class: 'coverage-controls', id: 'coverage-controls' });
  const whatIf = el('div', { class: 'whatif', id: 'whatif' });
  const stations = el('div', { class: 'stations', id: 'stations' });
  const gis = el('div', { class: 'stations gis', id: 'gis' });
  const meetings = el('div', { class: 'meetings', id: 'meetings' });
  const sidebar = el('aside', { class: 'sidebar', id: 'sidebar' }, controls, coverage, meetings, whatIf, stations, gis);
  const ranking = el('section', { class: 'ranking', id: 'ranking', hidden: true });
  const charts = el('section', { class: 'ranking charts', id: 'charts', hidden: true });
  const asReported = el('section', { class: 'ranking as-reported', id: 'as-reported', hidden: true });
  const table = el('section', { class: 'ranking commune-table-box', id: 'commune-table', hidden: true });
  const present = el('div', { class: 'present-overlay', id: 'present', hidden: true });
  const map = el('div', { class: 'map', id: 'map' });
  const legend = el('div', { class: 'legend', id: 'legend' });
  const tooltip = el('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  const panel = el('section', { class: 'panel', id: 'panel', hidden: true, 'aria-live': 'polite' });
  const main = el(
    'main',
    { class: 'main' },
    sidebar,
    el('div', { class: 'map-wrap' }, map, legend, tooltip, present),
    ranking,
    table,
    charts,
    asReported,
    panel,
  );
  root.append(banner, header, main);
  menuButton.addEventListener('click', () => root.classList.toggle('sidebar-open'));

  const relabel = () => {
    for (const node of root.querySelectorAll<HTMLElement>('[data-label]')) {
      node.textContent = t(node.dataset.label as LabelKey);
    }
    for (const node of root.querySelectorAll<HTMLElement>('[data-label-placeholder]')) {
      node.setAttribute('placeholder', t(node.dataset.labelPlaceholder as LabelKey));
    }
    for (const node of root.querySelectorAll<HTMLElement>('[data-label-title]')) {
      node.setAttribute('aria-label', t(node.dataset.labelTitle as LabelKey));
      node.title = t(node.dataset.labelTitle as LabelKey);
    }
    document.title = t('app_title');
  };
  menuButton.dataset.labelTitle = 'menu';
  return {
    root,
    map,
    sidebar,
    controls,
    coverage,
    whatIf,
    ranking,
    charts,
    asReported,
    present,
    presentButton,
    meetings,
    panel,
    legend,
    tooltip,
    search,
    banner,
    langButton,
    account,
    stations,
    gis,
    table,
    menuButton,
    relabel,
  };
}
