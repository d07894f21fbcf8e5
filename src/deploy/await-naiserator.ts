// Waits for naiserator's verdict on each applied Naisjob by watching the namespace's events,
// as NAIS deploy's server does; and, unlike it, notices at once when another deploy replaced
// this one, by reading the Naisjob again when that deploy's events arrive.
import type { CoreV1Event } from '@kubernetes/client-node';
import { stopAtDeadline } from '../cluster/deadline.ts';
import type { ClusterGateway, KubeObject } from '../cluster/gateway.ts';
import { meaningOf, supersededBy, type EventMeaning } from './event-meaning.ts';

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
  /** resourceVersion of an event list taken before the apply, so no event is missed. */
  eventsResourceVersion: string;
  deadline: number;
  signal: AbortSignal;
  /** Each event of the Naisjob or its CronJob that is not a verdict, once. */
  onProgress: (naisjob: string, text: string) => void;
  /** Naisjobs whose Image this deploy changed: naiserator's resync under their previous ID counts (see `Watched`). */
  imageResyncs?: ReadonlyMap<string, { correlationId: string; since: Date }>;
  /** After this long without a word from naiserator on a Naisjob, say once what the step waits for. */
  quietAfterMs?: number;
}

/** naiserator answers a changed spec within seconds; half a minute of silence is worth a word. */
const defaultQuietAfterMs = 30_000;

export function quietMessage(
  name: string,
  correlationId: string,
  live: KubeObject | undefined,
  seconds: number,
): string {
  const state = typeof live?.status?.synchronizationState === 'string' ? live.status.synchronizationState : 'none yet';
  return `No word from naiserator on Naisjob ${name} for ${seconds}s. The step waits for its events with correlation ID ${correlationId} (its last state: ${state}). naiserator stays silent when it sees a spec as unchanged (the same spec after its defaults and the same image as it last synchronised); then this step waits until its timeout. Its events: kubectl get events --field-selector involvedObject.name=${name}`;
}

export function supersededMessage(name: string, by: string, correlationId: string): string {
  return `Naisjob ${name} was deployed again while this step waited: it now carries correlation ID '${by}', not this deploy's ${correlationId}. This deploy was superseded; the newer one reports what naiserator does.`;
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
  const readLive = (name: string): Promise<KubeObject | undefined> =>
    gateway.readNaisjob({ namespace: request.namespace, name }).catch(() => undefined);

  const decide = (name: string, verdict: NaiseratorVerdict): void => {
    if (!pending.delete(name)) return;
    verdicts.set(name, verdict);
    if (pending.size === 0) stopper.stop();
  };

  // One read at a time per Naisjob; a cue during a read asks for one more after it.
  const reading = new Map<string, Promise<void>>();
  const readAgain = new Set<string>();
  const recheck = (name: string): void => {
    if (reading.has(name)) {
      readAgain.add(name);
      return;
    }
    const read = readLive(name).then((live) => {
      const by = supersededBy(live, request.correlationId);
      if (by !== undefined)
        decide(name, { state: 'redeployed', message: supersededMessage(name, by, request.correlationId) });
      reading.delete(name);
      if (readAgain.delete(name) && pending.has(name)) recheck(name);
    });
    reading.set(name, read);
  };

  // Naisjobs naiserator has said anything about; the others get one word after a quiet while.
  const heard = new Set<string>();
  const quietAfterMs = request.quietAfterMs ?? defaultQuietAfterMs;
  const quietTimer = setTimeout(() => {
    for (const name of pending) {
      if (heard.has(name)) continue;
      void readLive(name).then((live) => {
        if (pending.has(name))
          request.onProgress(name, quietMessage(name, request.correlationId, live, Math.round(quietAfterMs / 1000)));
      });
    }
  }, quietAfterMs);
  quietTimer.unref();

  // As deployd: the start is taken when the watch opens, after the apply, to the second.
  const since = new Date(Math.floor(Date.now() / 1000) * 1000);
  const consider = (event: CoreV1Event): void => {
    for (const name of pending) {
      const meaning: EventMeaning = meaningOf(event, {
        naisjob: name,
        correlationId: request.correlationId,
        since,
        imageResync: request.imageResyncs?.get(name),
      });
      if (meaning.kind !== 'ignore' && meaning.kind !== 'another-deploy') heard.add(name);
      switch (meaning.kind) {
        case 'ignore':
          break;
        case 'another-deploy':
          recheck(name);
          break;
        case 'progress': {
          const key = `${name}:${meaning.text}`;
          if (!seenProgress.has(key)) {
            seenProgress.add(key);
            request.onProgress(name, meaning.text);
          }
          break;
        }
        case 'synchronised':
          request.onProgress(name, meaning.text);
          decide(name, { state: 'synchronised', message: meaning.text });
          break;
        case 'failed':
          decide(name, { state: 'failed', reason: meaning.reason, message: meaning.message });
          break;
        case 'redeployed':
          decide(name, {
            state: 'redeployed',
            message: `naiserator reported on Naisjob ${name} without any correlation ID, so something other than this deploy (${request.correlationId}) has deployed it since; this step stops watching it.`,
          });
          break;
      }
    }
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
  clearTimeout(quietTimer);
  // Reads under way may still find a newer deploy; each is one API call.
  while (reading.size > 0) await Promise.all(reading.values());

  for (const name of pending) {
    if (request.signal.aborted) {
      verdicts.set(name, {
        state: 'cancelled',
        message: `Cancelled while waiting for naiserator to synchronise Naisjob ${name}; it was applied, and naiserator will still act on it.`,
      });
      continue;
    }
    const live = await readLive(name);
    const by = supersededBy(live, request.correlationId);
    if (by !== undefined) {
      verdicts.set(name, { state: 'redeployed', message: supersededMessage(name, by, request.correlationId) });
      continue;
    }
    const state = (live?.status?.synchronizationState as string | undefined) ?? 'no status yet';
    const correlation = (live?.status?.correlationID as string | undefined) ?? 'none';
    verdicts.set(name, {
      state: 'timed-out',
      message: live
        ? `Timed out waiting for naiserator to synchronise Naisjob ${name}. At that moment its status was '${state}' (correlation ID ${correlation}; this deploy's is ${request.correlationId}). Is naiserator running in this cluster? Its events: kubectl get events -n ${request.namespace} --field-selector involvedObject.name=${name}`
        : `Timed out waiting for naiserator to synchronise Naisjob ${name}, and it could not be read at the end (deleted, or no access).`,
    });
  }
  return verdicts;
}
