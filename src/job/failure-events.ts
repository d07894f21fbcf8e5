// The events that help explain a failed Job, and how each is written in the report. Pure.
import type { CoreV1Event } from '@kubernetes/client-node';
import { firstEventTime, lastEventTime } from '../cluster/event-time.ts';

/** Normal events that still help explain a failure. */
const normalReasonsThatMatter = new Set([
  'BackOff',
  'Killing',
  'SuccessfulDelete',
  'Preempted',
  'Evicted',
  'TaintManagerEviction',
  'TriggeredScaleUp',
  'NotTriggerScaleUp',
]);

/**
 * Warning events of the Job and its pods, and the Normal ones that help explain (back-off, kills, deletions,
 * autoscaler decisions), oldest first; repeats of a reason and message are folded into the first, counts added.
 */
export function eventsThatMatter(events: CoreV1Event[], jobName: string, podNames: readonly string[]): CoreV1Event[] {
  const pods = new Set(podNames);
  const ours = events.filter((event) => {
    const { kind, name } = event.involvedObject;
    if (!((kind === 'Job' && name === jobName) || (kind === 'Pod' && name !== undefined && pods.has(name)))) {
      return false;
    }
    return event.type === 'Warning' || normalReasonsThatMatter.has(event.reason ?? '');
  });
  const sorted = ours
    .map((event, index) => ({ event, index, at: firstEventTime(event)?.getTime() ?? Infinity }))
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map(({ event }) => event);
  const folded = new Map<string, CoreV1Event>();
  for (const event of sorted) {
    const key = `${event.reason ?? ''}\u0000${event.message ?? ''}`;
    const count = event.count ?? event.series?.count ?? 1;
    const seen = folded.get(key);
    if (!seen) {
      folded.set(key, Object.assign({}, event, { count }));
      continue;
    }
    const last = lastEventTime(event);
    const seenLast = lastEventTime(seen);
    folded.set(
      key,
      Object.assign({}, seen, {
        count: (seen.count ?? 1) + count,
        lastTimestamp: last && (!seenLast || last > seenLast) ? last : seen.lastTimestamp,
      }),
    );
  }
  return [...folded.values()];
}

/** `2026-11-24T03:00:01Z Warning BackOff Pod/x: Back-off restarting failed container (×3)` */
export function eventLine(event: CoreV1Event): string {
  const at = firstEventTime(event);
  const time = at ? at.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
  const object = `${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}`;
  const count = (event.count ?? 1) > 1 ? ` (×${event.count ?? 1})` : '';
  return `${time} ${event.type ?? ''} ${event.reason ?? ''} ${object}: ${event.message ?? ''}${count}`.trim();
}

/** Why no pod exists: the Job controller's last FailedCreate event, such as a quota refusal. */
export function podCreateRefusal(events: CoreV1Event[], jobName: string): string | undefined {
  const refusals = eventsThatMatter(events, jobName, []).filter(
    (event) => event.reason === 'FailedCreate' && event.involvedObject.kind === 'Job',
  );
  return refusals.at(-1)?.message;
}
