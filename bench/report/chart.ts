/**
 * The chart in docs/performance.md: plain SVG, made here (no chart library). Stacked panels of
 * horizontal bars, each with its own scale and, where there is one, the target as a dashed line.
 */
import type { Results } from './results.ts'
import { TARGETS, isRedis } from './results.ts'

interface Bar {
  label: string
  value: number
  tone: 'ours' | 'peer' | 'light'
  text?: string
}

interface Group {
  label: string
  bars: Bar[]
}

interface Panel {
  title: string
  unit: string
  groups: Group[]
  target?: { value: number; label: string }
}

const WIDTH = 960
const LABEL_W = 250
const PLOT_W = 520
const BAR_H = 16
const BAR_GAP = 3
const GROUP_GAP = 12
const PANEL_HEAD = 44
const PANEL_FOOT = 34
const COLORS = { ours: '#2f6fdf', peer: '#9aa3ad', light: '#a9c4f5' }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmt = (v: number, unit: string) =>
  v === 0
    ? '0'
    : Number.isFinite(v)
      ? `${v < 10 && unit === 'ms' ? v.toFixed(1) : Math.round(v)}${unit === 'ms' ? ' ms' : ''}`
      : 'n/a'

/** A round tick step (1, 2, 2.5 or 5 × 10^k; no 2.5 for small counts) so that four steps cover `value`. */
function niceStep(value: number, integer: boolean): number {
  const raw = Math.max(value, 1e-9) / 4
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const steps = integer && magnitude < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]
  for (const step of steps) if (step * magnitude >= raw) return Math.max(1, step * magnitude)
  return 10 * magnitude
}

function panelHeight(panel: Panel): number {
  const bars = panel.groups.reduce((n, g) => n + g.bars.length, 0)
  return PANEL_HEAD + bars * (BAR_H + BAR_GAP) + (panel.groups.length - 1) * GROUP_GAP + PANEL_FOOT
}

function drawPanel(panel: Panel, top: number): string {
  const values = panel.groups.flatMap((g) => g.bars.map((b) => b.value)).filter(Number.isFinite)
  const step = niceStep(Math.max(...values, panel.target?.value ?? 0) * 1.08, panel.unit === '')
  const max = step * 4
  const x = (v: number) => LABEL_W + (Math.max(0, v) / max) * PLOT_W
  const out: string[] = [`<text x="20" y="${top + 22}" class="title">${esc(panel.title)}</text>`]
  let y = top + PANEL_HEAD
  const plotTop = y
  for (const group of panel.groups) {
    const groupH = group.bars.length * (BAR_H + BAR_GAP) - BAR_GAP
    out.push(
      `<text x="${LABEL_W - 12}" y="${y + groupH / 2 + 4}" class="label" text-anchor="end">${esc(group.label)}</text>`,
    )
    for (const bar of group.bars) {
      const w = Number.isFinite(bar.value) ? Math.max(1, x(bar.value) - LABEL_W) : 0
      out.push(
        `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" rx="2" fill="${COLORS[bar.tone]}"/>`,
        `<text x="${LABEL_W + w + 6}" y="${y + BAR_H - 4}" class="value">${esc(bar.text ?? `${bar.label} ${fmt(bar.value, panel.unit)}`)}</text>`,
      )
      y += BAR_H + BAR_GAP
    }
    y += GROUP_GAP - BAR_GAP
  }
  const plotBottom = y - GROUP_GAP + BAR_GAP + 4
  out.push(
    `<line x1="${LABEL_W}" y1="${plotTop - 6}" x2="${LABEL_W}" y2="${plotBottom}" class="axis"/>`,
  )
  for (let i = 0; i <= 4; i++) {
    const v = step * i
    out.push(
      `<text x="${x(v)}" y="${plotBottom + 16}" class="tick" text-anchor="middle">${fmt(v, panel.unit)}</text>`,
    )
  }
  if (panel.target) {
    const tx = x(panel.target.value)
    out.push(
      `<line x1="${tx}" y1="${plotTop - 10}" x2="${tx}" y2="${plotBottom}" class="target"/>`,
      `<text x="${tx + 4}" y="${plotTop - 12}" class="target-label">${esc(panel.target.label)}</text>`,
    )
  }
  return out.join('\n')
}

export function panels(results: Results): Panel[] {
  const out: Panel[] = []
  if (results.fanout.length) {
    out.push({
      title: 'Commit → marker on every client (p50, p99)',
      unit: 'ms',
      groups: results.fanout.map((f) => ({
        label: `${f.clients.toLocaleString('en')} clients, ${isRedis(f) ? '2 proc. + Redis' : '1 proc., async'}`,
        bars: [
          { label: 'p50', value: f.latency.p50, tone: 'light' },
          {
            label: 'p99',
            value: f.latency.p99,
            tone: 'ours',
            text: `p99 ${fmt(f.latency.p99, 'ms')}${f.clients === 1000 ? ` (target < ${isRedis(f) ? TARGETS.fanoutRedisP99 : TARGETS.fanoutAsyncP99} ms)` : ''}`,
          },
        ],
      })),
    })
  }
  const b = results.browser
  if (b) {
    out.push({
      title: 'Edit in one tab → shown in another, real Chromium (p50, p90)',
      unit: 'ms',
      target: { value: TARGETS.browserP50, label: `target p50 ≤ ${TARGETS.browserP50} ms` },
      groups: [
        {
          label: 'inertia-sync',
          bars: [
            { label: 'p50', value: b.sync.p50, tone: 'ours' },
            { label: 'p90', value: b.sync.p90, tone: 'light' },
          ],
        },
        {
          label: 'Inertia polling, 1 s',
          bars: [
            { label: 'p50', value: b.polling.p50, tone: 'peer' },
            { label: 'p90', value: b.polling.p90, tone: 'peer' },
          ],
        },
      ],
    })
  }
  const burst = results.burst
  if (burst) {
    const names = ['inertia-sync', 'naive debounce client', 'Inertia polling, 1 s']
    out.push({
      title: `Burst of ${burst.commits} commits in ~1 s: partial reloads per tab (max)`,
      unit: '',
      target: {
        value: TARGETS.burstReloadsPerTab,
        label: `target ≤ ${TARGETS.burstReloadsPerTab}`,
      },
      groups: burst.strategies.map((s, i) => ({
        label: names[i] ?? s.name,
        bars: [
          {
            label: '',
            value: s.reloadsPerTab.max,
            tone: i === 0 ? 'ours' : 'peer',
            text: `${s.reloadsPerTab.max} reload${s.reloadsPerTab.max === 1 ? '' : 's'} · first fresh data after ${fmt(s.firstFresh.p50, 'ms')}`,
          },
        ],
      })),
    })
  }
  return out
}

export function chartSvg(results: Results): string {
  const list = panels(results)
  let top = 10
  const body: string[] = []
  for (const panel of list) {
    body.push(drawPanel(panel, top))
    top += panelHeight(panel)
  }
  const height = top + 6
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 15px; font-weight: 600; fill: #1d2125; }
  .label { font-size: 13px; fill: #1d2125; }
  .value { font-size: 12px; fill: #39414a; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
  .tick { font-size: 11px; fill: #6a737d; }
  .axis { stroke: #8c959f; stroke-width: 1; }
  .target { stroke: #cf222e; stroke-width: 1.5; stroke-dasharray: 5 4; }
  .target-label { font-size: 11px; fill: #cf222e; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
${body.join('\n')}
</svg>
`
}
