#!/usr/bin/env node
// Type-checks every TypeScript, TSX, Svelte and Vue snippet of the READMEs and docs/ against the
// built npm package (client/dist), the way a reader pastes them into an app: strict TypeScript,
// svelte-check for .svelte. Each snippet is one file, named after its page and line, in
// client/.snippets/ (inside the package, so `import 'inertia-sync'` resolves through its exports to
// dist/, and the peers resolve from client/node_modules). Exits non-zero on any error or warning.
//
//   node packaging/check-snippets.mjs     (bin/test docs; run `npm run build` in client/ first)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const client = join(root, 'client')
const work = join(client, '.snippets')

const pages = ['README.md', 'gem/README.md', 'client/README.md']
for (const name of readdirSync(join(root, 'docs')).sort()) {
  if (name.endsWith('.md')) pages.push(`docs/${name}`)
}

const EXTENSIONS = { ts: 'ts', typescript: 'ts', tsx: 'tsx', svelte: 'svelte', vue: 'vue' }

/** Fenced blocks of a Markdown page: language, first line number, code. */
function blocks(markdown) {
  const found = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w+)\s*$/)
    if (!open) continue
    const start = i + 1
    while (i + 1 < lines.length && lines[i + 1] !== '```') i++
    found.push({ language: open[1], line: start + 1, code: lines.slice(start, i + 1).join('\n') })
    i++
  }
  return found
}

/** A Vue single-file component's `<script setup>`, checked as TypeScript (`defineProps` imported). */
function vueScript(code) {
  const script = code.match(/<script setup[^>]*>([\s\S]*?)<\/script>/)
  if (!script) throw new Error('a vue snippet without <script setup>')
  return `import { defineProps } from 'vue'\n${script[1]}\nexport {}\n`
}

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
if (!existsSync(join(client, 'dist/index.d.ts'))) {
  console.error('client/dist is missing: run `npm run build` in client/ first')
  process.exit(1)
}

let count = 0
for (const page of pages) {
  for (const { language, line, code } of blocks(readFileSync(join(root, page), 'utf8'))) {
    const extension = EXTENSIONS[language]
    if (!extension) continue
    const name = `${page.replaceAll('/', '__')}--line-${line}`
    if (extension === 'vue') writeFileSync(join(work, `${name}.vue.ts`), vueScript(code))
    else writeFileSync(join(work, `${name}.${extension}`), extension === 'svelte' ? code : `${code}\nexport {}\n`)
    count++
  }
}

const e2eModules = join(root, 'e2e/node_modules')
writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      // As a Vite app resolves modules.
      module: 'ESNext',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      jsx: 'react-jsx',
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      types: [],
      // Playwright is the e2e suite's dependency, not the package's.
      paths: { '@playwright/test': [join(e2eModules, '@playwright/test/index.d.ts')] },
    },
    include: ['*.ts', '*.tsx', '*.svelte'],
  }),
)

const svelteCheck = join(client, 'node_modules/svelte-check/bin/svelte-check')
try {
  const output = execFileSync(
    process.execPath,
    [svelteCheck, '--workspace', work, '--tsconfig', join(work, 'tsconfig.json'), '--fail-on-warnings', '--output', 'human'],
    { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
  console.log(`${count} snippets from ${pages.length} pages type-check.`)
  if (process.env.VERBOSE) console.log(output)
  rmSync(work, { recursive: true, force: true })
} catch (error) {
  console.error(error.stdout || error.message)
  console.error(`Snippets that fail are in ${relative(root, work)}/ (named <page>--line-<n>).`)
  process.exit(1)
}
