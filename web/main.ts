// Entry point of the map page: reads the view from the URL, loads the figures that do not change, builds
// the frame and the map, and wires the features to the two stores. Nothing else happens here.
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/frame.css';
import './styles/map.css';
import './styles/tools.css';
import './styles/presentation.css';
import { api, unwrap } from './api/client.ts';
import { getLang, setLang, setSunset } from './i18n/index.ts';
import { createStore } from './state/store.ts';
import { parseView } from './state/view.ts';
import { followUrl } from './state/url.ts';
import { buildShell } from './ui/shell.ts';
import { mountErrors, reportError } from './ui/errors.ts';
import type { AppContext, Meta, PageData } from './app/context.ts';
import { createMap, cameraOf, styleReady, addBasemap } from './features/map-view/map.ts';
import { createCamera } from './features/map-view/camera.ts';
import { mountChoropleth } from './features/map-view/choropleth.ts';
import { loadDeck, mountDeck } from './features/map-view/deck.ts';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { mountPointer } from './features/map-view/pointer.ts';
import { createLoaders, fetchOutlines, followView } from './features/data/loaders.ts';
import { mountControls } from './features/controls/index.ts';
import { mountSearchBox } from './features/search/index.ts';
import { mountPanel } from './features/panel/index.ts';
import { mountWhatIf, evaluateWhatIf } from './features/whatif/index.ts';
import { mountPresentation } from './features/presentation/index.ts';
import { mountCompare } from './features/compare/index.ts';
import { mountMeetings, mountCharts } from './features/reports/index.ts';
import { mountStations } from './features/stations/index.ts';
import { mountGis } from './features/gis/index.ts';
import { mountCommuneTable } from './features/table/index.ts';
import { mountAccount } from './features/account/index.ts';
import { mountAsReported } from './features/as-reported/index.ts';

async function start(root: HTMLElement): Promise<void> {
  const initial = parseView(location.search);
  setLang(initial.lang);
  const shell = buildShell(root);
  mountErrors(shell.map.parentElement!);

  // The figures that do not change and today's outlines were preloaded by index.html while this script
  // loaded; the map is made as soon as they are here, and asks for what it draws at once.
  const lang = getLang();
  const outlines = fetchOutlines(lang);
  outlines.catch(() => undefined); // reported by the loader that waits for it
  const [metaBody, provinces, districts] = await Promise.all([
    api.meta.$get().then((r) => unwrap(r, lang)),
    api.provinces.$get({ query: {} }).then((r) => unwrap(r, lang)),
    api.districts.$get({ query: {} }).then((r) => unwrap(r, lang)),
  ]);
  // Today's units have no districts: the list is the former districts, for the "former district" filter.
  const districtList = 'districts' in districts ? districts.districts : [];
  const provinceList = 'provinces' in provinces ? provinces.provinces : [];
  const meta: Meta = {
    provinces: provinceList,
    districts: districtList,
    months: metaBody.months,
    operators: metaBody.operators,
    techs: metaBody.techs,
    provinceAreas: provinceList,
    districtAreas: districtList,
    demo: metaBody.meta.demo,
    gsoProvinces: metaBody.gso_provinces,
    basemap: metaBody.basemap,
    sunsets: metaBody.sunsets,
  };
  if (!initial.month || !meta.months.includes(initial.month)) initial.month = meta.months.at(-1) ?? null;
  shell.banner.hidden = !meta.demo;
  document.body.classList.toggle('demo', meta.demo);

  const view = createStore(initial);
  const data = createStore<PageData>({
    communes: null,
    outlinesGeo: { type: 'FeatureCollection', features: [] },
    outlineLabels: [],
    sites: [],
    coverageByCode: new Map(),
    coverageModel: null,
    gaps: [],
    footprints: [],
    scheme: null,
    slides: [],
    playing: false,
    // A shared what-if link opens with its controls showing.
    whatIfActive: initial.whatIf !== null,
    whatIfSettings: { band: 900, height: 40, azimuths: '' },
    whatIfCells: null,
    session: 0,
    communeTiles: false,
  });
  const url = followUrl(view);
  view.subscribe(['lang'], (v) => setLang(v.lang));
  // Labels follow the chosen sunset (its technology, its own wording): set before any feature redraws.
  setSunset(initial.sunset);
  view.subscribe(['sunset'], (v) => setSunset(v.sunset));
  shell.langButton.addEventListener('click', () => view.set({ lang: getLang() === 'vi' ? 'en' : 'vi' }));

  const map = createMap(shell.map, initial.camera);
  const styled = styleReady(map);
  let overlay: MapboxOverlay | null = null;
  const requests = new Map<string, AbortController>();
  const partial: Omit<AppContext, 'load'> = {
    view,
    data,
    shell,
    meta,
    map,
    overlay: () => overlay,
    camera: createCamera(map, meta, view, data),
    syncUrlNow: () => url.now(),
    fetchLatest(key, run) {
      requests.get(key)?.abort();
      const controller = new AbortController();
      requests.set(key, controller);
      return run({ signal: controller.signal });
    },
  };
  const ctx: AppContext = { ...partial, load: createLoaders(partial, { styled, outlines }) };
  (window as unknown as { phusong: unknown }).phusong = { map, view, data };

  mountControls(ctx);
  mountSearchBox(ctx);
  mountWhatIf(ctx);
  mountMeetings(ctx);
  mountStations(ctx);
  mountGis(ctx);
  mountCommuneTable(ctx);
  void mountAccount(ctx);
  const presentation = mountPresentation(ctx);

  // Every label, placeholder and title in the page's language, now that every feature has drawn.
  shell.relabel();
  // The sidebar and header are filled: fit the area to the map's final size, and ask for what it draws.
  map.on('moveend', () => view.set({ camera: cameraOf(map) }));
  map.resize();
  if (!initial.camera) ctx.camera.fitArea(false);
  followView(ctx);
  void ctx.load.outlines();
  void ctx.load.communes();
  void ctx.load.sites();

  await styled;
  if (meta.basemap) addBasemap(map, meta.basemap);
  mountChoropleth(ctx);
  mountPointer(ctx);
  const openPanel = mountPanel(ctx, {
    // A link naming a commune but no camera opens on that commune.
    flyToSelection: initial.selection?.kind === 'commune' && !initial.camera,
  });
  const loadCompare = mountCompare(ctx);
  const loadCharts = mountCharts(ctx);
  mountAsReported(ctx);
  if (view.get().selection) void openPanel();
  if (view.get().whatIf) void evaluateWhatIf(ctx);
  presentation.start({ linkCamera: !!initial.camera });
  void loadCharts();
  void loadCompare();

  const onIdle = () => {
    if (data.get().communes && document.body.dataset.ready !== '1') {
      document.body.dataset.ready = '1';
      performance.mark('phusong-map-ready'); // read by the page benchmark
      // The first map is drawn: deck.gl's sites and labels join it now.
      mountDeck(ctx, loadDeck(), (o) => (overlay = o)).catch((e: Error) => reportError(e.message));
    }
    document.body.dataset.idle = String(Number(document.body.dataset.idle ?? 0) + 1);
  };
  map.on('idle', onIdle);
  if (map.loaded()) onIdle();
}

start(document.getElementById('app')!).catch((e: Error) => reportError(e.message));
