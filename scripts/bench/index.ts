// npm run bench [units|api|coverage|import|geometry|tiles|page]: every benchmark, printing its figures. Generated data goes to .bench/.
import { benchApi } from './api.ts';
import { benchPage } from './page.ts';
import { benchCoverage } from './coverage.ts';
import { benchImport } from './import.ts';
import { benchUnits } from './units.ts';
import { benchGeometry } from './geometry.ts';
import { benchTiles } from './tiles.ts';

const only = process.argv[2];
if (!only || only === 'units') await benchUnits();
if (!only || only === 'api') await benchApi();
if (!only || only === 'coverage') await benchCoverage();
if (!only || only === 'import') await benchImport();
if (!only || only === 'geometry') benchGeometry();
if (!only || only === 'tiles') await benchTiles();
if (!only || only === 'page') await benchPage();
