// Each pod of a Job as one attempt with a start, an end and how it ended, for the summary's chart.
// Pure, from the final state of the pods.
import type { V1Pod } from '@kubernetes/client-node';
import { mainContainerName, podsInOrder } from './pods.ts';
import { toDate } from './verdict.ts';

export interface PodAttempt {
  pod: string;
  /** When the main container started, else when the pod was created. */
  start: Date;
  /** When the main container ended; undefined while it runs or waits. */
  end: Date | undefined;
  outcome: 'succeeded' | 'failed' | 'running' | 'waiting';
  exitCode: number | undefined;
}

export function podAttempts(pods: readonly V1Pod[]): PodAttempt[] {
  const attempts: PodAttempt[] = [];
  for (const pod of podsInOrder([...pods])) {
    const main = mainContainerName(pod);
    const state = pod.status?.containerStatuses?.find((s) => s.name === main)?.state;
    const created = toDate(pod.metadata?.creationTimestamp);
    const start = toDate(state?.running?.startedAt ?? state?.terminated?.startedAt) ?? created;
    if (!start) continue;
    const terminated = state?.terminated;
    const outcome = terminated
      ? terminated.exitCode === 0
        ? 'succeeded'
        : 'failed'
      : pod.status?.phase === 'Failed'
        ? 'failed'
        : state?.running
          ? 'running'
          : 'waiting';
    attempts.push({
      pod: pod.metadata?.name ?? '',
      start,
      end: toDate(terminated?.finishedAt),
      outcome,
      exitCode: terminated?.exitCode,
    });
  }
  return attempts;
}
