import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The counselor dashboard: a static app served by the local run under
 * /dashboard/ (local/dashboard/static-routes.ts). Built by `npm ci` through the
 * root `prepare` script. File names carry no content hash: the local server
 * registers each built file once at start, and a rebuild while it runs must
 * keep those names valid (it sends `cache-control: no-cache` instead).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  publicDir: 'public',
  // Preact's automatic JSX runtime through Vite's own Oxc transform: no Babel preset needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name].js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
});
