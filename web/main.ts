// Entry point of the map page.
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { App } from './app.ts';
import { reportError } from './ui/errors.ts';

const app = new App(document.getElementById('app')!);
app.start().catch((e: Error) => reportError(e.message));
