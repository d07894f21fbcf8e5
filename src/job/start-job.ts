// Force-run and re-run: a Job from the Naisjob's CronJob, started by this step.
import { randomBytes } from 'node:crypto';
import type { ClusterGateway, ObjectRef } from '../cluster/gateway.ts';
import { forceRunName, jobFromCronJob } from './force-run.ts';
import type { JobTarget } from './wait-for-jobs.ts';

/**
 * Works for scheduled and unscheduled Naisjobs alike. For an unscheduled one whose spec has not
 * changed this is the re-run: clearing `status.synchronizationHash` (NAIS's old advice) makes
 * naiserator sync again, but the CronJob stays the same generation, so its Job `<name>-<generation>`
 * already exists and nothing runs.
 */
export async function startJobFromCronJob(gateway: ClusterGateway, naisjob: ObjectRef): Promise<JobTarget> {
  const cronJob = await gateway.readCronJob(naisjob);
  if (!cronJob) {
    throw new Error(
      `Naisjob ${naisjob.namespace}/${naisjob.name} has no CronJob, so there is nothing to run: deploy it first (mode deploy-then-run deploys and runs it).`,
    );
  }
  const job = jobFromCronJob(cronJob, forceRunName(naisjob.name, randomBytes(4).toString('hex')));
  const created = await gateway.createJob(job);
  return {
    namespace: naisjob.namespace,
    name: created.metadata?.name ?? job.metadata?.name ?? '',
    naisjob: naisjob.name,
    startedBy: 'force-run',
  };
}
