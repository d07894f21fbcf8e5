// A per-key work queue like controller-runtime's: tasks for one key run one at a time, in order;
// a reconcile requested while another is already waiting for the same key is merged into it
// (the reconcile reads the object fresh, so one run covers both). Different keys run in parallel.

export type Task = () => Promise<void>;

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waitingReconciles = new Set<string>();
  private readonly onError: (key: string, error: unknown) => void;

  constructor(onError: (key: string, error: unknown) => void) {
    this.onError = onError;
  }

  /** Runs `task` after everything already queued for `key`. */
  run(key: string, task: Task): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.onError(key, error);
    });
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Queues a reconcile of `key` unless one is already waiting; false when merged. */
  reconcile(key: string, reconcile: (key: string) => Promise<void>): boolean {
    if (this.waitingReconciles.has(key)) return false;
    this.waitingReconciles.add(key);
    void this.run(key, async () => {
      this.waitingReconciles.delete(key);
      await reconcile(key);
    });
    return true;
  }

  /** Resolves when every task queued so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
