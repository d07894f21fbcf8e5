// `npm run bench`: starts one local cluster, measures the six figures of docs/benchmarks.md
// against it, prints a table, writes the raw figures as JSON (to the OS temp directory, and for a
// full run a copy to docs/benchmarks.json) and stops the cluster, also on error or Ctrl-C.
//   BENCH_QUICK=1           few repetitions, a smoke run (never copied to docs/)
//   BENCH_ONLY=a,b          only these figures: detection, requests, end-to-end, cold-start, logs, many-jobs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { ensureComponents } from '../../cluster/components.ts';
import { killProcessesNow } from '../../cluster/processes.ts';
import { startCluster, stopCluster, type Cluster } from '../../cluster/start.ts';
import { kubeconfigFor } from '../action-step.ts';
import { coldStart } from './cold-start.ts';
import { detection } from './detection.ts';
import { endToEnd } from './end-to-end.ts';
import { isAborted } from '../../src/cancel.ts';
import { kubectl } from './action-runs.ts';
import { killAllChildren } from './child.ts';
import { Aborted, type BenchContext } from './harness.ts';
import { Api } from './raw-api.ts';
import { logs } from './logs.ts';
import { manyJobs } from './many-jobs.ts';
import { buildTable, formatTable, type Results } from './report.ts';
import { requests } from './requests.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const figureNames = ['detection', 'requests', 'end-to-end', 'cold-start', 'logs', 'many-jobs'] as const;
type FigureName = (typeof figureNames)[number];
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const name of only) {
  if (!figureNames.includes(name as FigureName)) {
    console.error(`BENCH_ONLY: unknown figure '${name}'; known: ${figureNames.join(', ')}`);
    process.exit(2);
  }
}
const selected = (name: FigureName): boolean => only.length === 0 || only.includes(name);

/** Repetitions: full run, and BENCH_QUICK. */
const reps = {
  detection: quick ? 3 : 30,
  requestsShort: quick ? 2 : 5,
  requestsLong: quick ? 1 : 3,
  endToEnd: quick ? 3 : 20,
  coldStart: quick ? 5 : 30,
  logs: quick ? 1 : 5,
  manyJobs: quick ? 2 : 8,
};

function log(line: string): void {
  const stamp = new Date().toISOString().slice(11, 19);
  console.log(`[${stamp}] ${line}`);
}

