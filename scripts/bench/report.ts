// The table: one row per figure and measure, with median, 95th percentile and the target's verdict.
import type { ColdStartResult } from './cold-start.ts';
import type { DetectionResult } from './detection.ts';
import type { EndToEndResult } from './end-to-end.ts';
import type { LogsResult } from './logs.ts';
import type { ManyJobsResult } from './many-jobs.ts';
import type { RequestsResult } from './requests.ts';
import { field, median, summarize, type Summary } from './stats.ts';

export interface Figures {
  detection?: DetectionResult;
  requests?: RequestsResult;
  'end-to-end'?: EndToEndResult;
  'cold-start'?: ColdStartResult;
  logs?: LogsResult;
  'many-jobs'?: ManyJobsResult;
}

export interface Results {
  meta: { date: string; quick: boolean; durationSeconds?: number; [key: string]: unknown };
  figures: Figures;
  errors: Record<string, string>;
  table?: Row[];
}

export interface Row {
  figure: string;
  measure: string;
  unit: string;
  n: number;
  median: number | undefined;
  p95: number | undefined;
  target: string;
  result: string;
}

const pct = (value: number): string => `${Math.round(value * 100)}%`;

/** Verdict for "value ≤ limit". */
function atMost(value: number, limit: number, unit = ''): string {
  if (!Number.isFinite(value)) return 'no data';
  if (value <= limit) return 'pass';
  return `MISS by ${round(value - limit)}${unit} (${pct(value / limit - 1)} over)`;
}

/** Verdict for "value ≥ limit". */
function atLeast(value: number, limit: number, unit = ''): string {
  if (!Number.isFinite(value)) return 'no data';
  if (value >= limit) return 'pass';
  return `MISS by ${round(limit - value)}${unit} (${pct(1 - value / limit)} under)`;
}

