import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config'

// The same suite against Inertia 2.3 (installed in test-v2/ by bin/setup): `npm run test:v2`.
const v2 = (name: string) =>
  fileURLToPath(new URL(`./test-v2/node_modules/${name}`, import.meta.url))

export default mergeConfig(
  base,
  defineConfig({
    resolve: {
      alias: [
        { find: /^@inertiajs\/core$/, replacement: v2('@inertiajs/core') },
        { find: /^@inertiajs\/svelte$/, replacement: v2('@inertiajs/svelte') },
      ],
    },
    test: {
      server: { deps: { inline: [/@inertiajs/] } },
      // Packaging does not depend on the router; the model's harness self-test (which plants a
      // failure reaching Inertia 3.x's error dialog on purpose) runs on 3.x.
      exclude: ['test/pack.test.ts', 'test/model/harness.test.ts', 'node_modules/**', 'test-v2/**'],
    },
  }),
)
