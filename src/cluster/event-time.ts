// When an event happened: events carry their times in different fields, depending on the API
// version that wrote them and on whether they repeat; times may be Dates or strings.
import type { CoreV1Event } from '@kubernetes/client-node';
import { toDate } from './api-time.ts';

/** When the event first happened. */
export function firstEventTime(event: CoreV1Event): Date | undefined {
  return (
    toDate(event.firstTimestamp) ??
    toDate(event.eventTime) ??
    toDate(event.lastTimestamp) ??
    toDate(event.metadata.creationTimestamp)
  );
}

/** When the event last happened (a repeated event updates these). */
export function lastEventTime(event: CoreV1Event): Date | undefined {
  return (
    toDate(event.lastTimestamp) ??
    toDate(event.series?.lastObservedTime) ??
    toDate(event.eventTime) ??
    toDate(event.firstTimestamp) ??
    toDate(event.metadata.creationTimestamp)
  );
}
