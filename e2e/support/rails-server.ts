import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const demoDir = join(repoRoot, 'demo')
const workDir = join(repoRoot, 'tmp', 'servers')

// The seeded database every server starts from (made once by `prepareTemplate`).
export const templateDatabase = join(workDir, 'template.sqlite3')

/** Production-like settings on loopback: the same ones the benchmarks use. */
export function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RAILS_ENV: 'production',
    SECRET_KEY_BASE: 'e2e-and-bench-only-secret-key-base-not-for-real-deployments-0123456789abcdef',
    CABLE_ADAPTER: 'async',
    RAILS_LOG_LEVEL: 'warn',
    RAILS_MAX_THREADS: '5',
    ...extra,
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}

/** Runs a command in demo/ and throws with its output when it fails. */
export function runInDemo(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = serverEnv(),
): string {
  const result = spawnSync(command, args, { cwd: demoDir, env, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    )
  }
  return result.stdout
}

/** Builds the pages for production and makes the seeded template database. */
export function prepareTemplate(): void {
  mkdirSync(workDir, { recursive: true })
  runInDemo('bin/vite', ['build'])
  rmSync(templateDatabase, { force: true })
  runInDemo('bin/rails', ['db:prepare', 'db:seed'], serverEnv({ DEMO_DATABASE: templateDatabase }))
}

export interface RailsServerOptions {
  env?: Record<string, string>
  /** Reuse this database file instead of a fresh copy of the template. */
  database?: string
  port?: number
}

/**
 * The demo served by Puma in production mode on 127.0.0.1, with its own copy
 * of the seeded database. Start, stop and restart it like a real deployment.
 */
export class RailsServer {
  readonly database: string
  private process?: ChildProcess
  private readonly env: Record<string, string>
  port = 0

  constructor(private readonly options: RailsServerOptions = {}) {
    this.env = options.env ?? {}
    this.port = options.port ?? 0
    this.database =
      options.database ??
      join(
        workDir,
        `db-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.sqlite3`,
      )
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Named by port, so two servers may share one database file. */
  get pidFile(): string {
    return join(workDir, `puma-${this.port}.pid`)
  }

  get logFile(): string {
    return `${this.database}.log`
  }

  async start(): Promise<this> {
    if (!existsSync(this.database)) copyFileSync(templateDatabase, this.database)
    if (!this.port) this.port = await freePort()
    const log = openSync(this.logFile, 'a')
    rmSync(this.pidFile, { force: true }) // a stale one (a killed server on this port) blocks the start
    this.process = spawn(
      'bin/rails',
      ['server', '-p', String(this.port), '-b', '127.0.0.1', '-P', this.pidFile],
      {
        cwd: demoDir,
        env: serverEnv({ DEMO_DATABASE: this.database, ...this.env }),
        stdio: ['ignore', log, log],
        detached: true,
      },
    )
    await this.waitUntilUp()
    return this
  }

  async stop(): Promise<void> {
    const child = this.process
    if (!child || child.exitCode !== null) return
    const exited = new Promise((done) => child.once('exit', done))
    process.kill(-child.pid!, 'SIGTERM')
    const timer = setTimeout(
      () => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'),
      5000,
    )
    await exited
    clearTimeout(timer)
    this.process = undefined
  }

  async restart(): Promise<void> {
    await this.stop()
    await this.start()
  }

  /** Runs Ruby against this server's database (a separate process, like a console). */
  runner(ruby: string): string {
    return runInDemo(
      'bin/rails',
      ['runner', ruby],
      serverEnv({ DEMO_DATABASE: this.database, ...this.env }),
    )
  }

  /** Removes the database copy (the log stays, for a look after a failure). */
  dispose(): void {
    for (const file of [this.database, `${this.database}-shm`, `${this.database}-wal`]) {
      rmSync(file, { force: true })
    }
  }

  private async waitUntilUp(): Promise<void> {
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      if (this.process?.exitCode !== null && this.process?.exitCode !== undefined) {
        throw new Error(`Rails server exited early (${this.process.exitCode}):\n${this.tail()}`)
      }
      try {
        const response = await fetch(`${this.baseURL}/up`)
        if (response.ok) return
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`Rails server did not answer /up within 30 s:\n${this.tail()}`)
  }

  private tail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-30).join('\n')
    } catch {
      return '(no log)'
    }
  }
}
