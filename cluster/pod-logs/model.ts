// What a fake pod's main container writes to its log, and when: a pure model, so the log
// server can answer plain reads, `tailLines`, `sinceTime` and `follow` consistently.
import type { V1Pod } from '@kubernetes/client-node';
import { parseDuration } from '../../src/duration.ts';
import { controlLabels, indexFailureCountAnnotation, plannedExitCode } from '../kwok-stages.ts';

export interface LogPlan {
  /** How many lines the container writes over its run. */
  count: number;
  line: (index: number) => string;
  /** When line `index` is written, in epoch milliseconds. */
  writtenAt: (index: number) => number;
  /** True once the container has terminated, so every line is written. */
  terminated: boolean;
  /** test.kwok/log-break-every: a followed response ends after this many lines, as a broken connection. */
  breakEvery?: number;
}

export type LogPlanResult = { plan: LogPlan } | { waiting: string } | { notFound: string };

/**
 * Lines come from the container's LOG_TEXT environment variable (one per line) or, for the main
 * containers with the label test.kwok/log-lines, are numbered lines padded to
 * test.kwok/log-line-bytes bytes. Otherwise a container writes a few lines that end with its exit
 * code. They are spread evenly over test.kwok/run-for, so a follower sees them arrive (many lines
 * share a millisecond when there are many).
 */
export function logPlan(pod: V1Pod, containerName: string): LogPlanResult {
  const podName = pod.metadata?.name ?? '';
  const container =
    pod.spec?.containers.find((c) => c.name === containerName) ??
    pod.spec?.initContainers?.find((c) => c.name === containerName);
  if (!container) return { notFound: `container ${containerName} is not valid for pod ${podName}` };
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find(
    (s) => s.name === containerName,
  );
  const startedAt = status?.state?.running?.startedAt ?? status?.state?.terminated?.startedAt;
  if (!status || !startedAt) {
    // The kubelet's answers (validateContainerLogStatus).
    const reason = status?.state?.waiting?.reason;
    const why =
      reason === 'ErrImagePull'
        ? "image can't be pulled"
        : reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason;
    return {
      waiting: `container "${containerName}" in pod "${podName}" is waiting to start: ${why ?? 'ContainerCreating'}`,
    };
  }
  const labels = pod.metadata?.labels ?? {};
  const annotations = pod.metadata?.annotations ?? {};
  const main = pod.spec?.containers.some((c) => c.name === containerName) ?? false;
  const started = new Date(startedAt).getTime();
  const terminated = status.state?.terminated;
  const runFor = parseDuration(labels[controlLabels.runFor] ?? '') ?? 1000;
  const finished = terminated?.finishedAt ? new Date(terminated.finishedAt).getTime() : undefined;

  const text = container.env?.find((e) => e.name === 'LOG_TEXT')?.value;
  const numbered = main ? Number(labels[controlLabels.logLines] ?? '') : Number.NaN;
  let count: number;
  let line: (index: number) => string;
  if (text !== undefined) {
    const lines = text.split('\n');
    count = lines.length;
    line = (index) => lines[index] ?? '';
  } else if (Number.isInteger(numbered) && numbered > 0) {
    count = numbered;
    const width = Number(labels[controlLabels.logLineBytes] ?? '') || 0;
    line = (index) => {
      const plain = `line ${index + 1} of ${numbered}`;
      return width > plain.length + 1 ? `${plain} ${'x'.repeat(width - plain.length - 2)}` : plain;
    };
  } else {
    const exitCode = terminated ? String(terminated.exitCode) : main ? plannedExitCode(labels, annotations) : '0';
    const lines = [
      `${containerName}: starting`,
      // Without the Job controller's failure count, test.kwok/fail-attempts fails every attempt; say why.
      ...(main &&
      labels[controlLabels.failAttempts] !== undefined &&
      annotations[indexFailureCountAnnotation] === undefined
        ? [
            `${containerName}: ${controlLabels.failAttempts} found no ${indexFailureCountAnnotation} annotation (the Job needs backoffLimitPerIndex), so every attempt fails`,
          ]
        : []),
      `${containerName}: working`,
      `${containerName}: exiting with code ${exitCode}`,
    ];
    count = lines.length;
    line = (index) => lines[index] ?? '';
  }
  // Lines are planned over run-for, the last a moment before the planned end. A line's time never
  // changes once written, as with a real kubelet; a container that ends early (killed at a
  // deadline) has its remaining lines at its end.
  const planned = (index: number): number => started + Math.floor((runFor * (index + 1)) / (count + 1));
  const writtenAt = (index: number): number =>
    finished === undefined ? planned(index) : Math.min(planned(index), finished);
  const breakEvery = Number(labels[controlLabels.logBreakEvery] ?? '');
  return {
    plan: {
      count,
      line,
      writtenAt,
      terminated: terminated !== undefined,
      ...(Number.isInteger(breakEvery) && breakEvery > 0 ? { breakEvery } : {}),
    },
  };
}

/**
 * Index of the first line to send, honouring sinceTime and tailLines over what is written by `now`.
 * As the kubelet: lines written at or after sinceTime are sent, so a client that resumes at the
 * timestamp of its last line gets that line (and its equals) again and must drop duplicates.
 * Through kube-apiserver it is coarser still: the apiserver passes sinceTime on with whole seconds.
 */
export function firstLine(plan: LogPlan, now: number, options: { sinceTime?: number; tailLines?: number }): number {
  const written = writtenBy(plan, now);
  let first = 0;
  if (options.sinceTime !== undefined) {
    while (first < written && plan.writtenAt(first) < options.sinceTime) first += 1;
  }
  if (options.tailLines !== undefined) first = Math.max(first, written - options.tailLines);
  return first;
}

/** How many lines are written by `now`. */
export function writtenBy(plan: LogPlan, now: number): number {
  if (plan.terminated) return plan.count;
  // Binary search: lines are written in order.
  let low = 0;
  let high = plan.count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (plan.writtenAt(middle) <= now) low = middle + 1;
    else high = middle;
  }
  return low;
}
