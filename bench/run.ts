/**
 * bin/bench: every benchmark against the demo in production mode on 127.0.0.1, one table on
 * stdout, docs/performance.md (+ bench/performance.svg) from a full run. `--quick` runs tiny
 * versions, writes only bench/results/, and exits non-zero on errors or lost markers (never on
 * performance numbers).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FULL, QUICK } from './profiles.ts'
import {
  CROWD_ENV,
  copyDatabase,
  prepareBenchData,
  startRedis,
  startServer,
  stopAll,
  type RailsServer,
} from './lib/servers.ts'
import { Session } from './lib/session.ts'
import { problems, type Results } from './report/results.ts'
import { renderTable } from './report/table.ts'
import { writeReport } from './report/markdown.ts'
import { markerBytes } from './scenarios/bytes.ts'
import { fanout } from './scenarios/fanout.ts'
import { burst } from './scenarios/burst.ts'
import { seenInBrowser } from './scenarios/browser.ts'
import { overhead } from './scenarios/overhead.ts'
import { soak } from './scenarios/soak.ts'
import { subscribeRace } from './scenarios/subscribe-race.ts'
import { abuse } from './scenarios/abuse.ts'
import { audience } from './scenarios/audience.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const profile = process.argv.includes('--quick') ? QUICK : FULL
// `--only=fanout,burst` runs a subset (for working on one benchmark); no report is written then.
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
// `--levers`: only the 1,000-viewer audience, once per lever turned off; writes bench/levers.json.
const levers = process.argv.includes('--levers')
const want = (name: string) => !levers && (!only || only.includes(name))
const started = Date.now()

const log = (message: string) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`)

async function main(): Promise<Results> {
  // vite_ruby 3.11 refuses the demo's vite-plugin-ruby ^5.2 range: the build itself works.
  process.env.VITE_RUBY_SKIP_COMPATIBILITY_CHECK ??= 'true'
  log(`profile ${profile.name}: building pages, seeding the bench database`)
  const data = prepareBenchData(10)
  const results: Results = {
    profile: profile.name,
    startedAt: new Date().toISOString(),
    fanout: [],
    race: [],
    audience: [],
    load: { start: uptime() },
  }

  if (want('overhead')) {
    log('server overhead of the concern (bin/rails runner)')
    const { updates, batch } = profile.overhead
    results.overhead = overhead(copyDatabase(data, 'overhead'), updates, batch)
    log(`overhead: ${JSON.stringify(results.overhead)}`)
  }

  const database = copyDatabase(data, 'main')
  let server = await startServer(database, CROWD_ENV)
  log(`one process (async adapter) on ${server.baseURL}`)
  const alice = await new Session(server.baseURL).login('alice@example.com')
  const writer = await new Session(server.baseURL).login('alice@example.com')

  if (want('bytes')) {
    log('bytes per marker frame')
    results.bytes = await markerBytes(writer, data.acme)
    log(
      `bytes: ${results.bytes.plain} B${results.bytes.hasOrigin ? ' (the marker still has an origin)' : ''}`,
    )
  }

  if (want('race')) {
    log('subscribe, then commit at once')
    const { tries } = profile.race
    results.race.push(await subscribeRace('1 process, async', alice, writer, data.acme, tries))
  }

  for (const clients of want('fanout') ? profile.fanout.clients : []) {
    log(`fan-out: ${clients} clients, 1 process`)
    results.fanout.push(
      await fanout({
        ...profile.fanout,
        label: '1 process, async',
        sessions: [alice],
        servers: [server],
        account: data.acme,
        clients,
      }),
    )
  }

  if (want('burst')) {
    log(`burst: ${profile.burst.commits} commits, ${profile.burst.tabs} tabs per strategy`)
    results.burst = await burst({ viewer: alice, writer, account: data.acme, ...profile.burst })
    for (const s of results.burst.strategies) {
      log(
        `  ${s.name}: ${s.reloadsPerTab.max} reloads/tab, first fresh ${s.firstFresh.p50.toFixed(0)} ms, converged ${s.converged.p50.toFixed(0)} ms, stale ${s.stale}`,
      )
    }
  }

  if (want('browser')) {
    log(`seen in a browser: ${profile.browser.edits} edits`)
    results.browser = await seenInBrowser({
      session: alice,
      account: data.acme,
      ...profile.browser,
    })
    log(`  sync p50 ${results.browser.sync.p50} ms, polling p50 ${results.browser.polling.p50} ms`)
  }
  if (want('abuse'))
    Object.assign(results, {
      abuse: await abuse({
        server,
        abuser: alice,
        viewer: alice,
        writer,
        account: data.acme,
        accounts: data.extra,
        quick: profile.name === 'quick',
      }),
    })
  if (want('idle')) {
    log(`idle: ${profile.idle.clients} clients subscribed to one process`)
    results.idle = await fanout({
      ...profile.idle,
      label: '1 process, async, idle clients',
      sessions: [alice],
      servers: [server],
      account: data.acme,
    })
  }
  // Quick: the audience's code path on this server (no cluster to boot); full: the production shape.
  if (want('audience') && profile.name === 'quick') {
    await audienceOn(results, server, alice, data.acme, '1 process, async')
  }
  await server.stop()

  if (want('fanout') || want('race')) await redisPair(results, database, alice, data.acme)
  if (want('audience') && profile.name === 'full') {
    await audienceRuns(results, database, alice, data.acme)
  }
  if (levers) await leverRuns(results, database, alice, data.acme)
  if (want('soak')) {
    server = await startServer(database, CROWD_ENV)
    const soakSession = alice.withBase(server.baseURL)
    await soakSession.visit(`/accounts/${data.acme}`)
    const { clients, identifiers, rate, durationMs } = profile.soak
    log(
      `soak: ${clients} clients × ${identifiers} identifiers, ${rate} commits/s, ${durationMs / 1000} s`,
    )
    results.soak = await soak({
      server,
      session: soakSession,
      accounts: data.extra,
      ...profile.soak,
    })
    const k = results.soak
    log(
      `  ${k.commits} commits, ${k.markers} markers, ${k.mismatched} behind, ${k.errors.length} errors, RSS ${k.rssStartMiB.toFixed(0)}/${k.rssLoadedMiB.toFixed(0)}/${k.rssEndMiB.toFixed(0)} MiB`,
    )
    await server.stop()
  }
  return finishResults(results)
}

/** What `uptime` says: the 1, 5 and 15 minute load averages (2 cores: above 2 means queueing). */
function uptime(): string {
  return `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`
}

