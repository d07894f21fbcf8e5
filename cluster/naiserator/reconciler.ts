// What naiserator does with one Naisjob (pkg/synchronizer/synchronizer.go and monitoring.go,
// as summarised in shared/reference/nais-behaviour.md 6.2–6.3), against the real API.
// Every call for one Naisjob goes through the KeyedQueue, so reconciles and the rollout monitor
// of one Naisjob never overlap.
import { randomUUID } from 'node:crypto';
import type { CoreV1Event, V1CronJob } from '@kubernetes/client-node';
import {
  apiFailure,
  deleteImage,
  describeError,
  getImage,
  getNaisjob,
  namespaceAnnotations,
  replaceNaisjob,
  replaceNaisjobStatus,
  type Clients,
} from './api.ts';
import {
  featureAnnotations,
  featuresFrom,
  generateRefusal,
  prepareRefusal,
  synchronizationRefusal,
  type FeatureSettings,
  type NaiseratorFeatures,
  type Refusal,
} from './refusals.ts';
import { applyNaisjobDefaults, naiseratorSkips, naisjobSpecHash } from './spec-hash.ts';
import type { KeyedQueue } from './queue.ts';
import {
  buildCronJob,
  buildEvent,
  buildJobFromCronJob,
  buildServiceAccount,
  correlationIdAnnotation,
  finalizer,
  messages,
  repeatEvent,
  statusFor,
  SyncState,
  type Naisjob,
  type NaisjobStatus,
  type StatusChange,
} from './resources.ts';

export type Log = (key: string, line: string) => void;

interface Monitor {
  id: number;
  timer: NodeJS.Timeout | undefined;
}

export interface ReconcilerOptions {
  clients: Clients;
  queue: KeyedQueue;
  log: Log;
  /** Wait before each rollout check (naiserator's RolloutCheckInterval). */
  monitorDelayMs: number;
  /** What the cluster offers (default: a plain cluster), and naiserator's `aiven-generation`. */
  features?: { cluster: NaiseratorFeatures; aivenGeneration: number };
  /** Checks before the monitor gives up (naiserator tries until redeployed). */
  monitorAttempts?: number;
  /** Wait before retrying after a conflict or a network error. */
  retryDelayMs?: number;
}

/** The test settings a namespace's annotations give (see refusals.ts featureAnnotations). */
function namespaceSettings(annotations: Record<string, string>): FeatureSettings {
  return {
    features: annotations[featureAnnotations.features],
    loggingDestinations: annotations[featureAnnotations.loggingDestinations],
    otelDestinations: annotations[featureAnnotations.otelDestinations],
  };
}

export const keyOf = (naisjob: Pick<Naisjob, 'metadata'>): string =>
  `${naisjob.metadata.namespace}/${naisjob.metadata.name}`;

function splitKey(key: string): { namespace: string; name: string } {
  const [namespace = '', name = ''] = key.split('/');
  return { namespace, name };
}

export class Reconciler {
  private readonly clients: Clients;
  private readonly queue: KeyedQueue;
  private readonly log: Log;
  private readonly monitorDelayMs: number;
  private readonly features: { cluster: NaiseratorFeatures; aivenGeneration: number };
  private readonly monitorAttempts: number;
  private readonly retryDelayMs: number;
  private readonly monitors = new Map<string, Monitor>();
  private readonly retries = new Set<NodeJS.Timeout>();
  /** What a refusal was last reported for, so our own status write does not report it again. */
  private readonly reportedRefusals = new Map<string, string>();
  private nextMonitorId = 0;
  private stopped = false;

