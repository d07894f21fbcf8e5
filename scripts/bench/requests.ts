// Figure 2: API requests per deploy-and-wait, counted by kube-apiserver itself. The action runs
// as the team identity (user team-a-deployer); each run gets a namespace of its own and a
// FlowSchema matching only that user in that namespace, so
// apiserver_flowcontrol_dispatched_requests_total{flow_schema=<it>} counts exactly that run's
// requests (API Priority and Fairness classifies every request, watches included, before
// authorization; long-running non-watch requests such as pods/log bypass it and are not
// counted, which the probe below checks). A last FlowSchema catches the team user's requests
// anywhere else, to show there are none.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { teamUser } from '../../cluster/rbac.ts';
import { startAction } from './action-runs.ts';
import { checkAborted, now, sleep, suffix, type BenchContext } from './harness.ts';
import { metricSum, type MetricSample } from './metrics.ts';
import { createNamespace, writeNaisjob } from './naisjobs.ts';
import { Api } from './raw-api.ts';

const dispatched = 'apiserver_flowcontrol_dispatched_requests_total';
const requestTotal = 'apiserver_request_total';
const metricNames = new Set([dispatched, requestTotal]);
/** Resources the action touches; apiserver_request_total over them is the (noisy) cross-check. */
const actionResources = new Set(['naisjobs', 'jobs', 'pods', 'events', 'cronjobs']);

export interface RequestRun {
  namespace: string;
  flowSchema: string;
  runFor: string;
  exitCode: number | null;
  durationMs: number;
  /** Requests of this run as APF dispatched them (its FlowSchema's counter delta). */
  dispatched: number;
  /** API calls the action logged (its debug lines), by verb and resource. Watches and log reads are not logged. */
  loggedCalls: Record<string, number>;
  loggedCallTotal: number;
  /** Watches the action resumed (debug "watch … ended … resuming"): renewals. */
  watchResumes: number;
  /** Watches that had to list again after 410 Gone. */
  watchRelists: number;
  /** dispatched − logged calls: the watches (initial and renewed). */
  watchesInferred: number;
}

export interface RequestsResult {
  flowSchemaPrecedence: number;
  priorityLevel: string;
  /** Counter deltas for single probe requests as the team user: is each kind counted? */
  probe: { list: number; watch: number; podLog: number };
  /** The team user's requests outside the bench namespaces during the runs (expected 0). */
  elsewhere: number;
  short: RequestRun[];
  long: RequestRun[];
  /** apiserver_request_total deltas over the action's resources, by verb, per run (all clients: noisy). */
  crossCheck: { short: Record<string, number>[]; long: Record<string, number>; longConcurrentRuns: number };
}

const precedence = 1000;
const priorityLevel = 'global-default';

function flowSchema(name: string, namespace: string | undefined): unknown {
  const subjects = [{ kind: 'User', user: { name: teamUser } }];
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, labels: { 'naisjob-deploy/bench': 'true' } },
    spec: {
      priorityLevelConfiguration: { name: priorityLevel },
      matchingPrecedence: namespace ? precedence : precedence + 1,
      distinguisherMethod: { type: 'ByUser' },
      rules: [
        namespace
          ? {
              subjects,
              resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: [namespace] }],
            }
          : {
              subjects,
              resourceRules: [
                { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true },
              ],
              nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
            },
      ],
    },
  };
}

function byVerb(before: readonly MetricSample[], after: readonly MetricSample[]): Record<string, number> {
  const sum = (samples: readonly MetricSample[]): Map<string, number> => {
    const totals = new Map<string, number>();
    for (const s of samples) {
      if (s.name !== requestTotal || !actionResources.has(s.labels.resource ?? '')) continue;
      const key = `${s.labels.verb ?? ''}${s.labels.subresource ? ` ${s.labels.subresource}` : ''}`;
      totals.set(key, (totals.get(key) ?? 0) + s.value);
    }
    return totals;
  };
  const a = sum(before);
  const b = sum(after);
  const delta: Record<string, number> = {};
  for (const [key, value] of b) {
    const d = value - (a.get(key) ?? 0);
    if (d > 0) delta[key] = d;
  }
  return delta;
}

function analyseOutput(
  lines: readonly { text: string }[],
): Pick<RequestRun, 'loggedCalls' | 'loggedCallTotal' | 'watchResumes' | 'watchRelists'> {
  const loggedCalls: Record<string, number> = {};
  let loggedCallTotal = 0;
  let watchResumes = 0;
  let watchRelists = 0;
  for (const { text } of lines) {
    const call =
      /^::debug::(\w+) (\S+) \S*: \d+ms$/.exec(text) ?? /^::debug::(\w+) (\S+) \S* failed after \d+ms$/.exec(text);
    if (call) {
      const key = `${call[1] ?? ''} ${call[2] ?? ''}`;
      loggedCalls[key] = (loggedCalls[key] ?? 0) + 1;
      loggedCallTotal += 1;
    }
    if (/^::debug::watch \S+ ended .*resuming from/.test(text)) watchResumes += 1;
    if (/^::debug::watch \S+: resourceVersion .* is gone; listing again/.test(text)) watchRelists += 1;
  }
  return { loggedCalls, loggedCallTotal, watchResumes, watchRelists };
}

async function waitForFlowSchema(ctx: BenchContext, team: Api, name: string, namespace: string): Promise<void> {
  // The APF configuration controller picks new FlowSchemas up within moments; probe until counted.
  for (let attempt = 0; attempt < 60; attempt += 1) {
    checkAborted(ctx.signal);
    await team.raw('GET', `/apis/nais.io/v1/namespaces/${namespace}/naisjobs`);
    const samples = await ctx.admin.metrics(metricNames);
    if (metricSum(samples, dispatched, { flow_schema: name }) > 0) return;
    await sleep(500, ctx.signal);
  }
  throw new Error(`FlowSchema ${name} was not used within 30s.`);
}

