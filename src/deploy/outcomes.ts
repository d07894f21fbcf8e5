// What each applied Naisjob came to: naiserator's verdict (or the skip decided before any wait),
// and what naiserator made of it: its CronJob, the Job of an unscheduled one, missed start times.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ClusterGateway } from '../cluster/gateway.ts';
import { findNaiseratorJob, type FindOptions } from '../job/find-job.ts';
import { missedStartsProblem } from '../schedule/missed-starts.ts';
import { scheduleReport } from '../schedule/schedule-report.ts';
import type { AppliedDocument } from './apply.ts';
import type { NaiseratorVerdict } from './await-naiserator.ts';
import type { NaisjobOutcome } from './deploy.ts';

export interface LookupOptions extends FindOptions {
  namespaceEvents: () => Promise<CoreV1Event[]>;
}

export const stringField = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export async function outcomeOf(
  gateway: ClusterGateway,
  a: AppliedDocument,
  verdicts: Map<string, NaiseratorVerdict>,
  request: LookupOptions,
): Promise<{ applied: AppliedDocument; outcome: NaisjobOutcome }> {
  const name = a.result.metadata?.name ?? '';
  const namespace = a.result.metadata?.namespace ?? '';
  const verdict: NaiseratorVerdict =
    a.skip?.kind === 'unchanged'
      ? {
          state: 'unchanged',
          message: `Naisjob ${name} is unchanged since naiserator last synchronised it (state '${a.skip.state}'), so naiserator skips it and nothing new runs. To run it again, use mode run.`,
        }
      : a.skip?.kind === 'failed-before'
        ? {
            state: 'failed',
            reason: 'FailedSynchronization',
            message: `Naisjob ${name} is unchanged since naiserator failed to synchronise it, and naiserator never retries that spec: ${a.skip.message} Change the spec to deploy again.`,
          }
        : (verdicts.get(name) ?? { state: 'timed-out', message: 'no verdict' });
  const generated = await generatedObjects(gateway, namespace, name, verdict, request);
  return {
    applied: a,
    outcome: {
      ...outcomeBase(a),
      cronJob: generated.cronJob,
      job: generated.job,
      cronJobProblem: generated.problem,
      // naiserator reports success only after it made the Job, so a missing one is a failure.
      verdict: generated.missingJob
        ? {
            state: 'timed-out',
            message: `naiserator synchronised Naisjob ${name}, but its Job ${generated.missingJob} did not appear before the step's deadline. Its events: kubectl get events -n ${namespace} --field-selector involvedObject.name=${name}`,
          }
        : verdict,
    },
  };
}

export function outcomeBase(a: AppliedDocument): Omit<NaisjobOutcome, 'verdict'> {
  return {
    name: a.result.metadata?.name ?? '',
    namespace: a.result.metadata?.namespace ?? '',
    file: a.rendered.doc.file,
    operation: a.operation,
    cronJob: undefined,
    job: undefined,
    annotations: a.rendered.object.metadata?.annotations ?? {},
    schedule: scheduleReport(
      stringField(a.rendered.object.spec?.schedule),
      stringField(a.rendered.object.spec?.timeZone),
      new Date(),
    ),
    cronJobProblem: undefined,
    diff: undefined,
  };
}

async function generatedObjects(
  gateway: ClusterGateway,
  namespace: string,
  name: string,
  verdict: NaiseratorVerdict,
  request: LookupOptions,
): Promise<{
  cronJob: string | undefined;
  job: string | undefined;
  missingJob?: string;
  problem?: string | undefined;
}> {
  if (verdict.state !== 'synchronised' && verdict.state !== 'unchanged') return { cronJob: undefined, job: undefined };
  const cronJob = await gateway.readCronJob({ namespace, name });
  if (!cronJob) return { cronJob: undefined, job: undefined };
  if (!cronJob.spec.suspend) {
    // A scheduled Naisjob: is the CronJob controller keeping up with its schedule?
    return {
      cronJob: cronJob.metadata?.name,
      job: undefined,
      problem: missedStartsProblem(cronJob, await request.namespaceEvents(), new Date()),
    };
  }
  // An unchanged Naisjob runs nothing new, so its old Job is not this deploy's.
  if (verdict.state === 'unchanged') return { cronJob: cronJob.metadata?.name, job: undefined };
  const job = await findNaiseratorJob(gateway, cronJob, request);
  return {
    cronJob: cronJob.metadata?.name,
    job: job?.found ? job.name : undefined,
    ...(job && !job.found ? { missingJob: job.name } : {}),
  };
}
