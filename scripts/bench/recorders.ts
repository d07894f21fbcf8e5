// Recording what happens to Jobs and pods, with times, from a watch of their namespace.
import { now } from './harness.ts';
import { type Metadata, type Watched, Api } from './raw-api.ts';

interface Condition {
  type?: string;
  status?: string;
}

export interface JobObject {
  metadata?: Metadata;
  status?: { conditions?: Condition[]; startTime?: string };
}

export interface JobTimes {
  name: string;
  uid: string;
  /** When this watch first saw the Job (for Jobs that existed at the list: the list's time). */
  seen: number;
  existedAtStart: boolean;
  /** First time a terminal condition (Complete, SuccessCriteriaMet, Failed, FailureTarget) was True. */
  firstTerminal?: number;
  firstTerminalType?: string;
  complete?: number;
  failed?: number;
}

const terminalTypes = ['Complete', 'SuccessCriteriaMet', 'Failed', 'FailureTarget'];

/** Watches something and lets callers wait for a condition over what it has recorded. */
class Recorder {
  private waiters: (() => void)[] = [];
  protected readonly stop = new AbortController();
  protected notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves with `check()`'s first defined value, re-checked after each event; undefined after `timeoutMs`. */
  async until<R>(check: () => R | undefined, timeoutMs: number, signal?: AbortSignal): Promise<R | undefined> {
    const deadline = now() + timeoutMs;
    for (let round = 0; round < 100_000; round += 1) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - now();
      if (left <= 0 || signal?.aborted || this.stop.signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return undefined;
  }

  /** Lists and watches `path` until this recorder closes; resolves once the initial list is in. */
  protected async follow(
    api: Api,
    path: string,
    signal: AbortSignal,
    record: (type: string, object: Watched, t: number, initial: boolean) => void,
  ): Promise<void> {
    const stopOn = AbortSignal.any([signal, this.stop.signal]);
    let initial = true;
    await new Promise<void>((resolve, reject) => {
      api
        .listWatch(
          path,
          (type, object, t) => {
            record(type, object, t, initial);
          },
          stopOn,
          () => {
            initial = false;
            resolve();
          },
        )
        .catch(reject);
    });
  }

  close(): void {
    this.stop.abort();
    this.notify();
  }
}

export class JobRecorder extends Recorder {
  readonly jobs = new Map<string, JobTimes>();

  static async start(api: Api, namespace: string, signal: AbortSignal): Promise<JobRecorder> {
    const recorder = new JobRecorder();
    await recorder.follow(api, `/apis/batch/v1/namespaces/${namespace}/jobs`, signal, (type, job, t, initial) => {
      recorder.record(type, job, t, initial);
    });
    return recorder;
  }

  private record(type: string, job: JobObject, t: number, initial: boolean): void {
    const name = job.metadata?.name ?? '';
    const uid = job.metadata?.uid ?? '';
    if (type === 'DELETED') return;
    let times = this.jobs.get(name);
    if (!times || times.uid !== uid) {
      times = { name, uid, seen: t, existedAtStart: initial };
      this.jobs.set(name, times);
    }
    for (const condition of job.status?.conditions ?? []) {
      if (condition.status !== 'True' || !condition.type || !terminalTypes.includes(condition.type)) continue;
      if (times.firstTerminal === undefined) {
        times.firstTerminal = t;
        times.firstTerminalType = condition.type;
      }
      if (condition.type === 'Complete') times.complete ??= t;
      if (condition.type === 'Failed') times.failed ??= t;
    }
    this.notify();
  }

  /** A Job not among `known`. */
  newJob(known: ReadonlySet<string>): JobTimes | undefined {
    for (const job of this.jobs.values()) if (!known.has(job.name)) return job;
    return undefined;
  }
}

export interface PodObject {
  metadata?: Metadata;
  spec?: { containers?: { name: string }[] };
  status?: {
    phase?: string;
    containerStatuses?: { name: string; state?: { running?: unknown; terminated?: unknown } }[];
  };
}

export interface PodTimes {
  name: string;
  container: string;
  seen: number;
  existedAtStart: boolean;
  /** First time the first container was running or terminated. */
  started?: number;
  ended?: number;
}

export class PodRecorder extends Recorder {
  readonly pods = new Map<string, PodTimes>();

  static async start(api: Api, namespace: string, signal: AbortSignal): Promise<PodRecorder> {
    const recorder = new PodRecorder();
    await recorder.follow(api, `/api/v1/namespaces/${namespace}/pods`, signal, (type, pod, t, initial) => {
      recorder.record(type, pod, t, initial);
    });
    return recorder;
  }

  private record(type: string, pod: PodObject, t: number, initial: boolean): void {
    if (type === 'DELETED') return;
    const name = pod.metadata?.name ?? '';
    const container = pod.spec?.containers?.[0]?.name ?? '';
    let times = this.pods.get(name);
    if (!times) {
      times = { name, container, seen: t, existedAtStart: initial };
      this.pods.set(name, times);
    }
    const status = pod.status?.containerStatuses?.find((s) => s.name === container);
    if (status?.state?.running !== undefined || status?.state?.terminated !== undefined) times.started ??= t;
    if (status?.state?.terminated !== undefined) times.ended ??= t;
    this.notify();
  }

  newPod(known: ReadonlySet<string>): PodTimes | undefined {
    for (const pod of this.pods.values()) if (!known.has(pod.name)) return pod;
    return undefined;
  }
}