  constructor(options: ReconcilerOptions) {
    this.clients = options.clients;
    this.queue = options.queue;
    this.log = options.log;
    this.monitorDelayMs = options.monitorDelayMs;
    this.features = options.features ?? { cluster: featuresFrom({}), aivenGeneration: 0 };
    this.monitorAttempts = options.monitorAttempts ?? 120;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  /** Queues a reconcile of the Naisjob `namespace/name`. */
  enqueue(key: string): void {
    if (!this.stopped) this.queue.reconcile(key, (queued) => this.reconcile(queued));
  }

  stop(): void {
    this.stopped = true;
    for (const monitor of this.monitors.values()) clearTimeout(monitor.timer);
    this.monitors.clear();
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
  }

  async reconcile(key: string): Promise<void> {
    if (this.stopped) return;
    const { namespace, name } = splitKey(key);
    let naisjob = await getNaisjob(this.clients, namespace, name);
    if (!naisjob) {
      this.cancelMonitor(key);
      this.reportedRefusals.delete(key);
      return;
    }

    if (naisjob.metadata.deletionTimestamp) {
      this.cancelMonitor(key);
      this.reportedRefusals.delete(key);
      const finalizers = naisjob.metadata.finalizers ?? [];
      if (finalizers.includes(finalizer)) {
        // synchronizer.go cleanUpAfterAppDeletion: the workload's Image goes with it.
        if (await deleteImage(this.clients, namespace, name)) this.log(key, `deleted Image ${name}`);
        naisjob.metadata.finalizers = finalizers.filter((item) => item !== finalizer);
        await replaceNaisjob(this.clients, naisjob);
        this.log(key, 'deleted; removed finalizer');
      }
      return;
    }

    naisjob = await this.ensureMetadata(key, naisjob);
    // synchronizer.go Reconcile: a reconcile starts from a status without conditions and problems.
    const base: NaisjobStatus = { ...naisjob.status, conditions: undefined, problems: undefined };
    const annotated = naisjob.metadata.annotations?.[correlationIdAnnotation];

    // synchronizer.go Prepare: defaults and hash, then the wanted image, then the skip rule.
    const hash = naisjobSpecHash(naisjob.spec, this.features.aivenGeneration);
    const wantedImage = naisjob.spec.image || (await getImage(this.clients, namespace, name))?.spec?.image || '';
    if (wantedImage === '') {
      const message = `get wanted image: ${key}: external image resource not found (no spec.image and no Image named ${name})`;
      await this.refuse(key, naisjob, base, hash, annotated ?? '', { state: SyncState.FailedPrepare, message }, {});
      return;
    }
    if (naiseratorSkips(naisjob, wantedImage, this.features.aivenGeneration)) {
      this.log(key, messages.hashUnchanged);
      // A rollout not yet complete (e.g. after a restart) is monitored again, under the
      // correlation ID of the annotation, as MonitorRollout reads it.
      if (naisjob.status?.synchronizationState === SyncState.Synchronized && !this.monitors.has(key)) {
        this.startMonitor(key, naisjob, annotated ?? '');
      }
      return;
    }

    this.cancelMonitor(key);
    // From here naiserator has set effectiveImage and ensured a correlation ID (in memory).
    const correlationId = annotated ?? randomUUID();
    const common = { now: new Date(), correlationId, effectiveImage: wantedImage };
    const defaulted = applyNaisjobDefaults(naisjob.spec);
    const features = featuresFrom(
      namespaceSettings(await namespaceAnnotations(this.clients, namespace)),
      this.features.cluster,
    );
    const refusal =
      prepareRefusal(defaulted, namespace) ??
      generateRefusal(defaulted, features) ??
      synchronizationRefusal(naisjob.metadata.labels);
    if (refusal) {
      await this.refuse(key, naisjob, base, hash, correlationId, refusal, { effectiveImage: wantedImage });
      return;
    }
    this.reportedRefusals.delete(key);

    const failure = await this.apply(key, naisjob, correlationId, wantedImage);
    if (failure) {
      if (failure.retry) {
        await this.settle(key, naisjob, base, 'Warning', correlationId, {
          ...common,
          state: SyncState.Retrying,
          message: failure.message,
        });
        this.retryLater(key);
      } else {
        // A permanent failure: the hash is stored, so naiserator does not try this spec again.
        await this.settle(key, naisjob, base, 'Warning', correlationId, {
          ...common,
          state: SyncState.FailedSynchronization,
          message: failure.message,
          hash,
          problem: failure.message,
        });
      }
      return;
    }

    await this.settle(key, naisjob, base, 'Normal', correlationId, {
      ...common,
      state: SyncState.Synchronized,
      message: messages.synchronized,
      hash,
      synchronized: true,
    });
    this.startMonitor(key, naisjob, correlationId);
  }

  /** naiserator's finalizer, and the `team` label it puts back when a deploy drops it. */
  private async ensureMetadata(key: string, naisjob: Naisjob): Promise<Naisjob> {
    const { metadata } = naisjob;
    const needsFinalizer = !(metadata.finalizers ?? []).includes(finalizer);
    const needsTeam = metadata.labels?.team !== metadata.namespace;
    if (!needsFinalizer && !needsTeam) return naisjob;
    const updated: Naisjob = {
      ...naisjob,
      metadata: {
        ...metadata,
        finalizers: needsFinalizer ? [...(metadata.finalizers ?? []), finalizer] : metadata.finalizers,
        labels: { ...metadata.labels, team: metadata.namespace },
      },
    };
    const result = await replaceNaisjob(this.clients, updated);
    this.log(
      key,
      [needsFinalizer ? 'added finalizer' : '', needsTeam ? 'added team label' : ''].filter(Boolean).join('; '),
    );
    return result;
  }

  /**
   * A refusal as synchronizer.go reports it: an event (Warning, reason = state) and the status
   * with the state, an Error problem, and the hash only for FailedSynchronization (its
   * "permanent failure"); status.correlationID only once Generate succeeded. naiserator
   * requeues FailedPrepare after 30 minutes and FailedGenerate with backoff; the stand-in reports
   * one refusal once per spec, correlation ID and message, so its own status write does not
   * report it again.
   */
  private async refuse(
    key: string,
    naisjob: Naisjob,
    base: NaisjobStatus,
    hash: string,
    correlationId: string,
    refusal: Refusal,
    extra: { effectiveImage?: string },
  ): Promise<void> {
    // The annotation, not a correlation ID made up for this reconcile, so a repeat is recognised.
    const annotated = naisjob.metadata.annotations?.[correlationIdAnnotation] ?? '';
    const signature = `${hash} ${annotated} ${extra.effectiveImage ?? ''} ${refusal.message}`;
    if (this.reportedRefusals.get(key) === signature) {
      this.log(key, `${refusal.state} already reported for this spec`);
      return;
    }
    this.reportedRefusals.set(key, signature);
    const permanent = refusal.state === SyncState.FailedSynchronization;
    await this.settle(key, naisjob, base, 'Warning', correlationId, {
      state: refusal.state,
      message: refusal.message,
      now: new Date(),
      problem: refusal.message,
      ...extra,
      ...(permanent ? { hash, correlationId } : {}),
    });
  }

  /** Creates the ServiceAccount if missing and creates or updates the CronJob; a failure is described as naiserator does. */
  private async apply(
    key: string,
    naisjob: Naisjob,
    correlationId: string,
    image: string,
  ): Promise<{ message: string; retry: boolean } | undefined> {
    const { namespace } = naisjob.metadata;
    let kind = 'ServiceAccount';
    try {
      try {
        await this.clients.core.createNamespacedServiceAccount({
          namespace,
          body: buildServiceAccount(naisjob, correlationId),
        });
        this.log(key, 'created ServiceAccount');
      } catch (error) {
        if (apiFailure(error)?.code !== 409) throw error;
      }
      kind = 'CronJob';
      const cronJob = buildCronJob(naisjob, correlationId, image);
      const live = await this.readCronJob(namespace, naisjob.metadata.name);
      if (live) {
        if (cronJob.metadata) cronJob.metadata.resourceVersion = live.metadata?.resourceVersion;
        const updated = await this.clients.batch.replaceNamespacedCronJob({
          namespace,
          name: naisjob.metadata.name,
          body: cronJob,
        });
        this.log(key, `updated CronJob (generation ${updated.metadata?.generation ?? '?'})`);
      } else {
        const created = await this.clients.batch.createNamespacedCronJob({ namespace, body: cronJob });
        this.log(key, `created CronJob (generation ${created.metadata?.generation ?? '?'})`);
      }
      return undefined;
    } catch (error) {
      const failure = apiFailure(error);
      if (!failure) {
        // Not an answer from the API (e.g. a connection error): naiserator's client would retry.
        return { message: `persisting ${kind} to Kubernetes: ${describeError(error)}`, retry: true };
      }
      const reason = failure.reason === '' ? 'validation error' : failure.reason;
      return {
        message: `persisting ${kind} to Kubernetes: ${reason}: ${failure.message}`,
        retry: failure.code === 409,
      };
    }
  }

  private async readCronJob(namespace: string, name: string): Promise<V1CronJob | undefined> {
    try {
      return await this.clients.batch.readNamespacedCronJob({ namespace, name });
    } catch (error) {
      if (apiFailure(error)?.code === 404) return undefined;
      throw error;
    }
  }

  private retryLater(key: string): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.enqueue(key);
    }, this.retryDelayMs);
    this.retries.add(timer);
  }

  // --- Rollout monitor ---

  private cancelMonitor(key: string): void {
    const monitor = this.monitors.get(key);
    if (monitor) clearTimeout(monitor.timer);
    this.monitors.delete(key);
  }

  /**
   * After each delay: read the CronJob; if suspended, create its Job `<name48>-<generation>`
   * (AlreadyExists is fine); then report RolloutComplete. Repeats on errors until redeployed.
   */
  private startMonitor(key: string, naisjob: Naisjob, correlationId: string): void {
    this.cancelMonitor(key);
    const monitor: Monitor = { id: (this.nextMonitorId += 1), timer: undefined };
    this.monitors.set(key, monitor);
    let eventReported = false;
    let attempts = 0;
    const current = (): boolean => !this.stopped && this.monitors.get(key)?.id === monitor.id;

    const check = async (): Promise<void> => {
      if (!current()) return;
      attempts += 1;
      try {
        const { namespace, name } = naisjob.metadata;
        const cronJob = await this.clients.batch.readNamespacedCronJob({ namespace, name });
        if (cronJob.spec.suspend === true) await this.createJob(key, cronJob);
        if (!eventReported) {
          await this.reportOrThrow(
            naisjob,
            SyncState.RolloutComplete,
            'Normal',
            messages.cronJobComplete,
            correlationId,
          );
          eventReported = true;
        }
        await this.writeStatus(
          key,
          naisjob,
          (live) =>
            statusFor(live, { state: SyncState.RolloutComplete, message: messages.rolloutComplete, now: new Date() }),
          true,
        );
        this.log(key, 'rollout complete; monitoring done');
        this.monitors.delete(key);
      } catch (error) {
        this.log(key, `monitor: ${describeError(error)}`);
        if (attempts >= this.monitorAttempts) {
          this.log(key, 'monitor: giving up');
          this.monitors.delete(key);
        } else schedule();
      }
    };
    const schedule = (): void => {
      monitor.timer = setTimeout(() => {
        if (current()) void this.queue.run(key, check);
      }, this.monitorDelayMs);
    };
    schedule();
  }

  private async createJob(key: string, cronJob: V1CronJob): Promise<void> {
    const job = buildJobFromCronJob(cronJob);
    const namespace = cronJob.metadata?.namespace ?? '';
    try {
      await this.clients.batch.createNamespacedJob({ namespace, body: job });
      this.log(key, `created Job ${job.metadata?.name ?? ''}`);
    } catch (error) {
      if (apiFailure(error)?.reason !== 'AlreadyExists') throw error;
      this.log(key, `Job ${job.metadata?.name ?? ''} already exists`);
    }
  }

  // --- Events and status ---

  /** An event, or the count of an earlier one with the same message raised (as naiserator). */
  private async reportOrThrow(
    naisjob: Naisjob,
    state: SyncState,
    type: 'Normal' | 'Warning',
    message: string,
    correlationId: string,
  ): Promise<void> {
    const key = keyOf(naisjob);
    const { namespace, name, uid = '' } = naisjob.metadata;
    const fresh: CoreV1Event = buildEvent(naisjob, state, type, message, correlationId);
    const existing = await this.clients.core.listNamespacedEvent({
      namespace,
      fieldSelector: `involvedObject.name=${name},involvedObject.uid=${uid}`,
    });
    const earlier = existing.items.find((event) => event.message === fresh.message);
    if (earlier?.metadata.name) {
      const updated = repeatEvent(earlier, fresh);
      await this.clients.core.replaceNamespacedEvent({ namespace, name: earlier.metadata.name, body: updated });
      this.log(key, `event ${state} (${type}, count ${updated.count ?? 0}): ${fresh.message ?? ''}`);
    } else {
      await this.clients.core.createNamespacedEvent({ namespace, body: fresh });
      this.log(key, `event ${state} (${type}): ${fresh.message ?? ''}`);
    }
  }

  /** naiserator's pair of writes for a state: the event (reason = state), then the status. */
  private async settle(
    key: string,
    naisjob: Naisjob,
    base: NaisjobStatus,
    type: 'Normal' | 'Warning',
    correlationId: string,
    change: StatusChange,
  ): Promise<void> {
    await this.report(naisjob, change.state, type, change.message, correlationId);
    await this.writeStatus(key, naisjob, () => statusFor(base, change));
  }

  private async report(
    naisjob: Naisjob,
    state: SyncState,
    type: 'Normal' | 'Warning',
    message: string,
    correlationId: string,
  ): Promise<void> {
    try {
      await this.reportOrThrow(naisjob, state, type, message, correlationId);
    } catch (error) {
      this.log(keyOf(naisjob), `could not report event ${state}: ${describeError(error)}`);
    }
  }

  /**
   * Writes the status through the status subresource onto the live object, retrying conflicts.
   * A failure becomes a FailedStatusUpdate event, as in naiserator; with `rethrow` it is also
   * passed on (the monitor then tries again).
   */
  private async writeStatus(
    key: string,
    naisjob: Naisjob,
    next: (live: NaisjobStatus | undefined) => NaisjobStatus,
    rethrow = false,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const live = await getNaisjob(this.clients, naisjob.metadata.namespace, naisjob.metadata.name);
        if (!live || live.metadata.uid !== naisjob.metadata.uid) return;
        const status = next(live.status);
        await replaceNaisjobStatus(this.clients, { ...live, status });
        this.log(key, `status ${status.synchronizationState ?? ''}`);
        return;
      } catch (error) {
        if (apiFailure(error)?.code === 409 && attempt < 5) continue;
        await this.report(
          naisjob,
          SyncState.FailedStatusUpdate,
          'Warning',
          describeError(error),
          naisjob.metadata.annotations?.[correlationIdAnnotation] ?? '',
        );
        if (rethrow) throw error;
        this.log(key, `status update failed: ${describeError(error)}`);
        return;
      }
    }
  }
}
