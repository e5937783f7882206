import { createInertiaApp, router } from '@inertiajs/svelte'
import { syncRegistry } from 'inertia-sync'
import '../styles/application.css'

// Live updates: markers from Rails trigger partial reloads through this router.
syncRegistry.configure({ router })

createInertiaApp({
  pages: '../pages',

  defaults: {
    form: {
      forceIndicesArrayFormatInFormData: false,
      withAllErrors: true,
    },
    visitOptions: () => {
      return { queryStringArrayFormat: 'brackets' }
    },
  },
})