function round(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function row(figure: string, measure: string, unit: string, summary: Summary, target = '', result = ''): Row {
  return {
    figure,
    measure,
    unit,
    n: summary.n,
    median: Number.isFinite(summary.median) ? summary.median : undefined,
    p95: Number.isFinite(summary.p95) ? summary.p95 : undefined,
    target,
    result,
  };
}

const ratios = (pairs: readonly [number | undefined, number | undefined][]): number[] =>
  pairs.flatMap(([a, b]) => (a !== undefined && b !== undefined && b > 0 ? [a / b] : []));

export function buildTable(results: Results): Row[] {
  const rows: Row[] = [];
  const { figures } = results;

  const detection = figures.detection;
  if (detection) {
    const s = detection.samples;
    const action = summarize(field(s, (x) => x.actionLineMs));
    const kubectl = summarize(field(s, (x) => x.kubectlLineMs));
    const poll = summarize(field(s, (x) => x.pollMs));
    rows.push(row('1 detection', 'action: verdict line after t0', 'ms', action));
    rows.push(row('1 detection', 'action: process exit after t0', 'ms', summarize(field(s, (x) => x.actionExitMs))));
    rows.push(row('1 detection', 'kubectl wait: "condition met" after t0', 'ms', kubectl));
    rows.push(
      row('1 detection', 'kubectl wait: process exit after t0', 'ms', summarize(field(s, (x) => x.kubectlExitMs))),
    );
    rows.push(row('1 detection', '5 s polling: terminal GET after t0', 'ms', poll));
    rows.push(
      row(
        '1 detection',
        'Complete condition after t0 (kubectl waits for it)',
        'ms',
        summarize(field(s, (x) => x.completeAfterMs)),
      ),
    );
    const vsKubectl = summarize(ratios(s.map((x) => [x.actionLineMs, x.kubectlLineMs])));
    const ratioOfMedians = action.median / kubectl.median;
    rows.push(
      row(
        '1 detection',
        'action / kubectl wait (median of medians)',
        '×',
        { ...vsKubectl, median: ratioOfMedians, p95: Number.NaN },
        '≤ 1.0',
        atMost(ratioOfMedians, 1, '×'),
      ),
    );
    const speedup = poll.median / action.median;
    rows.push(
      row(
        '1 detection',
        '5 s polling / action (median of medians)',
        '×',
        { ...poll, median: speedup, p95: Number.NaN },
        '≥ 10',
        atLeast(speedup, 10, '×'),
      ),
    );
  }

  const requests = figures.requests;
  if (requests) {
    const short = summarize(field(requests.short, (x) => x.dispatched));
    const long = summarize(field(requests.long, (x) => x.dispatched));
    rows.push(row('2 requests', 'deploy-and-wait, 2 s job (APF dispatched)', 'requests', short));
    rows.push(row('2 requests', 'deploy-and-wait, 120 s job (APF dispatched)', 'requests', long));
    rows.push(
      row(
        '2 requests',
        'watch renewals in the 120 s job',
        'requests',
        summarize(field(requests.long, (x) => x.watchResumes)),
      ),
    );
    const base = median(field(requests.short, (x) => x.dispatched - x.watchResumes));
    const longBase = median(field(requests.long, (x) => x.dispatched - x.watchResumes));
    const growth = longBase - base;
    rows.push(
      row(
        '2 requests',
        '120 s minus 2 s, beyond watch renewals',
        'requests',
        { n: requests.long.length, median: growth, p95: Number.NaN, min: growth, max: growth },
        '≤ 0 (flat)',
        atMost(growth, 0, ' requests'),
      ),
    );
  }

  const e2e = figures['end-to-end'];
  if (e2e) {
    const s = e2e.samples;
    rows.push(
      row('3 end-to-end', 'action deploy-and-wait (dist/index.js)', 'ms', summarize(s.map((x) => x.action.wallMs))),
    );
    rows.push(
      row(
        '3 end-to-end',
        'kubectl apply + wait --for=create + wait complete',
        'ms',
        summarize(s.map((x) => x.kubectl.wallMs)),
      ),
    );
    const ratio = summarize(ratios(s.map((x) => [x.action.wallMs, x.kubectl.wallMs])));
    rows.push(
      row('3 end-to-end', 'action / by hand (per repetition)', '×', ratio, '≤ 1.1', atMost(ratio.median, 1.1, '×')),
    );
    const phase = (measure: string, pick: (x: EndToEndResult['samples'][number]) => number | undefined): void => {
      rows.push(row('3 end-to-end', measure, 'ms', summarize(field(s, pick))));
    };
    phase('action: spawn to naiserator Job created', (x) => x.action.untilJobMs);
    phase('by hand: apply start to naiserator Job created', (x) => x.kubectl.untilJobMs);
    phase('action: Job ended to exit', (x) => x.action.afterEndMs);
    phase('by hand: Job ended to kubectl wait exit', (x) => x.kubectl.afterEndMs);
  }

  const cold = figures['cold-start'];
  if (cold) {
    const s = cold.samples;
    const first = summarize(field(s, (x) => x.firstRequestMs));
    rows.push(
      row(
        '4 cold start',
        'spawn of dist/index.js to first API request',
        'ms',
        first,
        '≤ 300',
        atMost(first.median, 300, ' ms'),
      ),
    );
    rows.push(
      row(
        '4 cold start',
        'same, Node compile cache warm (diagnostic)',
        'ms',
        summarize(field(s, (x) => x.firstRequestCompileCacheMs)),
      ),
    );
    rows.push(
      row(
        '4 cold start',
        'dist/index.js doing nothing, spawn to exit',
        'ms',
        summarize(s.map((x) => x.bundleNoopExitMs)),
      ),
    );
    rows.push(row('4 cold start', 'node -e 0, spawn to exit', 'ms', summarize(s.map((x) => x.bareNodeExitMs))));
    for (const [file, bytes] of Object.entries(cold.bundleBytes)) {
      const mb = bytes / 1e6;
      rows.push(row('4 cold start', `size of ${file}`, 'MB', { n: 1, median: mb, p95: Number.NaN, min: mb, max: mb }));
    }
  }

  const logs = figures.logs;
  if (logs) {
    const s = logs.samples;
    const together = {
      action: summarize(field(s, (x) => x.together.action.mbPerSecond)),
      kubectl: summarize(field(s, (x) => x.together.kubectl.mbPerSecond)),
    };
    rows.push(row('5 logs (side by side)', 'action throughput', 'MB/s', together.action));
    rows.push(row('5 logs (side by side)', 'kubectl logs -f throughput', 'MB/s', together.kubectl));
    rows.push(
      row(
        '5 logs (side by side)',
        'action lines per second',
        'lines/s',
        summarize(field(s, (x) => x.together.action.linesPerSecond)),
      ),
    );
    rows.push(
      row(
        '5 logs (side by side)',
        'kubectl lines per second',
        'lines/s',
        summarize(field(s, (x) => x.together.kubectl.linesPerSecond)),
      ),
    );
    const ratio = summarize(ratios(s.map((x) => [x.together.action.mbPerSecond, x.together.kubectl.mbPerSecond])));
    rows.push(
      row('5 logs (side by side)', 'action / kubectl throughput', '×', ratio, '≥ 0.8', atLeast(ratio.median, 0.8, '×')),
    );
    const peak = summarize(s.map((x) => x.together.action.peakRssMb));
    rows.push(row('5 logs (side by side)', 'action peak RSS', 'MB', peak, '≤ 150', atMost(peak.median, 150, ' MB')));
    rows.push(
      row('5 logs (side by side)', 'kubectl peak RSS', 'MB', summarize(s.map((x) => x.together.kubectl.peakRssMb))),
    );
    const aloneAction = summarize(field(s, (x) => x.actionAlone.mbPerSecond));
    const aloneKubectl = summarize(field(s, (x) => x.kubectlAlone.mbPerSecond));
    rows.push(row('5 logs (each alone)', 'action throughput', 'MB/s', aloneAction));
    rows.push(row('5 logs (each alone)', 'kubectl logs -f throughput', 'MB/s', aloneKubectl));
    const aloneRatio = aloneAction.median / aloneKubectl.median;
    rows.push(
      row(
        '5 logs (each alone)',
        'action / kubectl throughput (medians)',
        '×',
        { ...aloneAction, median: aloneRatio, p95: Number.NaN },
        '≥ 0.8',
        atLeast(aloneRatio, 0.8, '×'),
      ),
    );
    const alonePeak = summarize(s.map((x) => x.actionAlone.peakRssMb));
    rows.push(
      row('5 logs (each alone)', 'action peak RSS', 'MB', alonePeak, '≤ 150', atMost(alonePeak.median, 150, ' MB')),
    );
    rows.push(row('5 logs (each alone)', 'kubectl peak RSS', 'MB', summarize(s.map((x) => x.kubectlAlone.peakRssMb))));
    rows.push(
      row(
        '5 logs (each alone)',
        'action waiting without logs, peak RSS',
        'MB',
        summarize(s.map((x) => x.kubectlAlone.actionWithoutLogsPeakRssMb)),
      ),
    );
    rows.push(
      row(
        '5 logs (diagnostic)',
        'action alone, stdout a file not a pipe: peak RSS',
        'MB',
        summarize(s.map((x) => x.actionToFile.peakRssMb)),
      ),
    );
  }

  const many = figures['many-jobs'];
  if (many) {
    const s = many.samples;
    rows.push(row('6 many jobs', 'one Naisjob, step wall time', 'ms', summarize(s.map((x) => x.one.wallMs))));
    rows.push(
      row('6 many jobs', `${many.count} Naisjobs, step wall time`, 'ms', summarize(s.map((x) => x.many.wallMs))),
    );
    rows.push(
      row(
        '6 many jobs',
        `${many.count} Naisjobs: last Job ended (cluster)`,
        'ms',
        summarize(field(s, (x) => x.many.lastJobEndedMs)),
      ),
    );
    const ratio = summarize(ratios(s.map((x) => [x.many.wallMs, x.one.wallMs])));
    rows.push(
      row('6 many jobs', `${many.count} / one (per repetition)`, '×', ratio, '≤ 2.0', atMost(ratio.median, 2, '×')),
    );
    const phase = (measure: string, pick: (x: ManyJobsResult['samples'][number]) => number | undefined): void => {
      rows.push(row('6 many jobs', measure, 'ms', summarize(field(s, pick))));
    };
    phase('one: its Job ended (cluster)', (x) => x.one.lastJobEndedMs);
    phase('one: Job ended to step exit', (x) => x.one.afterLastEndMs);
    phase(`${many.count}: last Naisjob applied`, (x) => x.many.lastApplyMs);
    phase(`${many.count}: last Job created (cluster)`, (x) => x.many.lastJobCreatedMs);
    phase(`${many.count}: last Job ended to step exit`, (x) => x.many.afterLastEndMs);
    phase(`${many.count}: API calls logged after the last Job ended, summed`, (x) => x.many.callsAfterLastEndMs);
    phase('by hand (kubectl): one Naisjob', (x) => x.oneByHand.wallMs);
    phase(`by hand (kubectl): ${many.count} Naisjobs`, (x) => x.manyByHand.wallMs);
    const byHand = summarize(ratios(s.map((x) => [x.manyByHand.wallMs, x.oneByHand.wallMs])));
    rows.push(row('6 many jobs', `by hand: ${many.count} / one (per repetition)`, '×', byHand));
    const cluster = summarize(ratios(s.map((x) => [x.many.lastJobEndedMs, x.one.lastJobEndedMs])));
    rows.push(row('6 many jobs', `spawn to last Job ended (cluster side), ${many.count} / one`, '×', cluster));
  }

  for (const [figure, error] of Object.entries(results.errors)) {
    rows.push({
      figure,
      measure: `FAILED: ${error.split('\n')[0] ?? ''}`,
      unit: '',
      n: 0,
      median: undefined,
      p95: undefined,
      target: '',
      result: 'error',
    });
  }
  return rows;
}

function show(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (unit === '×' || unit === 'MB') return value.toFixed(2);
  if (unit === 'MB/s') return value.toFixed(1);
  return round(value);
}

/** A Markdown table, aligned for reading in a terminal too. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['Figure', 'Measure', 'n', 'Median', 'p95', 'Unit', 'Target', 'Result'];
  const cells = rows.map((r) => [
    r.figure,
    r.measure,
    String(r.n),
    show(r.median, r.unit),
    show(r.p95, r.unit),
    r.unit,
    r.target,
    r.result,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => (i >= 2 && i <= 4 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 && i <= 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}
