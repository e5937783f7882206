import { prepareTemplate } from './rails-server'

// Once per run: build the pages for production and seed a template database.
export default function globalSetup(): void {
  prepareTemplate()
}
