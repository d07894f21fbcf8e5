// Figure 6: twenty Naisjobs in one step against one. Each step deploys fresh unscheduled Naisjobs
// (a 1 s run, three log lines each) into a fresh namespace and waits for all their Jobs; the
// figure is the step's wall time (spawn to exit of dist/index.js). The arms alternate which goes
// first. The bench's own watch says when the cluster had created the last Job and when the last
// one ended, to separate the cluster's share (naiserator stand-in, Job controller, kwok) from
// the action's; and the same deploys done by hand with kubectl (one `apply` of all files, then
// one `wait --for=create` per Job side by side, then one `wait --for=condition=complete` on all
// Jobs) show what the cluster alone needs for one and for twenty.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { kubectl, startAction } from './action-runs.ts';
import { checkAborted, ms, now, sleep, suffix, type BenchContext } from './harness.ts';
import { createNamespace, writeNaisjob } from './naisjobs.ts';
import { JobRecorder } from './recorders.ts';

export const manyCount = 20;

export interface StepSample {
  jobs: number;
  wallMs: number;
  /** From the spawn until the bench saw the last Job created. */
  lastJobCreatedMs: number | undefined;
  /** From the spawn until the bench saw the last Job's terminal condition. */
  lastJobEndedMs: number | undefined;
  /** From the last Job's end until the step exited. */
  afterLastEndMs: number | undefined;
  /** From the spawn until the action's last Naisjob write (its debug line). */
  lastApplyMs: number | undefined;
  /** API calls the action logged after the last Job's end, and their summed durations. */
  callsAfterLastEnd: number;
  callsAfterLastEndMs: number;
  /** Log groups (one log read each) the action opened after the last Job's end. */
  logReadsAfterLastEnd: number;
}

const debugCall = /^::debug::\w+ \S+ \S*: (\d+)ms$/;

export interface ManyJobsResult {
  count: number;
  samples: {
    one: StepSample;
    many: StepSample;
    /** The same deploys by hand: one `kubectl apply` of the files, `kubectl wait --for=create`, `wait complete`. */
    oneByHand: ByHandSample;
    manyByHand: ByHandSample;
    order: Arm[];
  }[];
}

export interface ByHandSample {
  jobs: number;
  wallMs: number;
  lastJobCreatedMs: number | undefined;
  lastJobEndedMs: number | undefined;
}

type Arm = 'one' | 'many' | 'oneByHand' | 'manyByHand';

interface Prepared {
  namespace: string;
  cwd: string;
  files: string[];
  jobNames: string[];
  recorder: JobRecorder;
}

async function prepare(ctx: BenchContext, count: number, how: string): Promise<Prepared> {
  const namespace = `bench-many-${how}-${count}-${suffix()}`;
  await createNamespace(ctx.admin, namespace, { team: false });
  const cwd = mkdtempSync(path.join(ctx.work, 'many-'));
  const files: string[] = [];
  const jobNames: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `job-${String(index).padStart(2, '0')}`;
    files.push(writeNaisjob(cwd, `${name}.yaml`, { namespace, name }));
    jobNames.push(`${name}-1`);
  }
  const recorder = await JobRecorder.start(ctx.admin, namespace, ctx.signal);
  return { namespace, cwd, files, jobNames, recorder };
}

function clusterTimes(
  prepared: Prepared,
  start: number,
): {
  jobs: number;
  lastJobCreatedMs: number | undefined;
  lastJobEndedMs: number | undefined;
  lastEnd: number | undefined;
} {
  const jobs = [...prepared.recorder.jobs.values()];
  const count = prepared.jobNames.length;
  const created = jobs.map((j) => j.seen);
  const ended = jobs.map((j) => j.firstTerminal);
  const allEnded = jobs.length === count && ended.every((t) => t !== undefined);
  const lastEnd = allEnded ? Math.max(...ended) : undefined;
  return {
    jobs: jobs.length,
    lastJobCreatedMs: jobs.length === count ? ms(Math.max(...created) - start) : undefined,
    lastJobEndedMs: lastEnd === undefined ? undefined : ms(lastEnd - start),
    lastEnd,
  };
}

