// Decides from a Job's conditions whether it is still running, succeeded or failed. Pure: the watch loop calls it.
import type { V1Job, V1JobCondition } from '@kubernetes/client-node';
import { toDate } from '../cluster/api-time.ts';

export type JobVerdict =
  | { state: 'running'; active: number; succeededPods: number; failedPods: number }
  | { state: 'succeeded'; reason: string; message: string; at: Date | undefined }
  | { state: 'failed'; reason: string; message: string; at: Date | undefined };

// Most final first: Failed is set once the pods are gone, FailureTarget as soon as the Job is doomed;
// Complete likewise follows SuccessCriteriaMet.
const failureTypes = ['Failed', 'FailureTarget'];
const successTypes = ['Complete', 'SuccessCriteriaMet'];

function trueCondition(job: V1Job, type: string): V1JobCondition | undefined {
  return job.status?.conditions?.find((condition) => condition.type === type && condition.status === 'True');
}

/** The condition that ends the Job, failures before successes, or undefined while it runs. */
function terminalCondition(job: V1Job): { failed: boolean; condition: V1JobCondition } | undefined {
  for (const type of failureTypes) {
    const condition = trueCondition(job, type);
    if (condition) return { failed: true, condition };
  }
  for (const type of successTypes) {
    const condition = trueCondition(job, type);
    if (condition) return { failed: false, condition };
  }
  return undefined;
}

/** Where the Job stands, from its conditions only: failed pods without a failure condition mean retries remain. */
export function jobVerdict(job: V1Job): JobVerdict {
  const terminal = terminalCondition(job);
  if (!terminal) {
    return {
      state: 'running',
      active: job.status?.active ?? 0,
      succeededPods: job.status?.succeeded ?? 0,
      failedPods: job.status?.failed ?? 0,
    };
  }
  const { condition } = terminal;
  return {
    state: terminal.failed ? 'failed' : 'succeeded',
    reason: condition.reason ?? (terminal.failed ? condition.type : 'Completed'),
    message: condition.message ?? '',
    at: toDate(condition.lastTransitionTime),
  };
}

/**
 * Whole seconds from the Job's start to its completion time, or to the time of the condition that ended it,
 * or to `now` (epoch milliseconds) while it runs. Undefined before the Job has started.
 */
export function durationSeconds(job: V1Job, now: number): number | undefined {
  const start = toDate(job.status?.startTime);
  if (!start) return undefined;
  const terminal = terminalCondition(job);
  const end = terminal
    ? (toDate(job.status?.completionTime) ?? toDate(terminal.condition.lastTransitionTime) ?? new Date(now))
    : new Date(now);
  return Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000));
}

/** Pods the Job has run so far: succeeded, failed and active. */
export function attemptsOf(job: V1Job): number {
  return (job.status?.succeeded ?? 0) + (job.status?.failed ?? 0) + (job.status?.active ?? 0);
}