function finishResults(results: Results): Results {
  results.seconds = (Date.now() - started) / 1000
  if (results.load) results.load.end = uptime()
  return results
}

async function redisPair(results: Results, database: string, alice: Session, acme: string) {
  log('two processes sharing Redis and one database')
  const redis = await startRedis()
  const env = { ...CROWD_ENV, CABLE_ADAPTER: 'redis', REDIS_URL: redis.url }
  const [a, b] = await Promise.all([startServer(database, env), startServer(database, env)])
  const pair = [alice.withBase(a.baseURL), alice.withBase(b.baseURL)]
  for (const session of pair) await session.visit(`/accounts/${acme}`)
  if (want('race')) {
    log('subscribe on one process, commit on the other at once')
    const [writer, reader] = pair as [Session, Session]
    results.race.push(
      await subscribeRace('2 processes, Redis', reader, writer, acme, profile.race.tries),
    )
  }
  for (const clients of want('fanout') ? profile.fanout.clients : []) {
    log(`fan-out: ${clients} clients, 2 processes + Redis`)
    results.fanout.push(
      await fanout({
        ...profile.fanout,
        label: '2 processes, Redis',
        sessions: pair,
        servers: [a, b],
        account: acme,
        clients,
      }),
    )
  }
  await Promise.all([a.stop(), b.stop()])
  await redis.stop()
}

/**
 * Audiences of one record on the demo's production shape: Puma cluster (2 workers) + Redis.
 * `change` turns one lever off (`bin/bench --levers`).
 */
async function audienceRuns(
  results: Results,
  database: string,
  alice: Session,
  acme: string,
  change: { workers?: string; spread?: 'off' } = {},
) {
  const redis = await startRedis()
  const workers = change.workers ?? process.env.BENCH_WORKERS ?? '2'
  const env = {
    ...CROWD_ENV,
    CABLE_ADAPTER: 'redis',
    REDIS_URL: redis.url,
    WEB_CONCURRENCY: workers,
    // Threads per Puma process (the bench's default is RAILS_MAX_THREADS=5, see e2e/support).
    ...(process.env.BENCH_THREADS ? { RAILS_MAX_THREADS: process.env.BENCH_THREADS } : {}),
    ...((change.spread ?? process.env.BENCH_SPREAD) === 'off' ? { SYNC_SPREAD: 'off' } : {}),
  }
  const server = await startServer(database, env)
  const label = `Puma ${workers === '1' ? '1 process' : `${workers} workers`} + Redis`
  log(`audience: ${label} on ${server.baseURL}`)
  await audienceOn(results, server, alice, acme, label)
  await server.stop()
  await redis.stop()
}

