import { defineConfig } from 'vitest/config';

// The build goes straight into Maven's classpath output so that the jar carries it under
// quire-web/ (the server serves that folder at /). Absolute asset URLs ('/assets/...') keep
// /d/{docId} pages working, since the server answers them with the same index.html.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'target/classes/quire-web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    environment: 'node',
  },
});
