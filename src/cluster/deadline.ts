// One signal for "stop waiting": the step's cancellation, its deadline, or the waiter's own stop.

export type StopReason = 'stopped' | 'timed-out' | 'cancelled';

export interface Stopper {
  signal: AbortSignal;
  stop: () => void;
  /** Why the signal fired, or undefined while it has not. */
  reason: () => StopReason | undefined;
}

const maxTimerMs = 2 ** 31 - 1;

export function stopAtDeadline(deadline: number, cancel: AbortSignal): Stopper {
  const own = new AbortController();
  // A timer above 2^31-1 ms fires at once; settings refuse such durations, this keeps any other caller safe.
  const timeout = AbortSignal.timeout(Math.min(maxTimerMs, Math.max(0, deadline - Date.now())));
  const signal = AbortSignal.any([own.signal, timeout, cancel]);
  return {
    signal,
    stop: () => {
      own.abort();
    },
    reason: () => {
      if (!signal.aborted) return undefined;
      if (cancel.aborted) return 'cancelled';
      if (timeout.aborted) return 'timed-out';
      return 'stopped';
    },
  };
}
