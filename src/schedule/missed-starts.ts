// Explains the CronJob controller's "too many missed start times" in words a NAIS team can act on. Pure.
//
// What the controller does (k8s.io/kubernetes v1.34, pkg/controller/cronjob): utils.go, mostRecentScheduleTime,
// counts the start times between status.lastScheduleTime (else the CronJob's creation) and now roughly, as the time
// since the first of them divided by the gap between the first two, plus one; above 100 it is "many". Then
// nextScheduleTime records a Warning event, reason TooManyMissedTimes, message "too many missed start times. Set
// or decrease .spec.startingDeadlineSeconds or check clock skew", and still returns the most recent start time:
// syncCronJob (cronjob_controllerv2.go) goes on to start one Job for it, not one per missed time. So in v1.34 the
// warning alone stops nothing, as a local v1.34 cluster showed too. Starts do stop when no Job can start: with
// concurrencyPolicy Forbid and a Job still active (event JobAlreadyActive), or when creating it fails
// (FailedCreate). Then lastScheduleTime stays behind and the warning comes again at every sync.
// A Naisjob cannot set startingDeadlineSeconds, and naiserator leaves it unset on the CronJob.
import type { CoreV1Event, V1CronJob } from '@kubernetes/client-node';
import { lastEventTime } from '../cluster/event-time.ts';
import { toDate } from '../cluster/api-time.ts';
import { nextRuns } from './next-runs.ts';

export const tooManyMissedReason = 'TooManyMissedTimes';
const manyMissed = 100;

const iso = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

function isTooManyMissed(event: CoreV1Event, cronJob: V1CronJob): boolean {
  const object = event.involvedObject;
  const { name, namespace, uid } = cronJob.metadata ?? {};
  return (
    event.type === 'Warning' &&
    event.reason === tooManyMissedReason &&
    object.kind === 'CronJob' &&
    object.name === name &&
    (namespace === undefined || object.namespace === undefined || object.namespace === namespace) &&
    (uid === undefined || object.uid === undefined || object.uid === uid)
  );
}

interface Missed {
  count: number;
  since: Date;
  sinceWhat: string;
}

/** The controller's own count of missed start times (mostRecentScheduleTime), or undefined when it counts none. */
function missedStarts(cronJob: V1CronJob, now: Date): Missed | undefined {
  const spec = cronJob.spec;
  if (spec.suspend === true) return undefined;
  const last = toDate(cronJob.status?.lastScheduleTime);
  let since = last ?? toDate(cronJob.metadata?.creationTimestamp);
  if (!since) return undefined;
  let sinceWhat = last ? 'its last scheduled start' : 'it was created';
  if (spec.startingDeadlineSeconds !== undefined) {
    const deadline = new Date(now.getTime() - spec.startingDeadlineSeconds * 1000);
    if (deadline > since) {
      since = deadline;
      sinceWhat = 'the start of its startingDeadlineSeconds';
    }
  }
  let first: Date | undefined;
  let second: Date | undefined;
  try {
    [first, second] = nextRuns(spec.schedule, spec.timeZone, since, 2);
  } catch {
    return undefined; // A schedule or time zone the controller cannot read either; it reports that itself.
  }
  if (!first || !second || now < second) return undefined;
  const gap = Math.round((second.getTime() - first.getTime()) / 1000);
  const elapsed = Math.trunc((now.getTime() - first.getTime()) / 1000);
  return { count: Math.floor(elapsed / gap) + 1, since, sinceWhat };
}

/** A plain-words problem, with its remedy, when the CronJob controller has given up starting Jobs; else undefined. */
export function missedStartsProblem(cronJob: V1CronJob, events: CoreV1Event[], now: Date): string | undefined {
  if (cronJob.spec.suspend === true) return undefined;
  const name = cronJob.metadata?.name ?? 'the CronJob';
  const namespace = cronJob.metadata?.namespace;
  const schedule = cronJob.spec.schedule;
  const warnings = events.filter((event) => isTooManyMissed(event, cronJob));
  const times = warnings.reduce((sum, event) => sum + (event.series?.count ?? event.count ?? 1), 0);
  const seen = warnings.map(lastEventTime).filter((at): at is Date => at !== undefined);
  const latest = seen.length > 0 ? new Date(Math.max(...seen.map((at) => at.getTime()))) : undefined;
  const warned =
    warnings.length === 0
      ? ''
      : `The CronJob controller warned ${tooManyMissedReason} ("too many missed start times")` +
        `${times > 1 ? ` ${times} times` : ''}${latest ? `, last at ${iso(latest)}` : ''}. `;
  const missed = missedStarts(cronJob, now);
  const kubectl = `-n ${namespace ?? '<namespace>'}`;

  if (missed && missed.count > manyMissed) {
    const counted =
      `It counts ${missed.count} start times of '${schedule}' since ${iso(missed.since)}, when ${missed.sinceWhat}, ` +
      'and has started no Job for any of them. It never makes up missed runs, but it would start one Job for the ' +
      'most recent of them at once, so something stops it.';
    const active = (cronJob.status?.active ?? []).map((job) => job.name).filter((job) => job !== undefined);
    let cause: string;
    if (cronJob.spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
      cause =
        ` A Job is still active (${active.join(', ')}) and spec.concurrencyPolicy is Forbid, so no new Job starts ` +
        `until it ends: find out why it has not finished, or delete it (kubectl delete job ${active[0] ?? ''} ` +
        `${kubectl}). spec.activeDeadlineSeconds on the Naisjob stops a run that hangs.`;
    } else if (warnings.length > 0) {
      cause =
        ` Look at the CronJob's events (kubectl describe cronjob ${name} ${kubectl}): FailedCreate means its Jobs ` +
        'cannot be created, such as when a resource quota or an admission policy rejects them; fix that and ' +
        'the next start runs. If there is nothing else, the cluster clocks may be off (clock skew): ask the NAIS ' +
        'team. A Naisjob cannot set startingDeadlineSeconds, which the warning suggests.';
    } else {
      cause =
        ' If the CronJob was changed a moment ago, the controller may not have caught up yet. Otherwise the ' +
        `CronJob controller may not be running, or the cluster clocks are off: look at kubectl describe cronjob ` +
        `${name} ${kubectl}, and ask the NAIS team if nothing there explains it.`;
    }
    return `${warned}${counted}${cause}`;
  }

  if (warnings.length === 0) return undefined;
  return (
    `${warned}It found more than ${manyMissed} start times of '${schedule}' missed since the last one it ` +
    'started, as happens when the CronJob was suspended (a Naisjob without a schedule is a suspended CronJob) or ' +
    'could not start Jobs for a long time. In Kubernetes 1.34 this is only a warning: the controller starts one ' +
    'Job for the most recent missed time and keeps to the schedule from there; the missed runs are not made up. ' +
    'Run the job by hand if they matter. A Naisjob cannot set startingDeadlineSeconds, which the warning suggests.'
  );
}
