// Follows one container's log to its end, resuming through broken streams without losing or
// repeating lines. Memory stays flat: each line goes straight out; only a short tail is kept.
import { isAborted } from '../cancel.ts';
import type { ClusterGateway } from '../cluster/gateway.ts';
import type { PrintLine } from '../report/reporter.ts';
import { LogStreamBroken } from '../cluster/log-stream.ts';
import { LogCursor, TailBuffer } from './log-cursor.ts';
import { backoffDelay } from '../cluster/retry.ts';
import { realClock, type RetryClock } from '../cluster/retrying.ts';

export interface FollowRequest {
  namespace: string;
  pod: string;
  container: string;
  signal: AbortSignal;
  /** True once the container has written its last line (from the latest pod state). */
  finished: () => boolean;
  /** True when the pod no longer exists. */
  gone: () => boolean;
  /** Resolves on the next change of the pod, or after a short while. */
  changed: () => Promise<void>;
  /** Prints a line; a returned promise holds the stream until the output has room. */
  onLine: PrintLine;
  tailLines: number;
  /** Time and sleeps for the backoff; tests set it. */
  clock?: RetryClock;
}

export interface FollowResult {
  lines: number;
  tail: string[];
  /** Why the log may be incomplete, when it may be. */
  incomplete: string | undefined;
}

/** Bounds the resumes; each follows a break, a premature end or a not-yet-started container. */
const maxAttempts = 500;

export async function followContainerLog(gateway: ClusterGateway, request: FollowRequest): Promise<FollowResult> {
  const cursor = new LogCursor();
  const tail = new TailBuffer(request.tailLines);
  let incomplete: string | undefined = 'the step stopped following it';
  const clock = request.clock ?? realClock;
  // Breaks in a row without a line between them: the resumes back off (retry.ts).
  let breaks = 0;
  for (let attempt = 0; attempt < maxAttempts && !request.signal.aborted; attempt += 1) {
    if (breaks > 0) {
      const delayMs = backoffDelay(breaks, clock.random());
      gateway.noteRetry?.(
        `log of ${request.namespace}/${request.pod} (${request.container}): resuming in ${delayMs}ms after break ${breaks}`,
      );
      await clock.sleep(delayMs, request.signal);
      if (isAborted(request.signal)) break;
    }
    // Read before the stream: if it was already finished, a clean end of this stream is the end.
    const finishedBefore = request.finished();
    const sinceTime = cursor.resume();
    try {
      for await (const raw of gateway.logLines({
        namespace: request.namespace,
        pod: request.pod,
        container: request.container,
        // A finished container's log is read whole; a running one is followed.
        follow: !finishedBefore,
        timestamps: true,
        sinceTime,
        signal: request.signal,
      })) {
        const text = cursor.accept(raw);
        if (text === undefined) continue;
        breaks = 0;
        tail.push(text);
        const full = request.onLine(text);
        if (full) await full;
      }
      if (finishedBefore) {
        incomplete = undefined;
        break;
      }
      // The stream ended without our knowing the container did: learn the pod's state, then resume.
      if (!request.finished()) await request.changed();
    } catch (error) {
      if (isAborted(request.signal)) break;
      if (request.gone()) {
        incomplete = 'the pod was deleted';
        break;
      }
      if (isClientError(error)) {
        // Typically 400 "waiting to start": wait for the pod to change, unless it never will.
        incomplete = error instanceof Error ? error.message : String(error);
        if (finishedBefore) break;
        await request.changed();
      } else {
        // A broken stream, a lost connection or a transient answer (429, 5xx): resume after a backoff.
        if (!(error instanceof LogStreamBroken)) incomplete = error instanceof Error ? error.message : String(error);
        breaks += 1;
      }
    }
  }
  return { lines: tail.total, tail: tail.toArray(), incomplete };
}

/** A 4xx answer other than 429 (typically 400 while the container waits to start) is no fault to back off from. */
function isClientError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && code >= 400 && code < 500 && code !== 429;
}
