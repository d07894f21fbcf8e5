// Keeps the latest state of one Job and its pods by watching them (never by polling the API),
// until the Job is terminal, a pod is stuck, the deadline passes or the step is cancelled.
import type { CoreV1Event, V1Job, V1Pod } from '@kubernetes/client-node';
import { stopAtDeadline } from '../cluster/deadline.ts';
import type { ClusterGateway } from '../cluster/gateway.ts';
import { mainContainerName } from './pods.ts';
import { podCreationStuck, stuckPod, type StuckPod } from './stuck.ts';
import { jobVerdict, type JobVerdict } from './verdict.ts';

export type TrackingEnd = 'terminal' | 'stuck' | 'timed-out' | 'cancelled' | 'deleted';

export interface TrackOptions {
  deadline: number;
  signal: AbortSignal;
  stuckGraceMs: number;
  /** Called once, the moment tracking ends, before any wrap-up: the earliest word on the verdict. */
  onEnd?: (tracker: JobTracker) => void;
}

/** How often waiters wake without news, so a grace period can run out without an event. */
const tickMs = 1000;

export class JobTracker {
  readonly namespace: string;
  readonly name: string;
  // What the watches saw. Only the tracker writes it; others read it through the getters below.
  private jobState: V1Job | undefined;
  private readonly podStates = new Map<string, V1Pod>();
  private readonly deletedPodNames = new Set<string>();
  private verdictState: JobVerdict = { state: 'running', active: 0, succeededPods: 0, failedPods: 0 };
  private stuckState: StuckPod | undefined;
  private endState: TrackingEnd | undefined;
  /** The Job controller's word that it cannot create the pods, which never comes right by itself. */
  private cannotCreatePods: StuckPod | undefined;
  private readonly gateway: ClusterGateway;
  private waiters: (() => void)[] = [];

  constructor(gateway: ClusterGateway, namespace: string, name: string) {
    this.gateway = gateway;
    this.namespace = namespace;
    this.name = name;
  }

  get job(): V1Job | undefined {
    return this.jobState;
  }

  get pods(): ReadonlyMap<string, V1Pod> {
    return this.podStates;
  }

  /** Pods deleted while tracked; their last state stays in `pods`. */
  get deletedPods(): ReadonlySet<string> {
    return this.deletedPodNames;
  }

  get verdict(): JobVerdict {
    return this.verdictState;
  }

  get stuck(): StuckPod | undefined {
    return this.stuckState;
  }

  get ended(): TrackingEnd | undefined {
    return this.endState;
  }

