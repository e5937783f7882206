/**
 * The demo under test: a seeded bench database, Rails servers (one process on the async adapter,
 * or two sharing Redis and one database file), and a throwaway redis-server. Everything started
 * here is stopped by `stopAll()`, which the runner calls on exit and on signals.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  RailsServer,
  demoDir,
  freePort,
  prepareTemplate,
  runInDemo,
  serverEnv,
  templateDatabase,
} from '../../e2e/support/rails-server.ts'
import { sleep } from './stats.ts'

export { RailsServer, demoDir, runInDemo, serverEnv }

export interface BenchData {
  /** The seeded template plus bench accounts (alice is a member of all of them). */
  database: string
  acme: string
  /** Accounts only the benchmarks touch (the soak's identifiers). */
  extra: string[]
}

const stoppers: Array<() => Promise<void> | void> = []

export function onStop(stop: () => Promise<void> | void): void {
  stoppers.push(stop)
}

export async function stopAll(): Promise<void> {
  while (stoppers.length) {
    try {
      await stoppers.pop()!()
    } catch (error) {
      console.error('cleanup:', error)
    }
  }
}

/** Builds the pages, seeds the template, and makes the bench database with `extra` accounts. */
export function prepareBenchData(extra: number): BenchData {
  if (process.env.BENCH_SKIP_BUILD) {
    // Pages already built (bin/vite build): only the seeded template database.
    mkdirSync(dirname(templateDatabase), { recursive: true })
    rmSync(templateDatabase, { force: true })
    runInDemo(
      'bin/rails',
      ['db:prepare', 'db:seed'],
      serverEnv({ DEMO_DATABASE: templateDatabase }),
    )
  } else {
    prepareTemplate()
  }
  const database = templateDatabase.replace(/template\.sqlite3$/, `bench-${process.pid}.sqlite3`)
  copyFileSync(templateDatabase, database)
  onStop(() => removeDatabase(database))
  const out = runRuby(
    database,
    `alice = User.find_by!(email_address: "alice@example.com")
     extra = (1..${extra}).map do |i|
       account = Account.find_or_create_by!(name: "Bench #{i}")
       account.account_users.find_or_create_by!(user: alice)
       account.obfuscated_id
     end
     puts "BENCH_JSON " + { acme: Account.find_by!(name: "Acme").obfuscated_id, extra: extra }.to_json`,
  )
  return { database, ...(JSON.parse(out) as { acme: string; extra: string[] }) }
}

/** Runs Ruby with `bin/rails runner` (production) on `database`; returns its `BENCH_JSON` line. */
export function runRuby(database: string, ruby: string, env: Record<string, string> = {}): string {
  const out = runInDemo(
    'bin/rails',
    ['runner', ruby],
    serverEnv({ DEMO_DATABASE: database, ...env }),
  )
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '))
  if (!line) throw new Error(`runner printed no BENCH_JSON line:\n${out}`)
  return line.slice('BENCH_JSON '.length)
}

/** A fresh copy of the bench database for one server group. */
export function copyDatabase(data: BenchData, label: string): string {
  const copy = data.database.replace(/\.sqlite3$/, `-${label}.sqlite3`)
  copyFileSync(data.database, copy)
  onStop(() => removeDatabase(copy))
  return copy
}

/**
 * The benchmarks' crowds are one user's many tabs (one login, the cookie shared): lift the per-user
 * caps a real deployment keeps (tabs and subscriptions per user per process, their rate). A
 * scenario that measures those caps starts its server without this.
 */
export const CROWD_ENV: Record<string, string> = {
  SYNC_MAX_CONNECTIONS_PER_USER: '100000',
  SYNC_MAX_SUBSCRIPTIONS_PER_USER: '1000000',
  SYNC_SUBSCRIBE_RATE_LIMIT_PER_USER: '1000000',
}

export async function startServer(
  database: string,
  env: Record<string, string> = {},
): Promise<RailsServer> {
  const server = new RailsServer({ database, env })
  onStop(() => server.stop())
  await server.start()
  return server
}

/** Starts redis-server on a free loopback port, without persistence. */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((done) => child.once('exit', done))
    child.kill('SIGTERM')
    await exited
  }
  onStop(stop)
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`)
    if (await canConnect(port)) return { url: `redis://127.0.0.1:${port}/0`, stop }
    await sleep(50)
  }
  throw new Error('redis-server did not start within 10 s')
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import('node:net')
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function pumaPid(server: RailsServer): string | null {
  return existsSync(server.pidFile) ? readText(server.pidFile).trim() : null
}

/** CPU time (user + system) the server's Puma processes (master and cluster workers) used so far, in ms. */
export function pumaCpuMs(server: RailsServer): number {
  const pid = pumaPid(server)
  if (!pid) return NaN
  return [pid, ...childPids(pid)].reduce((sum, p) => sum + processCpuMs(p), 0)
}

/** Resident memory of the server's Puma process (the master: one process outside cluster mode), in MiB. */
export function pumaRssMiB(server: RailsServer): number {
  const pid = pumaPid(server)
  if (!pid) return NaN
  const status = readText(join('/proc', pid, 'status'))
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  return match ? Number(match[1]) / 1024 : NaN
}

function statFields(pid: string): string[] {
  try {
    const stat = readText(join('/proc', pid, 'stat'))
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return [] // exited meanwhile
  }
}

function processCpuMs(pid: string): number {
  const fields = statFields(pid)
  // fields[11], fields[12]: utime, stime in clock ticks (USER_HZ, 100 on Linux)
  return fields.length ? ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 : 0
}

/** Puma's cluster workers: the processes whose parent is the master. */
function childPids(parent: string): string[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name) && statFields(name)[1] === parent)
}

function readText(path: string): string {
  return readFileSync(path, 'utf8')
}

function removeDatabase(database: string): void {
  new RailsServer({ database }).dispose()
}
