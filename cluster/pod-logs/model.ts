// What a fake pod's main container writes to its log, and when: a pure model, so the log
// server can answer plain reads, `tailLines`, `sinceTime` and `follow` consistently.
import type { V1Pod } from '@kubernetes/client-node';
import { parseDuration } from '../../src/duration.ts';

export interface LogPlan {
  /** How many lines the container writes over its run. */
  count: number;
  line: (index: number) => string;
  /** When line `index` is written, in epoch milliseconds. */
  writtenAt: (index: number) => number;
  /** True once the container has terminated, so every line is written. */
  terminated: boolean;
}

export type LogPlanResult = { plan: LogPlan } | { waiting: string } | { notFound: string };

/**
 * Lines come from the container's LOG_TEXT environment variable (one per line) or, with the
 * label test.kwok/log-lines, are numbered lines padded to test.kwok/log-line-bytes bytes.
 * They are spread evenly over test.kwok/run-for, so a follower sees them arrive.
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
    const reason = status?.state?.waiting?.reason;
    const why =
      reason === 'ImagePullBackOff' || reason === 'ErrImagePull' ? 'trying and failing to pull image' : reason;
    return {
      waiting: `container "${containerName}" in pod "${podName}" is waiting to start: ${why ?? 'ContainerCreating'}`,
    };
  }
  const labels = pod.metadata?.labels ?? {};
  const started = new Date(startedAt).getTime();
  const terminated = status.state?.terminated;
  const runFor = parseDuration(labels['test.kwok/run-for'] ?? '') ?? 1000;
  const end = terminated?.finishedAt ? new Date(terminated.finishedAt).getTime() : started + runFor;
  const span = Math.max(0, end - started);

  const text = container.env?.find((e) => e.name === 'LOG_TEXT')?.value;
  const numbered = Number(labels['test.kwok/log-lines'] ?? '');
  let count: number;
  let line: (index: number) => string;
  if (text !== undefined) {
    const lines = text.split('\n');
    count = lines.length;
    line = (index) => lines[index] ?? '';
  } else if (Number.isInteger(numbered) && numbered > 0) {
    count = numbered;
    const width = Number(labels['test.kwok/log-line-bytes'] ?? '') || 0;
    line = (index) => {
      const plain = `line ${index + 1} of ${numbered}`;
      return width > plain.length + 1 ? `${plain} ${'x'.repeat(width - plain.length - 2)}` : plain;
    };
  } else {
    const exitCode = labels['test.kwok/exit-code'] ?? '0';
    const lines = [
      `${containerName}: starting`,
      `${containerName}: working`,
      `${containerName}: exiting with code ${exitCode}`,
    ];
    count = lines.length;
    line = (index) => lines[index] ?? '';
  }
  // The last line is written a moment before the container ends.
  const writtenAt = (index: number): number => started + Math.floor((span * (index + 1)) / (count + 1));
  return { plan: { count, line, writtenAt, terminated: terminated !== undefined } };
}

/** Index of the first line to send, honouring sinceTime and tailLines over what is written by `now`. */
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