  /** Resolves on the next change, or after a second. */
  changed(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, tickMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** True once the pod's main container has written its last line, or tracking has ended. */
  finished(podName: string): boolean {
    if (this.ended) return true;
    const pod = this.pods.get(podName);
    if (!pod) return true;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return true;
    const main = mainContainerName(pod);
    const status = pod.status?.containerStatuses?.find((s) => s.name === main);
    // With restartPolicy OnFailure a terminated container may start again.
    return status?.state?.terminated !== undefined && pod.spec?.restartPolicy === 'Never';
  }

  /**
   * Reads the Job's pods again. The Job's terminal condition can arrive before its pods' last
   * updates (seen with 2 s of latency): the log printer then asks for their real state once.
   */
  async refreshPods(): Promise<void> {
    const uid = this.job?.metadata?.uid;
    if (!uid) return;
    const pods = await this.gateway.listPods(this.namespace, { labelSelector: `controller-uid=${uid}` });
    for (const pod of pods.items) {
      const name = pod.metadata?.name ?? '';
      if (!this.deletedPodNames.has(name)) this.podStates.set(name, pod);
    }
  }

  async track(options: TrackOptions): Promise<TrackingEnd> {
    const stopper = stopAtDeadline(options.deadline, options.signal);
    const end = (why: TrackingEnd): void => {
      if (this.ended === undefined) {
        this.endState = why;
        options.onEnd?.(this);
      }
      stopper.stop();
      this.notify();
    };
    const onStop = (): void => {
      const reason = stopper.reason();
      end(reason === 'timed-out' || reason === 'cancelled' ? reason : 'cancelled');
    };
    stopper.signal.addEventListener('abort', onStop, { once: true });
    if (stopper.signal.aborted) onStop();
    const ticker = setInterval(() => {
      this.evaluate(options.stuckGraceMs, end);
    }, tickMs);
    try {
      const jobSelector = { fieldSelector: `metadata.name=${this.name}` };
      const jobs = await this.gateway.listJobs(this.namespace, jobSelector);
      this.jobState = jobs.items[0];
      if (!this.job?.metadata?.uid) {
        end('deleted');
        return this.ended ?? 'deleted';
      }
      // The Job controller labels its pods with the Job's uid, which a re-created Job does not share.
      const podSelector = { labelSelector: `controller-uid=${this.job.metadata.uid}` };
      const pods = await this.gateway.listPods(this.namespace, podSelector);
      for (const pod of pods.items) this.podStates.set(pod.metadata?.name ?? '', pod);
      this.evaluate(options.stuckGraceMs, end);

      await Promise.all([
        this.gateway.watch<V1Job>({
          path: `/apis/batch/v1/namespaces/${this.namespace}/jobs`,
          query: jobSelector,
          resourceVersion: jobs.resourceVersion,
          onEvent: (type, job) => {
            if (type === 'DELETED') {
              end('deleted');
              return;
            }
            this.jobState = job;
            this.evaluate(options.stuckGraceMs, end);
          },
          relist: () => this.gateway.listJobs(this.namespace, jobSelector),
          signal: stopper.signal,
        }),
        this.gateway.watch<V1Pod>({
          path: `/api/v1/namespaces/${this.namespace}/pods`,
          query: podSelector,
          resourceVersion: pods.resourceVersion,
          onEvent: (type, pod) => {
            const name = pod.metadata?.name ?? '';
            // A deleted pod keeps its last state here, for the report and the log printer.
            if (type === 'DELETED') this.deletedPodNames.add(name);
            else this.podStates.set(name, pod);
            this.evaluate(options.stuckGraceMs, end);
          },
          relist: async () => {
            const list = await this.gateway.listPods(this.namespace, podSelector);
            return list;
          },
          signal: stopper.signal,
        }),
        this.watchFailedCreate(this.job.metadata.uid, options.stuckGraceMs, end, stopper.signal),
      ]);
    } catch (error) {
      // A cancelled or finished watch may fail on its way out; only a live failure counts.
      if (!this.ended) {
        stopper.stop();
        throw error;
      }
    } finally {
      clearInterval(ticker);
      stopper.signal.removeEventListener('abort', onStop);
      end(this.ended ?? 'cancelled');
    }
    return this.ended ?? 'cancelled';
  }

  /**
   * The Job's `FailedCreate` events. Without a resourceVersion the server first sends the events already
   * there, so one written before the watch began counts too.
   */
  private watchFailedCreate(
    uid: string,
    stuckGraceMs: number,
    end: (why: TrackingEnd) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const fieldSelector = `involvedObject.uid=${uid},reason=FailedCreate`;
    const take = (event: CoreV1Event): void => {
      this.cannotCreatePods ??= podCreationStuck(event);
      this.evaluate(stuckGraceMs, end);
    };
    return this.gateway.watch<CoreV1Event>({
      path: `/api/v1/namespaces/${this.namespace}/events`,
      query: { fieldSelector },
      resourceVersion: '',
      onEvent: (type, event) => {
        if (type !== 'DELETED') take(event);
      },
      relist: async () => {
        const list = await this.gateway.listEvents(this.namespace);
        return {
          items: list.items.filter((event) => event.involvedObject.uid === uid && event.reason === 'FailedCreate'),
          resourceVersion: list.resourceVersion,
        };
      },
      signal,
    });
  }

  private evaluate(stuckGraceMs: number, end: (why: TrackingEnd) => void): void {
    if (this.job) this.verdictState = jobVerdict(this.job);
    if (this.verdict.state !== 'running') {
      end('terminal');
      return;
    }
    if (this.cannotCreatePods) {
      this.stuckState = this.cannotCreatePods;
      end('stuck');
      return;
    }
    const now = Date.now();
    for (const pod of this.pods.values()) {
      const stuck = stuckPod(pod, now, stuckGraceMs);
      if (stuck) {
        this.stuckState = stuck;
        end('stuck');
        return;
      }
    }
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