async function audienceOn(
  results: Results,
  server: RailsServer,
  alice: Session,
  acme: string,
  label: string,
) {
  const viewer = alice.withBase(server.baseURL)
  await viewer.visit(`/accounts/${acme}`)
  const writer = await new Session(server.baseURL).login('alice@example.com')
  const bystander = await new Session(server.baseURL).login('bob@example.com')
  for (const viewers of profile.audience.viewers) {
    log(`audience: ${viewers} viewers of one record, then the same polling every 1 s`)
    const run = await audience({
      ...profile.audience,
      label,
      viewer,
      writer,
      bystander,
      account: acme,
      viewers,
      servers: [server],
    })
    results.audience.push(run)
    const { sync: s, polling: p } = run
    log(
      `  sync: fresh p50 ${s.fresh.p50.toFixed(0)} p99 ${s.fresh.p99.toFixed(0)} max ${s.fresh.max.toFixed(0)} ms, ${s.requests.toFixed(0)} req/commit, ${s.cpuMsPerViewer.toFixed(2)} ms CPU/viewer (tabs ${s.clientCpuMsPerViewer.toFixed(2)}), bystander p99 ${s.bystander.p99.toFixed(0)} ms, spread ${run.spreadMs} ms, stale ${s.stale}`,
    )
    log(
      `  polling: fresh p50 ${p.fresh.p50.toFixed(0)} max ${p.fresh.max.toFixed(0)} ms, ${p.requests.toFixed(0)} req/s, ${p.cpuMsPerViewer.toFixed(2)} ms CPU/viewer/s, bystander p99 ${p.bystander.p99.toFixed(0)} ms, stale ${p.stale}`,
    )
  }
}

const LEVERS = [
  { name: 'as shipped', change: 'Puma 2 workers + Redis, spread hint on', options: {} },
  { name: 'no spread', change: '`config.sync.spread = nil`', options: { spread: 'off' as const } },
  {
    name: 'one process',
    change: 'one Puma worker process (WEB_CONCURRENCY=1) + Redis',
    options: { workers: '1' },
  },
]

async function leverRuns(results: Results, database: string, alice: Session, acme: string) {
  if (!process.env.BENCH_VIEWERS) profile.audience.viewers = [1000]
  const variants = []
  for (const lever of LEVERS) {
    log(`lever: ${lever.name} (${lever.change})`)
    const before = results.audience.length
    await audienceRuns(results, database, alice, acme, lever.options)
    for (const result of results.audience.slice(before)) variants.push({ ...lever, result })
  }
  const file = {
    measuredAt: results.startedAt,
    load: { start: results.load!.start, end: uptime() },
    variants,
  }
  writeFileSync(join(benchDir, 'levers.json'), JSON.stringify(file, null, 2) + '\n')
  log('wrote bench/levers.json')
}

async function finish(code: number): Promise<never> {
  await stopAll()
  process.exit(code)
}

process.on('SIGINT', () => void finish(130))
process.on('SIGTERM', () => void finish(143))

try {
  const results = await main()
  await stopAll()
  const resultsDir = join(benchDir, 'results')
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(
    join(resultsDir, `${profile.name}${only ? '-only' : ''}.json`),
    JSON.stringify(results, null, 2),
  )
  console.log(renderTable(results))
  if (profile.name === 'full' && !only && !levers) {
    const written = await writeReport(results, benchDir)
    log(`wrote ${written.join(', ')}`)
  }
  const broken = problems(results, !only && !levers)
  for (const problem of broken) console.error(`ERROR: ${problem}`)
  log(
    `done in ${results.seconds?.toFixed(0)} s${broken.length ? `, ${broken.length} problem(s)` : ''}`,
  )
  await finish(broken.length ? 1 : 0)
} catch (error) {
  console.error(error)
  await finish(1)
}
