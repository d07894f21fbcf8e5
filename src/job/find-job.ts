// Finds the Job naiserator made for this deploy of an unscheduled Naisjob: `<name cut to 48>-<the
// CronJob's generation>`, controlled by the CronJob. It may appear a moment after the verdict.
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { stopAtDeadline } from '../cluster/deadline.ts';
import type { ClusterGateway } from '../cluster/gateway.ts';

/** naiserator names the Job of a suspended CronJob `<name cut to 48>-<generation>`. */
export function naiseratorJobName(cronJobName: string, generation: number): string {
  return `${cronJobName.slice(0, 48)}-${generation}`;
}

export const controlledBy = (job: V1Job, cronJob: V1CronJob): boolean =>
  (job.metadata?.ownerReferences ?? []).some((o) => o.controller === true && o.uid === cronJob.metadata?.uid);

export interface FindOptions {
  deadline: number;
  signal: AbortSignal;
}

/**
 * The name naiserator gives this deploy's Job and whether it appeared in time; undefined for a
 * scheduled CronJob, which gets no Job at deploy.
 */
export async function findNaiseratorJob(
  gateway: ClusterGateway,
  cronJob: V1CronJob,
  options: FindOptions,
): Promise<{ name: string; found: boolean } | undefined> {
  const namespace = cronJob.metadata?.namespace ?? '';
  if (!cronJob.spec.suspend || cronJob.metadata?.generation === undefined) return undefined;
  const name = naiseratorJobName(cronJob.metadata.name ?? '', cronJob.metadata.generation);
  const selector = { fieldSelector: `metadata.name=${name}` };
  const listed = await gateway.listJobs(namespace, selector);
  const mine = (job: V1Job): boolean => controlledBy(job, cronJob);
  if (listed.items.some(mine)) return { name, found: true };

  const stopper = stopAtDeadline(options.deadline, options.signal);
  const state = { found: false };
  await gateway.watch<V1Job>({
    path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
    query: selector,
    resourceVersion: listed.resourceVersion,
    onEvent: (type, job) => {
      if (type !== 'DELETED' && mine(job)) {
        state.found = true;
        stopper.stop();
      }
    },
    relist: () => gateway.listJobs(namespace, selector),
    signal: stopper.signal,
  });
  return { name, found: state.found };
}
