// Waits for Jobs side by side, prints their logs one after another, and says how each ended.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { stopAtDeadline } from '../cluster/deadline.ts';
import type { ClusterGateway } from '../cluster/gateway.ts';
import type { Reporter } from '../report/reporter.ts';
import { failureHeadline } from './failure-headline.ts';
import { failureReport } from './failure-report.ts';
import { JobTracker, type TrackingEnd } from './job-tracker.ts';
import { printJobLogs, type PodLog } from './log-printer.ts';
import { mainContainer, mainContainerName, podState, podsInOrder } from './pods.ts';
import { jobTimeline, type Moment } from './timeline.ts';
import { podAttempts, type PodAttempt } from './attempts.ts';
import { runEnd, type JobResult } from './run-end.ts';
import { durationSeconds, type JobVerdict } from './verdict.ts';

export type { JobResult } from './run-end.ts';

export interface JobTarget {
  namespace: string;
  /** The Job's name. */
  name: string;
  /** The Naisjob it runs for; '' for a Job applied from the files. */
  naisjob: string;
  /** Who started the Job: naiserator for this deploy, this step from the CronJob, or the files themselves. */
  startedBy: 'naiserator' | 'force-run' | 'file';
}

export interface JobRun {
  target: JobTarget;
  result: JobResult;
  verdict: JobVerdict;
  exitCode: number | undefined;
  reason: string | undefined;
  durationSeconds: number | undefined;
  /** One line: what happened. */
  headline: string;
  /** For anything but success: the Job, its pods, their containers, log tails and events. */
  report: string[];
  timeline: Moment[];
  /** Each pod as an attempt over time, for the summary's chart. */
  attempts: PodAttempt[];
  /** The last lines of the newest pod's main container. */
  logTail: string[];
  /** Set when this step deleted the Job on cancellation. */
  deleted: boolean;
}

export interface WaitOptions {
  deadline: number;
  signal: AbortSignal;
  /** How long a pod may wait for an image or a secret before it counts as stuck. */
  stuckGraceMs: number;
  /** Stream the pods' logs into the step's log. */
  logs: boolean;
  /** On cancellation, delete the Jobs this step started, or leave them running. */
  onCancel: 'leave' | 'delete';
  tailLines: number;
  /** The step's whole time limit, to say what ran out. */
  timeoutMs?: number | undefined;
}

export async function waitForJobs(
  gateway: ClusterGateway,
  targets: readonly JobTarget[],
  options: WaitOptions,
  reporter: Reporter,
): Promise<JobRun[]> {
  const trackers = targets.map((t) => new JobTracker(gateway, t.namespace, t.name));
  const printer = stopAtDeadline(options.deadline, options.signal);
  const printing: Promise<Map<string, PodLog[]>> = options.logs
    ? printJobLogs(gateway, trackers, reporter, { signal: printer.signal, tailLines: options.tailLines })
    : Promise.resolve(new Map<string, PodLog[]>());
  const started = Date.now();
  const progress = reporter.progress
    ? setInterval(() => {
        reporter.progress?.(progressText(trackers, Date.now() - started));
      }, 1000)
    : undefined;
  // One tracker failing (say, a 403 on its watch) stops the others too.
  const failed = new AbortController();
  const trackingSignal = AbortSignal.any([options.signal, failed.signal]);
  let ends: TrackingEnd[];
  let printed: Map<string, PodLog[]>;
  try {
    ends = await Promise.all(
      trackers.map((tracker) =>
        tracker
          .track({
            deadline: options.deadline,
            signal: trackingSignal,
            stuckGraceMs: options.stuckGraceMs,
            onEnd: (ended) => {
              // Said at once; the full report follows once the last pod states and logs are in.
              if (ended.verdict.state !== 'running')
                reporter.info(`Job ${ended.namespace}/${ended.name} ${ended.verdict.state} (${ended.verdict.reason}).`);
            },
          })
          .catch((error: unknown) => {
            failed.abort();
            throw error;
          }),
      ),
    );
    // Logs of finished pods are still worth printing; of running ones, not after a time-out or cancel.
    if (trackers.some((t) => t.ended === 'timed-out' || t.ended === 'cancelled')) printer.stop();
    printed = await printing;
  } catch (error) {
    printer.stop();
    await printing.catch(() => undefined);
    throw error;
  } finally {
    clearInterval(progress);
    reporter.progress?.('');
  }

  // The wrap-up reads for all Jobs at once: one event list per namespace, then each Job's last state.
  const namespaces = [...new Set(targets.map((t) => t.namespace))];
  const eventLists = await Promise.all(
    namespaces.map(async (namespace) => (await gateway.listEvents(namespace).catch(() => ({ items: [] }))).items),
  );
  const events = new Map<string, CoreV1Event[]>(namespaces.map((namespace, i) => [namespace, eventLists[i] ?? []]));
  return Promise.all(
    trackers.map((tracker, index) => {
      const target = targets[index] as JobTarget;
      return conclude(gateway, tracker, target, ends[index] ?? 'cancelled', {
        events: events.get(target.namespace) ?? [],
        printed: printed.get(`${target.namespace}/${target.name}`) ?? [],
        options,
        reporter,
      });
    }),
  );
}

