import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The console is served by Kabar under /console/ (assets at /console/assets/, hashed). */
export default defineConfig({
  root: import.meta.dirname,
  // A production React whatever NODE_ENV the build inherits (Vitest sets it to `test`).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    reportCompressedSize: false,
  },
});