interface Prepared {
  namespace: string;
  flowSchema: string;
  cwd: string;
  runFor: string;
}

async function prepare(ctx: BenchContext, team: Api, kind: string, index: number, runFor: string): Promise<Prepared> {
  const namespace = `bench-req-${kind}-${index}-${suffix()}`;
  await createNamespace(ctx.admin, namespace, { team: true });
  await ctx.admin.create('/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas', flowSchema(namespace, namespace));
  await waitForFlowSchema(ctx, team, namespace, namespace);
  const cwd = mkdtempSync(path.join(ctx.work, 'requests-'));
  writeNaisjob(cwd, 'job.yaml', { namespace, name: 'counted', labels: { 'test.kwok/run-for': runFor } });
  return { namespace, flowSchema: namespace, cwd, runFor };
}

async function runCounted(ctx: BenchContext, prepared: Prepared): Promise<RequestRun & { startedAt: number }> {
  const before = metricSum(await ctx.admin.metrics(metricNames), dispatched, { flow_schema: prepared.flowSchema });
  const startedAt = now();
  const { child } = startAction(ctx, { resource: 'job.yaml', timeout: '6m' }, { cwd: prepared.cwd, context: 'team' });
  const exit = await child.finish(400_000);
  const after = metricSum(await ctx.admin.metrics(metricNames), dispatched, { flow_schema: prepared.flowSchema });
  if (exit.code !== 0) throw new Error(`The action failed (${exit.code}):\n${child.output().slice(-3000)}`);
  const output = analyseOutput(child.lines);
  const count = after - before;
  return {
    namespace: prepared.namespace,
    flowSchema: prepared.flowSchema,
    runFor: prepared.runFor,
    exitCode: exit.code,
    durationMs: Math.round(exit.t - startedAt),
    dispatched: count,
    ...output,
    watchesInferred: count - output.loggedCallTotal,
    startedAt,
  };
}

export async function requests(ctx: BenchContext, shortRuns: number, longRuns: number): Promise<RequestsResult> {
  const team = new Api(ctx.cluster.kubeconfigPath, 'team');
  const elsewhereName = `bench-team-elsewhere-${suffix()}`;
  await ctx.admin.create('/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas', flowSchema(elsewhereName, undefined));

  const shortPrepared: Prepared[] = [];
  for (let index = 0; index < shortRuns; index += 1) shortPrepared.push(await prepare(ctx, team, 'short', index, '2s'));
  const longPrepared: Prepared[] = [];
  for (let index = 0; index < longRuns; index += 1) longPrepared.push(await prepare(ctx, team, 'long', index, '120s'));

  // What is counted: one list, one watch (ended by the server after a second), one pods/log read.
  const first = shortPrepared[0] ?? longPrepared[0];
  if (!first) throw new Error('No runs asked for.');
  const counter = async (): Promise<number> =>
    metricSum(await ctx.admin.metrics(metricNames), dispatched, { flow_schema: first.flowSchema });
  let mark = await counter();
  const delta = async (): Promise<number> => {
    const value = await counter();
    const d = value - mark;
    mark = value;
    return d;
  };
  await team.raw('GET', `/apis/batch/v1/namespaces/${first.namespace}/jobs`);
  const list = await delta();
  await team.raw('GET', `/apis/batch/v1/namespaces/${first.namespace}/jobs?watch=true&timeoutSeconds=1`);
  const watch = await delta();
  await team.raw('GET', `/api/v1/namespaces/${first.namespace}/pods/no-such-pod/log`);
  const podLog = await delta();
  ctx.log(`  counted per request kind: list ${list}, watch ${watch}, pods/log ${podLog}`);

  const elsewhereBefore = metricSum(await ctx.admin.metrics(metricNames), dispatched, { flow_schema: elsewhereName });
  const short: RequestRun[] = [];
  const crossShort: Record<string, number>[] = [];
  for (const prepared of shortPrepared) {
    checkAborted(ctx.signal);
    const before = await ctx.admin.metrics(metricNames);
    const { startedAt: _startedAt, ...run } = await runCounted(ctx, prepared);
    crossShort.push(byVerb(before, await ctx.admin.metrics(metricNames)));
    short.push(run);
    ctx.log(
      `  2 s job: ${run.dispatched} requests (${run.loggedCallTotal} logged calls, ${run.watchResumes} watch renewals)`,
    );
  }
  checkAborted(ctx.signal);
  // The long runs side by side: each is counted by its own FlowSchema.
  ctx.log(`  ${longPrepared.length} runs of a 120 s job, side by side…`);
  const longBefore = await ctx.admin.metrics(metricNames);
  const longRunsDone = await Promise.all(longPrepared.map((prepared) => runCounted(ctx, prepared)));
  const crossLong = byVerb(longBefore, await ctx.admin.metrics(metricNames));
  const long = longRunsDone.map(({ startedAt: _startedAt, ...run }) => run);
  for (const run of long) {
    ctx.log(
      `  120 s job: ${run.dispatched} requests (${run.loggedCallTotal} logged calls, ${run.watchResumes} watch renewals)`,
    );
  }
  const elsewhere =
    metricSum(await ctx.admin.metrics(metricNames), dispatched, { flow_schema: elsewhereName }) - elsewhereBefore;
  return {
    flowSchemaPrecedence: precedence,
    priorityLevel,
    probe: { list, watch, podLog },
    elsewhere,
    short,
    long,
    crossCheck: { short: crossShort, long: crossLong, longConcurrentRuns: long.length },
  };
}
