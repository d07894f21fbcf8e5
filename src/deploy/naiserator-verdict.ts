// Reads naiserator's events the way NAIS deploy's server does, and decides what each one means.
import type { CoreV1Event } from '@kubernetes/client-node';
import { correlationIdAnnotation } from './annotations.ts';

export type EventMeaning =
  | { kind: 'ignore' }
  | { kind: 'progress'; text: string }
  | { kind: 'synchronised'; text: string }
  | { kind: 'failed'; reason: string; message: string }
  | { kind: 'redeployed'; correlationId: string };

export const failureReasons = new Set(['FailedPrepare', 'FailedGenerate', 'FailedSynchronization']);

export interface Watched {
  naisjob: string;
  correlationId: string;
  /** Events last seen before this moment belong to earlier deploys. */
  since: Date;
}

function lastSeen(event: CoreV1Event): Date | undefined {
  const value = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return value ? new Date(value) : undefined;
}

export function eventText(event: CoreV1Event): string {
  const object = event.involvedObject;
  return `${object.kind ?? ''}/${object.name ?? ''} (${event.reason ?? ''}): ${event.message ?? ''}`;
}

/** What one event means for the deploy of `watched.naisjob`. */
export function meaningOf(event: CoreV1Event, watched: Watched): EventMeaning {
  if (event.involvedObject.kind !== 'Naisjob' || event.involvedObject.name !== watched.naisjob)
    return { kind: 'ignore' };
  const seen = lastSeen(event);
  // Second precision, as event timestamps have.
  if (seen && seen.getTime() < Math.floor(watched.since.getTime() / 1000) * 1000) return { kind: 'ignore' };
  const correlationId = event.metadata.annotations?.[correlationIdAnnotation];
  const fromNaiserator = event.reportingComponent === 'naiserator' || event.source?.component === 'naiserator';
  if (correlationId !== watched.correlationId) {
    if (fromNaiserator && correlationId) return { kind: 'redeployed', correlationId };
    return { kind: 'ignore' };
  }
  const reason = event.reason ?? '';
  if (fromNaiserator && failureReasons.has(reason)) return { kind: 'failed', reason, message: event.message ?? '' };
  if (fromNaiserator && reason === 'RolloutComplete') return { kind: 'synchronised', text: eventText(event) };
  return { kind: 'progress', text: eventText(event) };
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
