// npm run bench: every benchmark, printing its figures. Generated data goes to .bench/ (not committed).
import { benchApi } from './api.ts';

const only = process.argv[2];
if (!only || only === 'api') await benchApi();
