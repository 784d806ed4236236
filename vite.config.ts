// The front end lives in web/ and is built to dist/, which the Node server serves with the API.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  publicDir: 'public',
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8787' } },
});
