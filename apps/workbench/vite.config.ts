// Builds the workbench into dist/: the app (index.html and its hashed
// assets) and the service worker at a fixed path (/sw.js), so that it can
// control the whole origin.
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // Workspace packages are compiled from their TypeScript sources.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Maps are written for debugging from the build folder, not referenced by the bundles: the server does not serve them.
    sourcemap: 'hidden',
    // No inline data: URLs or inline scripts: the server's CSP allows only files from 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { main: here('index.html'), sw: here('src/service-worker.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
