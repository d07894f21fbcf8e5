// Figure 1: how soon the end of a Job is reported. The action (dist/index.js, mode run, no logs)
// starts a 2-second Job from a deployed Naisjob's CronJob; the moment the bench's own watch sees
// the Job, it starts `kubectl wait --for=condition=complete` and a 5-second polling loop on the
// same Job. t0 is when the bench's watch sees the first terminal condition; each waiter's figure
// is the arrival of its verdict line (and its exit) minus t0.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { runAction, startAction, startKubectl } from './action-runs.ts';
import { type TimedLine } from './child.ts';
import { checkAborted, ms, now, sleep, suffix, type BenchContext } from './harness.ts';
import { createNamespace, writeNaisjob } from './naisjobs.ts';
import { type Api } from './raw-api.ts';
import { JobRecorder, type JobObject } from './recorders.ts';

export interface DetectionSample {
  job: string;
  /** The condition the reference watch saw first: SuccessCriteriaMet or Complete. */
  firstTerminalType: string;
  /** When Complete (what kubectl waits for) came, after t0. */
  completeAfterMs: number | undefined;
  /** How long before t0 kubectl wait was started (it must be watching before the end). */
  kubectlHeadStartMs: number;
  actionLineMs: number | undefined;
  actionExitMs: number | undefined;
  kubectlLineMs: number | undefined;
  kubectlExitMs: number | undefined;
  pollMs: number | undefined;
  /** Where the 5-second schedule started relative to the Job's creation. */
  pollPhaseMs: number;
  /** The API calls the action logged (debug) between t0 and its verdict line, with their durations. */
  actionCallsAfterT0: string[];
  actionCallsAfterT0Ms: number;
  /** Every line the action wrote from t0 to its verdict line, at its arrival after t0. */
  actionLinesAfterT0: string[];
}

export interface DetectionResult {
  namespace: string;
  runFor: string;
  pollPeriodMs: number;
  samples: DetectionSample[];
}

const pollPeriodMs = 5000;
const verdictLine = /^Job \S+ (succeeded|failed)/;
const kubectlMet = /condition met/;
const debugCall = /^::debug::(\w+) (\S+) (\S*): (\d+)ms$/;

function terminal(job: JobObject | undefined): boolean {
  return (job?.status?.conditions ?? []).some(
    (c) => c.status === 'True' && ['Complete', 'SuccessCriteriaMet', 'Failed', 'FailureTarget'].includes(c.type ?? ''),
  );
}

/** GETs the Job on a fixed 5-second schedule starting `phaseMs` from now; the time it first sees it terminal. */
async function poll(
  api: Api,
  namespace: string,
  name: string,
  phaseMs: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const start = now() + phaseMs;
  const maxPolls = Math.ceil(timeoutMs / pollPeriodMs) + 1;
  for (let index = 0; index < maxPolls && !signal.aborted; index += 1) {
    await sleep(Math.max(0, start + index * pollPeriodMs - now()), signal);
    const job = await api
      .json<JobObject>('GET', `/apis/batch/v1/namespaces/${namespace}/jobs/${name}`)
      .catch(() => undefined);
    if (terminal(job)) return now();
  }
  return undefined;
}

export async function detection(ctx: BenchContext, repetitions: number): Promise<DetectionResult> {
  const namespace = `bench-detect-${suffix()}`;
  const runFor = '2s';
  await createNamespace(ctx.admin, namespace, { team: false });
  const cwd = mkdtempSync(path.join(ctx.work, 'detect-'));
  writeNaisjob(cwd, 'detect.yaml', { namespace, name: 'detect', labels: { 'test.kwok/run-for': runFor } });
  // Deploy once: naiserator makes the suspended CronJob each run starts a Job from.
  await runAction(ctx, { resource: 'detect.yaml', wait: 'false' }, { cwd });
  const recorder = await JobRecorder.start(ctx.admin, namespace, ctx.signal);
  const samples: DetectionSample[] = [];
  try {
    // One warm-up round, not recorded.
    for (let round = -1; round < repetitions; round += 1) {
      checkAborted(ctx.signal);
      const known = new Set(recorder.jobs.keys());
      const action = startAction(ctx, { resource: 'detect.yaml', mode: 'run', logs: 'false' }, { cwd }).child;
      const job = await recorder.until(() => recorder.newJob(known), 30_000, ctx.signal);
      if (!job) {
        action.kill('SIGKILL');
        checkAborted(ctx.signal);
        throw new Error(`The action started no Job within 30s:\n${action.output().slice(-3000)}`);
      }
      const kubectl = startKubectl(ctx, [
        'wait',
        '--for=condition=complete',
        `job/${job.name}`,
        '-n',
        namespace,
        '--timeout=120s',
      ]);
      const pollPhaseMs = Math.random() * pollPeriodMs;
      const polled = poll(ctx.admin, namespace, job.name, pollPhaseMs, 120_000, ctx.signal);

      const [actionLine, kubectlLine, pollT] = await Promise.all([
        action.waitForLine(verdictLine, 120_000),
        kubectl.waitForLine(kubectlMet, 120_000),
        polled,
      ]);
      const [actionExit, kubectlExit] = await Promise.all([action.finish(30_000), kubectl.finish(30_000)]);
      await recorder.until(() => job.complete, 10_000, ctx.signal);
      const t0 = job.firstTerminal;
      if (t0 === undefined) throw new Error(`The bench's watch never saw Job ${job.name} end.`);
      if (actionExit.code !== 0)
        throw new Error(`The action failed (${actionExit.code}):\n${action.output().slice(-3000)}`);
      const since = (line: TimedLine | undefined): number | undefined => (line ? ms(line.t - t0) : undefined);
      const calls = action.lines.filter(
        (l) => l.t >= t0 && (!actionLine || l.t <= actionLine.t) && debugCall.test(l.text),
      );
      const sample: DetectionSample = {
        job: job.name,
        firstTerminalType: job.firstTerminalType ?? '',
        completeAfterMs: job.complete === undefined ? undefined : ms(job.complete - t0),
        kubectlHeadStartMs: ms(t0 - kubectl.started),
        actionLineMs: since(actionLine),
        actionExitMs: ms(actionExit.t - t0),
        kubectlLineMs: since(kubectlLine),
        kubectlExitMs: ms(kubectlExit.t - t0),
        pollMs: pollT === undefined ? undefined : ms(pollT - t0),
        pollPhaseMs: ms(pollPhaseMs),
        actionCallsAfterT0: calls.map((l) => l.text.replace('::debug::', '')),
        actionCallsAfterT0Ms: calls.reduce((sum, l) => sum + Number(debugCall.exec(l.text)?.[4] ?? 0), 0),
        actionLinesAfterT0: action.lines
          .filter((l) => l.t >= t0 && (!actionLine || l.t <= actionLine.t))
          .map((l) => `+${ms(l.t - t0)} ms ${l.text.slice(0, 160)}`),
      };
      if (round >= 0) {
        samples.push(sample);
        ctx.log(
          `  detection ${round + 1}/${repetitions}: action ${sample.actionLineMs ?? '-'} ms, kubectl wait ${sample.kubectlLineMs ?? '-'} ms, 5 s polling ${sample.pollMs ?? '-'} ms`,
        );
      }
      await sleep(300, ctx.signal);
    }
  } finally {
    recorder.close();
  }
  return { namespace, runFor, pollPeriodMs, samples };
}
