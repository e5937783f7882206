import { svelte } from '@sveltejs/vite-plugin-svelte'
import inertia from '@inertiajs/vite'
import { defineConfig } from 'vite'
import RubyPlugin from 'vite-plugin-ruby'

export default defineConfig({
  // inertia-sync is linked from ../client (as `npm link` would): keep one copy of
  // the packages it shares with the app, or it would drive a router the app never started.
  resolve: {
    dedupe: ['svelte', '@inertiajs/core', '@inertiajs/svelte', '@rails/actioncable'],
  },
  plugins: [
    RubyPlugin(),
    inertia(),
    svelte(),
  ],
})