/** One status line: each Job's state and its newest pod's phase. */
export function progressText(trackers: readonly JobTracker[], elapsedMs: number): string {
  const parts = trackers.map((tracker) => {
    const pods = podsInOrder([...tracker.pods.values()]);
    const newest = pods.at(-1);
    const state = tracker.ended ?? tracker.verdict.state;
    const pod = newest ? `, pod ${newest.metadata?.name ?? ''} ${newest.status?.phase ?? 'Pending'}` : '';
    const attempt = pods.length > 1 ? ` (attempt ${pods.length})` : '';
    return `${tracker.name}: ${state}${pod}${attempt}`;
  });
  return `⏳ ${Math.round(elapsedMs / 1000)}s  ${parts.join('; ')}`;
}

async function conclude(
  gateway: ClusterGateway,
  tracker: JobTracker,
  target: JobTarget,
  end: TrackingEnd,
  context: { events: CoreV1Event[]; printed: PodLog[]; options: WaitOptions; reporter: Reporter },
): Promise<JobRun> {
  const { options } = context;
  // The final word: the watches stop at the first terminal condition, before the last updates.
  // Read into copies: the tracker's state is its own.
  let finalJob = tracker.job;
  const podsByName = new Map(tracker.pods);
  const uid = tracker.job?.metadata?.uid;
  if (uid && end !== 'cancelled') {
    const [job, fresh] = await Promise.all([
      gateway.readJob({ namespace: target.namespace, name: target.name }).catch(() => undefined),
      gateway.listPods(target.namespace, { labelSelector: `controller-uid=${uid}` }).catch(() => undefined),
    ]);
    if (job?.metadata?.uid === uid) finalJob = job;
    for (const pod of fresh?.items ?? []) podsByName.set(pod.metadata?.name ?? '', pod);
  }
  const pods = podsInOrder([...podsByName.values()]);
  const newest: V1Pod | undefined = pods.at(-1);
  const main = newest ? mainContainer(podState(newest), mainContainerName(newest)) : undefined;

  const logTails = new Map<string, string[]>(context.printed.map((log) => [log.pod, log.tail]));
  if (newest && !logTails.has(newest.metadata?.name ?? '') && main?.startedAt) {
    logTails.set(newest.metadata?.name ?? '', await readTail(gateway, target.namespace, newest, options.tailLines));
  }

  const ending = runEnd(end, tracker.verdict);
  const result: JobResult = ending.result;
  const input = {
    jobName: target.name,
    verdict: tracker.verdict,
    pods,
    events: context.events,
    logTails,
    stuck: tracker.stuck,
    outcome: ending.explain ?? 'failed',
    timeoutMs: options.timeoutMs,
  } as const;
  const seconds = finalJob ? durationSeconds(finalJob, Date.now()) : undefined;
  let headline: string;
  if (result === 'succeeded') {
    headline = `Job ${target.name} succeeded${seconds !== undefined ? ` in ${seconds}s` : ''}.`;
  } else if (ending.deleted) {
    headline = `Job ${target.name} was deleted while this step waited for it.`;
  } else {
    headline = failureHeadline(input);
  }
  let deleted = false;
  if (end === 'cancelled' && options.onCancel === 'delete') {
    deleted = await gateway.deleteJob({ namespace: target.namespace, name: target.name }).catch((error: unknown) => {
      context.reporter.warning(
        `Job ${target.namespace}/${target.name} could not be deleted, as on-cancel asks: ${error instanceof Error ? error.message : String(error)}. It may still be running.`,
      );
      return false;
    });
  }
  return {
    target,
    result,
    verdict: tracker.verdict,
    exitCode: main?.exitCode,
    reason:
      tracker.verdict.state !== 'running'
        ? tracker.verdict.reason
        : (tracker.stuck?.reason ??
          (result === 'timed-out' ? 'Timeout' : result === 'cancelled' ? 'Cancelled' : undefined)),
    durationSeconds: seconds,
    headline,
    report: result === 'succeeded' ? [] : failureReport(input),
    timeline: jobTimeline(finalJob, pods),
    attempts: podAttempts(pods),
    logTail: newest ? (logTails.get(newest.metadata?.name ?? '') ?? []) : [],
    deleted,
  };
}

async function readTail(gateway: ClusterGateway, namespace: string, pod: V1Pod, lines: number): Promise<string[]> {
  const tail: string[] = [];
  try {
    for await (const line of gateway.logLines({
      namespace,
      pod: pod.metadata?.name ?? '',
      container: mainContainerName(pod),
      follow: false,
      timestamps: false,
      tailLines: lines,
      signal: AbortSignal.timeout(10_000),
    })) {
      tail.push(line);
    }
  } catch {
    // The tail is a courtesy in the report; its absence is not an error.
  }
  return tail.slice(-lines);
}
