// The renderer bundle. base './' so the same files load from file:// in Electron and
// from `runyard serve` at any path.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The entry (renderer/main.tsx) is small and imports the app (renderer/render.tsx)
 * dynamically, so the connection opens before the app's script has arrived. A dynamic
 * import is fetched only when the entry runs; a modulepreload link for the app's chunk
 * and the chunks it imports lets the browser fetch and compile them alongside the entry.
 */
function preloadApp(): Plugin {
  return {
    name: 'runyard-preload-app',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle || !ctx.chunk) return [];
        const files = new Set<string>();
        const add = (file: string) => {
          const c = bundle[file];
          if (c?.type !== 'chunk' || files.has(file) || file === ctx.chunk!.fileName) return;
          files.add(file);
          c.imports.forEach(add);
        };
        for (const file of ctx.chunk.dynamicImports) {
          const c = bundle[file];
          if (c?.type === 'chunk' && c.facadeModuleId?.endsWith('/renderer/render.tsx')) add(file);
        }
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig(({ command }) => {
  // A build started from a test run inherits NODE_ENV=test, and React, its JSX
  // transform and Vite would then ship development code. A build is for production.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: fileURLToPath(new URL('./renderer', import.meta.url)),
    base: './',
    plugins: [react(), preloadApp()],
    build: {
      outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
      emptyOutDir: true,
      sourcemap: true,
      // No inline scripts or module preload polyfill: the CSP allows scripts from 'self' only.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 1500,
    },
  };
});
