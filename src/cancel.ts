// Cancellation: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the process; a
// terminal sends SIGINT on Ctrl-C. The first signal stops the waiting; the process then leaves
// on its own, or at the latest just before the runner would kill it.
const exitAfterCancelMs = 6500;

/** Whether the signal has fired. A call, so the compiler does not assume the signal is unchanged across awaits. */
export const isAborted = (signal: AbortSignal): boolean => signal.aborted;

export interface Cancellation {
  signal: AbortSignal;
  dispose: () => void;
}

export function cancelOnSignals(onCancel: (signal: NodeJS.Signals) => void): Cancellation {
  const controller = new AbortController();
  const handle = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    onCancel(signal);
    controller.abort();
    setTimeout(() => {
      process.exit(process.exitCode ?? 1);
    }, exitAfterCancelMs).unref();
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return {
    signal: controller.signal,
    dispose: () => {
      process.removeListener('SIGINT', handle);
      process.removeListener('SIGTERM', handle);
    },
  };
}
