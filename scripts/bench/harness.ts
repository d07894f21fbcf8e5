// The benchmark's shared basics: one clock, sleeping and stopping on interrupt, the context every benchmark
// gets, and small helpers for names and figures. The rest of the machinery: child.ts (processes), action-runs.ts
// (the bundled action and kubectl), raw-api.ts (an API client of its own), metrics.ts, recorders.ts (Job and pod
// times from a watch) and naisjobs.ts (namespaces and Naisjob files).
import type { Cluster } from '../../cluster/start.ts';
import type { Api } from './raw-api.ts';

/** Milliseconds since the epoch, with sub-millisecond resolution and monotonic within this process. */
export const now = (): number => performance.timeOrigin + performance.now();

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class Aborted extends Error {
  constructor() {
    super('The benchmark was interrupted.');
    this.name = 'Aborted';
  }
}

export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Aborted();
}

export interface BenchContext {
  cluster: Cluster;
  /** The pinned kubectl, from the same build as the cluster (ensureComponents). */
  kubectl: string;
  quick: boolean;
  /** A scratch directory of this run. */
  work: string;
  admin: Api;
  /** Kubeconfig files whose current context is admin or team. */
  kubeconfigFiles: { admin: string; team: string };
  signal: AbortSignal;
  log: (line: string) => void;
}

/** A short random suffix for names. */
export function suffix(): string {
  return Math.random().toString(36).slice(2, 7);
}

/** Milliseconds with one decimal. */
export const ms = (value: number): number => Math.round(value * 10) / 10;
