// Prints the main container's log of each pod of each Job, one group per pod, in order: the
// Jobs in the order given, a Job's pods (retries included) in the order they were created.
// Jobs are waited for side by side; their logs are printed one after another, since a
// finished container's log can still be read whole after it ends.
import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterGateway } from '../cluster/gateway.ts';
import type { PrintLine, Reporter } from '../report/reporter.ts';
import type { JobTracker } from './job-tracker.ts';
import { followContainerLog, type FollowResult } from './log-follower.ts';
import { mainContainerName, podsInOrder } from './pods.ts';

export interface PrintOptions {
  signal: AbortSignal;
  tailLines: number;
}

export interface PodLog extends FollowResult {
  pod: string;
  container: string;
}

const started = (pod: V1Pod): boolean =>
  [...(pod.status?.containerStatuses ?? [])].some((s) => s.state?.running ?? s.state?.terminated);

/** Bounds the wait for a Job's next pod; each round waits for a change or a second. */
const maxRounds = 1_000_000;

/** The logs printed, by `namespace/job`. */
export async function printJobLogs(
  gateway: ClusterGateway,
  trackers: readonly JobTracker[],
  reporter: Reporter,
  options: PrintOptions,
): Promise<Map<string, PodLog[]>> {
  const logs = new Map<string, PodLog[]>();
  for (const tracker of trackers) {
    const printed: PodLog[] = [];
    logs.set(`${tracker.namespace}/${tracker.name}`, printed);
    const done = new Set<string>();
    let refreshed = false;
    for (let round = 0; round < maxRounds && !options.signal.aborted; round += 1) {
      const pods = podsInOrder([...tracker.pods.values()]).filter((p) => !done.has(p.metadata?.name ?? ''));
      const next = pods.find(started);
      if (!next) {
        const ended = (tracker.job?.status?.succeeded ?? 0) + (tracker.job?.status?.failed ?? 0);
        if (tracker.ended === 'terminal' && !refreshed && (printed.length === 0 || printed.length < ended)) {
          // The Job's end can overtake its pods' last updates: with no log printed, or fewer than the pods
          // the Job counts as ended, read the pods once before giving up on a log.
          refreshed = true;
          await tracker.refreshPods().catch(() => undefined);
          continue;
        }
        if (tracker.ended) break;
        await tracker.changed();
        continue;
      }
      const pod = next.metadata?.name ?? '';
      done.add(pod);
      const container = mainContainerName(next);
      const attempt = done.size;
      const follow = (print: PrintLine): Promise<FollowResult> =>
        followContainerLog(gateway, {
          namespace: tracker.namespace,
          pod,
          container,
          signal: options.signal,
          finished: () => tracker.finished(pod),
          gone: () => tracker.deletedPods.has(pod),
          changed: () => tracker.changed(),
          onLine: print,
          tailLines: options.tailLines,
        });
      const result = await reporter.verbatim(`Log of ${tracker.name}, pod ${pod} (attempt ${attempt})`, follow);
      printed.push({ ...result, pod, container });
      if (result.incomplete) reporter.info(`(the log of pod ${pod} may be incomplete: ${result.incomplete})`);
    }
  }
  return logs;
}
