// Runs one API call under the retry policy (retry.ts): waits, says each retry in a debug line,
// counts them for the step's one notice, and for a write reads whether it landed before trying again.
import { debug } from '../log-sinks.ts';
import { describeApiError, type ApiAction } from './api-errors.ts';
import { decideRetry, failureOf, type CallKind } from './retry.ts';

/** What a write's read-back found: the write landed (here is the object), did not, or someone else wrote. */
export type Landing<T> = { state: 'landed'; object: T } | { state: 'absent' } | { state: 'other' };

export interface RetryPlan<T> {
  kind: CallKind;
  /** For a write: whether it landed, read after a failure that may have hidden it. */
  landed?: () => Promise<Landing<T>>;
}

export interface RetryClock {
  now: () => number;
  /** Resolves after `ms`, or at once when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  random: () => number;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    }),
  random: () => Math.random(),
};

/** Bounds one call's tries whatever the policy says. */
const maxTriesPerCall = 40;

export interface RetryOptions {
  /** The step's deadline (ms since the epoch); no retry waits past it. */
  deadline?: number | undefined;
  /** The step's cancellation: no retry after it. */
  signal?: AbortSignal | undefined;
  clock?: RetryClock | undefined;
}

export class Retrier {
  private reached = false;
  private count = 0;
  readonly clock: RetryClock;
  readonly server: string;
  private readonly options: RetryOptions;
  constructor(server: string, options: RetryOptions = {}) {
    this.server = server;
    this.options = options;
    this.clock = options.clock ?? realClock;
  }

  /** Retries made so far by calls, watches and log streams. */
  get retries(): number {
    return this.count;
  }

  /** Notes a server answer: a server once reached gets the full budget afterwards. */
  markReached(): void {
    this.reached = true;
  }

  get everReached(): boolean {
    return this.reached;
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  remainingMs(): number {
    return (this.options.deadline ?? this.clock.now() + 120_000) - this.clock.now();
  }

  /** Counts a retry and says it in a debug line. */
  note(what: string): void {
    this.count += 1;
    debug(what);
  }

  async call<T>(action: ApiAction, request: () => Promise<T>, plan: RetryPlan<T> = { kind: 'read' }): Promise<T> {
    const label = `${action.verb} ${action.resource} ${action.namespace ?? ''}/${action.name ?? ''}`;
    let firstFailure: number | undefined;
    for (let failures = 1; ; failures += 1) {
      const started = this.clock.now();
      try {
        const result = await request();
        this.reached = true;
        debug(`${label}: ${this.clock.now() - started}ms`);
        return result;
      } catch (error) {
        const failure = failureOf(error);
        if (failure.status !== undefined) this.reached = true;
        firstFailure ??= started;
        debug(`${label} failed after ${this.clock.now() - started}ms`);
        const decision =
          failures >= maxTriesPerCall || this.options.signal?.aborted
            ? ({ retry: false } as const)
            : decideRetry(plan.kind, failure, {
                failures,
                failingForMs: this.clock.now() - firstFailure,
                remainingMs: this.remainingMs(),
                everReached: this.reached,
                random: this.clock.random(),
              });
        if (!decision.retry) throw describeApiError(error, { ...action, server: this.server });
        this.note(`retrying ${label} in ${decision.delayMs}ms (try ${failures + 1}): ${decision.why}`);
        await this.clock.sleep(decision.delayMs, this.options.signal);
        if (decision.checkFirst && plan.landed) {
          const landing = await plan.landed();
          if (landing.state === 'landed') {
            debug(`${label}: the write had landed; not sending it again`);
            return landing.object;
          }
          if (landing.state === 'other') throw describeApiError(error, { ...action, server: this.server });
        }
      }
    }
  }
}

/** True when every annotation the write sent is on the live object: the write that landed was ours. */
export function carriesAnnotations(
  sent: { metadata?: { annotations?: Record<string, string> } },
  live: { metadata?: { annotations?: Record<string, string> } },
): boolean {
  // Without annotations (a force-run Job, whose random name is its own), existence is enough.
  const annotations = Object.entries(sent.metadata?.annotations ?? {});
  return annotations.every(([key, value]) => live.metadata?.annotations?.[key] === value);
}

/** The one notice of a step that needed retries, or undefined. */
export function retryNotice(retries: number): string | undefined {
  if (retries === 0) return undefined;
  return `The cluster's API failed transiently; the step retried ${retries} time${retries === 1 ? '' : 's'} and went on (each retry is in the debug log).`;
}
