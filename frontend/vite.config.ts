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
    chunkSizeWarningLimit: 3000,
  },
});