function machine(): Record<string, unknown> {
  const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  const memInfo = readFileSync('/proc/meminfo', 'utf8');
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  return {
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuInfo)?.[1] ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memTotal: /^MemTotal:\s*(.*)$/m.exec(memInfo)?.[1] ?? `${Math.round(totalmem() / 1024)} kB`,
    os: /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'unknown',
    kernel: release(),
    node: process.version,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const interrupt = new AbortController();
let cluster: Cluster | undefined;
let work: string | undefined;
let stopping: Promise<void> | undefined;
let stopped = false;

/** Stops this run's children and cluster and removes its directories; every caller waits for the one stop. */
function shutdown(): Promise<void> {
  stopping ??= (async () => {
    killAllChildren();
    if (cluster) {
      log('Stopping the cluster…');
      await stopCluster(cluster);
      rmSync(cluster.dir, { recursive: true, force: true });
    }
    if (work) rmSync(work, { recursive: true, force: true });
    stopped = true;
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) return;
    log(`${signal}: stopping.`);
    interrupt.abort();
    void shutdown().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  killAllChildren();
  // A last resort when the process ends before the orderly stop finished.
  if (cluster && !stopped) killProcessesNow(cluster.processes);
});

const started = Date.now();
const results: Results = {
  meta: {
    date: new Date().toISOString(),
    command: `${quick ? 'BENCH_QUICK=1 ' : ''}${only.length ? `BENCH_ONLY=${only.join(',')} ` : ''}npm run bench`,
    quick,
    figures: figureNames.filter(selected),
    repetitions: reps,
    machine: machine(),
    loadAverageAtStart: loadavg(),
    git: { head: git(['rev-parse', 'HEAD']), changedFiles: git(['status', '--porcelain']).split('\n').filter(Boolean) },
    bundle: {
      'dist/index.js': statSync(path.join(root, 'dist', 'index.js')).size,
      'dist/cli/index.js': statSync(path.join(root, 'dist', 'cli', 'index.js')).size,
    },
  },
  figures: {},
  errors: {},
};

let failed = false;
try {
  const components = await ensureComponents(log);
  cluster = await startCluster(log);
  work = mkdtempSync(path.join(tmpdir(), 'naisjob-bench-'));
  const kubeconfigFiles = { admin: path.join(work, 'admin.kubeconfig'), team: path.join(work, 'team.kubeconfig') };
  writeFileSync(kubeconfigFiles.admin, kubeconfigFor(cluster.kubeconfigPath, 'admin'), { mode: 0o600 });
  writeFileSync(kubeconfigFiles.team, kubeconfigFor(cluster.kubeconfigPath, 'team'), { mode: 0o600 });
  const ctx: BenchContext = {
    cluster,
    kubectl: components.kubectl,
    quick,
    work,
    admin: new Api(cluster.kubeconfigPath, 'admin'),
    kubeconfigFiles,
    signal: interrupt.signal,
    log,
  };
  // kubectl's discovery cache, filled once, as on a runner after its first kubectl call.
  const version = await kubectl(ctx, ['version', '-o', 'json']);
  // The home directory left out: the results are committed, and say nothing of this machine's paths.
  results.meta.kubectl = {
    path: components.kubectl.replace(homedir(), '~'),
    version: JSON.parse(version.output()) as unknown,
  };
  await kubectl(ctx, ['api-resources', '-o', 'name']);

  const { figures: out } = results;
  const figures: [FigureName, () => Promise<void>][] = [
    ['detection', async () => void (out.detection = await detection(ctx, reps.detection))],
    ['requests', async () => void (out.requests = await requests(ctx, reps.requestsShort, reps.requestsLong))],
    ['end-to-end', async () => void (out['end-to-end'] = await endToEnd(ctx, reps.endToEnd))],
    ['cold-start', async () => void (out['cold-start'] = await coldStart(ctx, reps.coldStart))],
    ['logs', async () => void (out.logs = await logs(ctx, reps.logs))],
    ['many-jobs', async () => void (out['many-jobs'] = await manyJobs(ctx, reps.manyJobs))],
  ];
  for (const [name, run] of figures) {
    if (!selected(name) || interrupt.signal.aborted) continue;
    const figureStarted = Date.now();
    log(`Figure ${name}…`);
    try {
      await run();
      log(`Figure ${name} done in ${Math.round((Date.now() - figureStarted) / 1000)}s.`);
    } catch (error) {
      if (error instanceof Aborted || isAborted(interrupt.signal)) throw error;
      failed = true;
      results.errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`Figure ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} catch (error) {
  failed = true;
  if (!(error instanceof Aborted)) console.error(error);
} finally {
  await shutdown();
}

results.meta.durationSeconds = Math.round((Date.now() - started) / 1000);
results.meta.loadAverageAtEnd = loadavg();
const table = buildTable(results);
results.table = table;
console.log(`\n${formatTable(table)}\n`);
const stamp = results.meta.date.replace(/[:.]/g, '-');
const out = path.join(tmpdir(), `naisjob-deploy-bench-${stamp}.json`);
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`Raw figures: ${out}`);
if (!quick && only.length === 0 && !failed && !isAborted(interrupt.signal)) {
  const docsCopy = path.join(root, 'docs', 'benchmarks.json');
  mkdirSync(path.dirname(docsCopy), { recursive: true });
  // The same figures, laid out as the repository's Prettier check wants them.
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const options = (await prettier.resolveConfig(docsCopy)) ?? {};
  writeFileSync(docsCopy, await prettier.format(json, { ...options, filepath: docsCopy }));
  console.log(`Copied to ${path.relative(root, docsCopy)}`);
} else {
  console.log('(Not copied to docs/benchmarks.json: only a full, complete run is.)');
}
console.log(`Whole run: ${results.meta.durationSeconds}s.`);
process.exit(failed || isAborted(interrupt.signal) ? 1 : 0);
