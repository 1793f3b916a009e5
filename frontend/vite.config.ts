// The wall and consoles. `npm run dev -w @torch/frontend` serves them with hot reload and proxies
// the gateway (GATEWAY_URL, default http://127.0.0.1:8080); `npm run build -w @torch/frontend`
// writes dist/, which the gateway serves in production.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    // dist/.vite/manifest.json: which chunks each page loads (tests/ops/bundle.test.ts reads it;
    // the gateway does not serve dot-directories).
    manifest: true,
    // Each page is its own chunk (React.lazy in src/main.tsx). Named vendor chunks on top:
    // a group also takes the modules its matches import, so React and Vite's preload helper are
    // claimed first (priority), else they would land in whichever vendor chunk imports them and
    // every page would load that chunk.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|use-sync-external-store)[\\/]|vite[\\/]preload-helper/, priority: 2 },
            // deck.gl with luma.gl, math.gl, loaders.gl: the wall and replay only.
            { name: 'deck', test: /node_modules[\\/]@deck\.gl[\\/]/ },
            { name: 'charts', test: /node_modules[\\/]recharts[\\/]/ },
          ],
        },
      },
    },
    // The deck chunk is ≈920 kB minified (≈260 kB gzipped) and is loaded whole by the two pages
    // that draw a map; splitting it would only move the same bytes into pieces that always load
    // together. Every other chunk stays under Vite's default 500 kB (tests/ops/bundle.test.ts
    // checks that), so the limit sits just above the deck chunk rather than hiding a bloated page.
    chunkSizeWarningLimit: 950,
  },
});
