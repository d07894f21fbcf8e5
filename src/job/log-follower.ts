// Follows one container's log to its end, resuming through broken streams without losing or
// repeating lines. Memory stays flat: each line goes straight out; only a short tail is kept.
import { isAborted } from '../cancel.ts';
import type { ClusterGateway } from '../cluster/gateway.ts';
import type { PrintLine } from '../report/reporter.ts';
import { LogStreamBroken } from '../cluster/log-stream.ts';
import { LogCursor, TailBuffer } from './log-cursor.ts';

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
  for (let attempt = 0; attempt < maxAttempts && !request.signal.aborted; attempt += 1) {
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
      if (!(error instanceof LogStreamBroken)) {
        // Typically 400 "waiting to start": wait for the pod to change, unless it never will.
        incomplete = error instanceof Error ? error.message : String(error);
        if (finishedBefore) break;
        await request.changed();
      }
    }
  }
  return { lines: tail.total, tail: tail.toArray(), incomplete };
}