async function step(ctx: BenchContext, count: number): Promise<StepSample> {
  const prepared = await prepare(ctx, count, 'action');
  try {
    const { child } = startAction(ctx, { resource: prepared.files.join('\n') }, { cwd: prepared.cwd });
    const exit = await child.finish(300_000);
    if (exit.code !== 0) throw new Error(`The action failed (${exit.code}):\n${child.output().slice(-3000)}`);
    await prepared.recorder.until(() => clusterTimes(prepared, child.started).lastEnd, 5000, ctx.signal);
    const { lastEnd, ...times } = clusterTimes(prepared, child.started);
    const lastApply = child.lines.filter((l) => l.text.startsWith('::debug::create naisjobs.nais.io ')).at(-1);
    const afterEnd = lastEnd === undefined ? [] : child.lines.filter((l) => l.t >= lastEnd);
    const calls = afterEnd.filter((l) => debugCall.test(l.text));
    return {
      ...times,
      wallMs: ms(exit.t - child.started),
      afterLastEndMs: lastEnd === undefined ? undefined : ms(exit.t - lastEnd),
      lastApplyMs: lastApply ? ms(lastApply.t - child.started) : undefined,
      callsAfterLastEnd: calls.length,
      callsAfterLastEndMs: calls.reduce((sum, l) => sum + Number(debugCall.exec(l.text)?.[1] ?? 0), 0),
      logReadsAfterLastEnd: afterEnd.filter((l) => l.text.startsWith('::group::Log of ')).length,
    };
  } finally {
    prepared.recorder.close();
  }
}

async function stepByHand(ctx: BenchContext, count: number): Promise<ByHandSample> {
  const prepared = await prepare(ctx, count, 'hand');
  try {
    const start = now();
    await kubectl(ctx, [
      'apply',
      '--validate=strict',
      ...prepared.files.flatMap((f) => ['-f', path.join(prepared.cwd, f)]),
    ]);
    const jobs = prepared.jobNames.map((name) => `job/${name}`);
    // `kubectl wait --for=create` takes one object: one per Job, side by side.
    await Promise.all(
      jobs.map((job) =>
        kubectl(ctx, ['wait', '--for=create', job, '-n', prepared.namespace, '--timeout=120s'], 150_000),
      ),
    );
    const complete = await kubectl(
      ctx,
      ['wait', '--for=condition=complete', ...jobs, '-n', prepared.namespace, '--timeout=120s'],
      150_000,
    );
    const end = complete.exited?.t ?? now();
    const { lastEnd: _lastEnd, ...times } = clusterTimes(prepared, start);
    return { ...times, wallMs: ms(end - start) };
  } finally {
    prepared.recorder.close();
  }
}

const arms: Arm[] = ['one', 'many', 'oneByHand', 'manyByHand'];

export async function manyJobs(ctx: BenchContext, repetitions: number): Promise<ManyJobsResult> {
  const samples: ManyJobsResult['samples'] = [];
  for (let round = 0; round < repetitions; round += 1) {
    checkAborted(ctx.signal);
    // Each round starts with another arm, so no arm always runs on a freshly quiet cluster.
    const order = arms.map((_, index) => arms[(index + round) % arms.length] ?? 'one');
    let one: StepSample | undefined;
    let many: StepSample | undefined;
    let oneByHand: ByHandSample | undefined;
    let manyByHand: ByHandSample | undefined;
    for (const arm of order) {
      if (arm === 'one') one = await step(ctx, 1);
      else if (arm === 'many') many = await step(ctx, manyCount);
      else if (arm === 'oneByHand') oneByHand = await stepByHand(ctx, 1);
      else manyByHand = await stepByHand(ctx, manyCount);
      await sleep(500, ctx.signal);
    }
    if (!one || !many || !oneByHand || !manyByHand) throw new Error('an arm did not run');
    samples.push({ one, many, oneByHand, manyByHand, order });
    ctx.log(
      `  many jobs ${round + 1}/${repetitions}: action one ${Math.round(one.wallMs)} ms, twenty ${Math.round(many.wallMs)} ms; by hand one ${Math.round(oneByHand.wallMs)} ms, twenty ${Math.round(manyByHand.wallMs)} ms`,
    );
  }
  return { count: manyCount, samples };
}
