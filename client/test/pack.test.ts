// @vitest-environment node
import { execFileSync } from 'node:child_process'
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
  existsSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// Packs the package as it would be published, installs the tarball into a scratch project
// (offline: it has no dependencies; peers come from this checkout via symlinks) and checks that
// every subpath export resolves and has types.

const client = resolve(__dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'inertia-sync-pack-'))
const run = (cmd: string, args: string[], cwd = work) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('npm pack', () => {
  it('installs from the tarball and every export resolves with types', () => {
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], client))
    const tarball = join(work, packed[0].filename)
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path)
    expect(files).toContain('dist/index.js')
    expect(files).toContain('dist/svelte/sync.svelte.js')
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md']))
    expect(files.some((f) => f.startsWith('test/'))).toBe(false)

    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'scratch', type: 'module' }))
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball])
    const installed = join(work, 'node_modules/inertia-sync')

    // Every source map points at a file the package ships (editors jump into the TypeScript).
    const maps = files.filter((f) => f.endsWith('.map'))
    expect(maps.length).toBeGreaterThan(0)
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as {
        sources: string[]
      }
      for (const source of sources) {
        const target = resolve(dirname(join(installed, map)), source)
        expect(existsSync(target), `${map} → ${source}`).toBe(true)
      }
    }
    for (const peer of ['@inertiajs', '@rails', 'react', 'vue', 'svelte', '@vue']) {
      const target = join(work, 'node_modules', peer)
      if (!existsSync(target)) symlinkSync(join(client, 'node_modules', peer), target)
    }

    const probe = `
      const core = await import('inertia-sync')
      const testing = await import('inertia-sync/testing')
      const react = await import('inertia-sync/react')
      const vue = await import('inertia-sync/vue')
      const svelte = import.meta.resolve('inertia-sync/svelte')
      console.log(JSON.stringify({
        core: Object.keys(core).sort(),
        testing: Object.keys(testing).sort(),
        react: Object.keys(react).sort(),
        vue: Object.keys(vue).sort(),
        svelte,
      }))`
    const out = JSON.parse(
      run('node', ['--conditions=svelte', '--input-type=module', '-e', probe]).trim(),
    )
    expect(out.core).toEqual(
      expect.arrayContaining(['SyncRegistry', 'syncRegistry', 'configure', 'buildIdentifier']),
    )
    expect(out.testing).toEqual(
      expect.arrayContaining(['FakeCable', 'createFakeConsumer', 'waitForSync']),
    )
    expect(out.react).toEqual(expect.arrayContaining(['useSyncWithRails', 'useSyncStatus']))
    expect(out.vue).toEqual(expect.arrayContaining(['syncWithRails', 'useSyncStatus']))
    expect(out.svelte).toMatch(/dist\/svelte\/index\.js$/)
    // Svelte libraries ship runes uncompiled: the app's compiler handles them.
    const runes = readFileSync(
      join(work, 'node_modules/inertia-sync/dist/svelte/sync.svelte.js'),
      'utf8',
    )
    expect(runes).toContain('$effect(')

    mkdirSync(join(work, 'src'))
    writeFileSync(
      join(work, 'src/check.ts'),
      `import { configure, syncRegistry, SyncRegistry, buildIdentifier, type SyncMessage, type SyncOptions, type SyncStatus } from 'inertia-sync'
       import { syncWithRails, syncStatus } from 'inertia-sync/svelte'
       import { useSyncWithRails, useSyncStatus } from 'inertia-sync/react'
       import { syncWithRails as vueSync, useSyncStatus as vueStatus } from 'inertia-sync/vue'
       import { FakeCable, createFakeConsumer, waitForSync } from 'inertia-sync/testing'
       import { router } from '@inertiajs/core'
       const options: SyncOptions = { router, consumer: createFakeConsumer(), debounceMs: 100 }
       configure(options)
       const id: string = buildIdentifier('Account', 'PNvAYr')
       const none: null = buildIdentifier('Account', null)
       const account = { id: 'PNvAYr' } as { id: string } | null
       const maybe: string | null = buildIdentifier('Account', account?.id, 'account_users')
       const keyed = { [buildIdentifier('Account', 7)]: 'account' }
       const status: SyncStatus = syncRegistry.getStatus()
       const message: SyncMessage = { type: 'subscribed', identifier: 'Account:all', version: 1 }
       export const all = [SyncRegistry, syncWithRails, syncStatus, useSyncWithRails, useSyncStatus, vueSync, vueStatus, FakeCable, waitForSync, id, none, maybe, keyed, status, message]
      `,
    )
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          skipLibCheck: true,
          types: [],
        },
        include: ['src'],
      }),
    )
    run(process.execPath, [join(client, 'node_modules/typescript/bin/tsc'), '-p', work])
  })

  it('says where it comes from, what it needs and what it may be used for', () => {
    const manifest = JSON.parse(readFileSync(join(client, 'package.json'), 'utf8'))
    expect(manifest.license).toBe('MIT')
    expect(readFileSync(join(client, 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
    expect(manifest.repository).toMatchObject({ type: 'git', directory: 'client' })
    expect(manifest.repository.url).toMatch(/^git\+https:\/\//)
    expect(manifest.homepage).toMatch(/^https:\/\//)
    expect(manifest.bugs.url).toMatch(/^https:\/\//)

    const readme = readFileSync(join(client, 'README.md'), 'utf8')
    const node = readme.match(/Node\.js ≥ (\d+)/)
    expect(node, 'the README names the Node.js it needs').not.toBeNull()
    expect(manifest.engines.node).toBe(`>=${node![1]}`)
  })

  it('links only to absolute URLs from its README, so they work on the registry page', () => {
    const readme = readFileSync(join(client, 'README.md'), 'utf8')
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!)
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) expect(link).toMatch(/^(https:\/\/|#)/)
  })
})
