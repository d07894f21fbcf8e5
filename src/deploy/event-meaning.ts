// Reads naiserator's events the way NAIS deploy's server does (nais/deploy
// pkg/deployd/strategy/nais.go: Watch, StatusFromEvent, EventStreamMatch), and decides what each
// one means. Where this differs from deployd, the comment says why.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { KubeObject } from '../cluster/gateway.ts';
import { correlationIdAnnotation } from './annotations.ts';

export type EventMeaning =
  | { kind: 'ignore' }
  /** Another deploy's event for this Naisjob: skipped, as deployd does, but a cue to re-read the Naisjob. */
  | { kind: 'another-deploy'; correlationId: string }
  | { kind: 'progress'; text: string }
  | { kind: 'synchronised'; text: string }
  | { kind: 'failed'; reason: string; message: string }
  /** naiserator reported without any correlation ID: deployed again by something else. */
  | { kind: 'redeployed' };

export const failureReasons = new Set(['FailedPrepare', 'FailedGenerate', 'FailedSynchronization']);

export interface Watched {
  naisjob: string;
  correlationId: string;
  /** When the watch opened, after the apply; events last seen before its second are old. */
  since: Date;
  /**
   * The Image this deploy applied first changed: naiserator resyncs on the Image at once (its Naisjob
   * controller watches Images, naiserator pkg/controllers/naisjob.go), and may do so
   * before the Naisjob with this deploy's ID reaches it, under the ID the Naisjob carried before. Its events
   * with that ID, from the apply on, answer for this deploy (deployd would wait for its timeout).
   */
  imageResync?: { correlationId: string; since: Date } | undefined;
}

export function eventText(event: CoreV1Event): string {
  const object = event.involvedObject;
  return `${object.kind ?? ''}/${object.name ?? ''} (${event.reason ?? ''}): ${event.message ?? ''}`;
}

/**
 * deployd passes every event whose object is named exactly like the resource (any kind but Pod,
 * ReplicaSet and Job); here only the two that belong to a Naisjob: itself and its CronJob.
 */
const belongsTo = (event: CoreV1Event, naisjob: string): boolean =>
  (event.involvedObject.kind === 'Naisjob' || event.involvedObject.kind === 'CronJob') &&
  event.involvedObject.name === naisjob;

/** What one event means for the deploy of `watched.naisjob`. */
export function meaningOf(event: CoreV1Event, watched: Watched): EventMeaning {
  if (!belongsTo(event, watched.naisjob)) return { kind: 'ignore' };
  const annotations = event.metadata.annotations ?? {};
  const hasId = correlationIdAnnotation in annotations;
  const correlationId = annotations[correlationIdAnnotation] ?? '';
  const seen = event.lastTimestamp ? new Date(event.lastTimestamp).getTime() : Number.NaN;
  const resync = watched.imageResync;
  const byImageResync =
    resync !== undefined &&
    hasId &&
    correlationId === resync.correlationId &&
    seen >= Math.floor(resync.since.getTime() / 1000) * 1000;
  // Present and different (even empty): another deploy's, skipped, never a failure.
  if (hasId && correlationId !== watched.correlationId && !byImageResync)
    return { kind: 'another-deploy', correlationId };
  // Only lastTimestamp counts, to the second; without one an event is old. deployd checks
  // this deploy's own events too, since its watch opens right after each resource's apply;
  // ours opens after all of them, and an event with this deploy's fresh ID cannot be old.
  if (!hasId) {
    const since = Math.floor(watched.since.getTime() / 1000) * 1000;
    if (!(seen >= since)) return { kind: 'ignore' };
  }
  if (event.reportingComponent !== 'naiserator') return { kind: 'progress', text: eventText(event) };
  // From here, naiserator's: without an ID it means someone else deployed.
  if (!hasId) return { kind: 'redeployed' };
  const reason = event.reason ?? '';
  if (failureReasons.has(reason)) return { kind: 'failed', reason, message: event.message ?? '' };
  if (reason === 'RolloutComplete') return { kind: 'synchronised', text: eventText(event) };
  return { kind: 'progress', text: eventText(event) };
}

/**
 * The correlation ID of the deploy that replaced this one, when the live Naisjob carries
 * another deploy's ID. Gone, or without an ID: no answer here.
 */
export function supersededBy(live: KubeObject | undefined, correlationId: string): string | undefined {
  const annotations = live?.metadata?.annotations;
  if (!annotations || !(correlationIdAnnotation in annotations)) return undefined;
  const id = annotations[correlationIdAnnotation] ?? '';
  return id !== correlationId ? id : undefined;
}
