// The run of a Job as a list of moments, from the final state of the Job and its pods. Pure.
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { mainContainerName, podsInOrder } from './pods.ts';
import { toDate } from '../cluster/api-time.ts';

export interface Moment {
  at: Date;
  text: string;
}

export function jobTimeline(job: V1Job | undefined, pods: readonly V1Pod[]): Moment[] {
  const moments: Moment[] = [];
  const add = (value: Date | string | undefined, text: string): void => {
    const at = toDate(value);
    if (at) moments.push({ at, text });
  };
  const name = job?.metadata?.name ?? 'Job';
  add(job?.metadata?.creationTimestamp, `Job ${name} created`);
  podsInOrder([...pods]).forEach((pod, index) => {
    const podName = pod.metadata?.name ?? '';
    add(pod.metadata?.creationTimestamp, `pod ${podName} created (attempt ${index + 1})`);
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason)
      add(scheduled.lastTransitionTime, `pod ${podName} not scheduled: ${scheduled.reason}`);
    const main = mainContainerName(pod);
    const status = pod.status?.containerStatuses?.find((s) => s.name === main);
    const state = status?.state;
    add(state?.running?.startedAt ?? state?.terminated?.startedAt, `container ${main} started`);
    if (state?.terminated) {
      const t = state.terminated;
      add(t.finishedAt, `container ${main} exited with code ${t.exitCode}${t.reason ? ` (${t.reason})` : ''}`);
    }
    if (state?.waiting?.reason)
      add(pod.metadata?.creationTimestamp, `container ${main} waiting: ${state.waiting.reason}`);
  });
  for (const condition of job?.status?.conditions ?? []) {
    if (condition.status !== 'True') continue;
    add(
      condition.lastTransitionTime,
      `Job ${condition.type}${condition.reason ? `: ${condition.reason}` : ''}${condition.message ? ` (${condition.message})` : ''}`,
    );
  }
  // Stable: equal times keep the order they were added in, which follows cause and effect.
  return moments
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.at.getTime() - b.m.at.getTime() || a.i - b.i)
    .map((x) => x.m);
}
