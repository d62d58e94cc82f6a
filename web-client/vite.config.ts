import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves the built SPA and everything under /api/v1 from one origin; in development the
// dev server stands in for that origin and forwards the API's paths to a locally running API.
const apiOrigin = 'http://127.0.0.1:5080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/swagger': apiOrigin,
      '/health': apiOrigin,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
