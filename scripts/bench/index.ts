// npm run bench [api|page]: every benchmark, printing its figures. Generated data goes to .bench/.
import { benchApi } from './api.ts';
import { benchPage } from './page.ts';

const only = process.argv[2];
if (!only || only === 'api') await benchApi();
if (!only || only === 'page') await benchPage();
