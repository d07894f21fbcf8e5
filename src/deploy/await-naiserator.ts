// Waits for naiserator's verdict on each applied Naisjob by watching the namespace's events
// that carry this deploy's correlation ID.
import type { CoreV1Event } from '@kubernetes/client-node';
import { stopAtDeadline } from '../cluster/deadline.ts';
import type { ClusterGateway, KubeObject } from '../cluster/gateway.ts';
import { meaningOf, type EventMeaning } from './naiserator-verdict.ts';

export type NaiseratorVerdict =
  | { state: 'synchronised'; message: string }
  | { state: 'unchanged'; message: string }
  | { state: 'failed'; reason: string; message: string }
  | { state: 'redeployed'; message: string }
  | { state: 'timed-out'; message: string }
  | { state: 'cancelled'; message: string };

export interface AwaitRequest {
  namespace: string;
  /** Naisjobs to wait for; those naiserator will skip are answered at once by the caller. */
  names: string[];
  correlationId: string;
  since: Date;
  /** resourceVersion of an event list taken before the apply, so no event is missed. */
  eventsResourceVersion: string;
  deadline: number;
  signal: AbortSignal;
  onProgress: (naisjob: string, text: string) => void;
}

export async function awaitNaiserator(
  gateway: ClusterGateway,
  request: AwaitRequest,
): Promise<Map<string, NaiseratorVerdict>> {
  const verdicts = new Map<string, NaiseratorVerdict>();
  const pending = new Set(request.names);
  if (pending.size === 0) return verdicts;
  const stopper = stopAtDeadline(request.deadline, request.signal);
  const seenProgress = new Set<string>();

  const consider = (event: CoreV1Event): void => {
    for (const name of pending) {
      const meaning: EventMeaning = meaningOf(event, {
        naisjob: name,
        correlationId: request.correlationId,
        since: request.since,
      });
      switch (meaning.kind) {
        case 'ignore':
          continue;
        case 'progress': {
          const key = `${name}:${meaning.text}`;
          if (!seenProgress.has(key)) {
            seenProgress.add(key);
            request.onProgress(name, meaning.text);
          }
          continue;
        }
        case 'synchronised':
          request.onProgress(name, meaning.text);
          verdicts.set(name, { state: 'synchronised', message: meaning.text });
          break;
        case 'failed':
          verdicts.set(name, { state: 'failed', reason: meaning.reason, message: meaning.message });
          break;
        case 'redeployed':
          verdicts.set(name, {
            state: 'redeployed',
            message: `Naisjob ${name} has been deployed again (correlation ID ${meaning.correlationId}) while this step waited; this step stops watching it.`,
          });
          break;
      }
      pending.delete(name);
    }
    if (pending.size === 0) stopper.stop();
  };

  await gateway.watch<CoreV1Event>({
    path: `/api/v1/namespaces/${request.namespace}/events`,
    resourceVersion: request.eventsResourceVersion,
    onEvent: (type, event) => {
      if (type !== 'DELETED') consider(event);
    },
    relist: () => gateway.listEvents(request.namespace),
    signal: stopper.signal,
  });
  for (const name of pending) {
    if (request.signal.aborted) {
      verdicts.set(name, {
        state: 'cancelled',
        message: `Cancelled while waiting for naiserator to synchronise Naisjob ${name}; it was applied, and naiserator will still act on it.`,
      });
      continue;
    }
    const live: KubeObject | undefined = await gateway
      .readNaisjob({ namespace: request.namespace, name })
      .catch(() => undefined);
    const state = (live?.status?.synchronizationState as string | undefined) ?? 'no status yet';
    const correlation = (live?.status?.correlationID as string | undefined) ?? 'none';
    verdicts.set(name, {
      state: 'timed-out',
      message: `Timed out waiting for naiserator to synchronise Naisjob ${name}. At that moment its status was '${state}' (correlation ID ${correlation}; this deploy's is ${request.correlationId}). Is naiserator running in this cluster? Its events: kubectl get events -n ${request.namespace} --field-selector involvedObject.name=${name}`,
    });
  }
  return verdicts;
}
