import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config, one project per area. TZ is pinned to UTC so that nothing passes only because the
// machine happens to sit in Asia/Shanghai: the product must compute Shanghai time itself.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      { test: { name: 'shared', include: ['tests/shared/**/*.test.ts'] } },
      {
        test: {
          name: 'simulators',
          include: ['tests/simulators/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'backend', include: ['tests/backend/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'geo', include: ['tests/geo/**/*.test.ts'] } },
      { plugins: [react()], test: { name: 'frontend', include: ['tests/frontend/**/*.test.{ts,tsx}'], environment: 'happy-dom' } },
      { test: { name: 'wall', include: ['tests/wall/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      { test: { name: 'ops', include: ['tests/ops/**/*.test.ts'] } },
      {
        // The contract suite of the embedded store: the Redis integration suites, pointed at it.
        test: {
          name: 'embedded',
          include: ['tests/simulators/redis.test.ts', 'tests/backend/{gateway,ingest,auth,publisher,alerts,audit,replay,dispatch}.test.ts'],
          globalSetup: ['tests/helpers/embeddedSetup.ts'],
          env: { TORCH_STORE: 'embedded' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
