// Pure builders for the naiserator stand-in: what naiserator generates from a Naisjob (a
// ServiceAccount and a CronJob), the Job its monitor makes from a suspended CronJob, its events
// and its status. The facts are in shared/reference/nais-behaviour.md, sections 6.1–6.3.
// Of the integrations only the Cloud SQL proxy is here, as naiserator's native sidecar (an init
// container with restartPolicy Always) for `spec.gcp.sqlInstances`, so tests meet a pod with a
// sidecar. Left out on purpose: network policies, the other integrations (Azure, Kafka, …) and
// other sidecars, the proxy's credentials, filesFrom volumes and the service-account token
// volume; none of them exist in the local cluster.
import {
  V1MicroTime,
  type CoreV1Event,
  type V1Container,
  type V1CronJob,
  type V1EnvFromSource,
  type V1EnvVar,
  type V1Job,
  type V1Lifecycle,
  type V1OwnerReference,
  type V1ResourceRequirements,
  type V1SecurityContext,
  type V1ServiceAccount,
} from '@kubernetes/client-node';
import { applyNaisjobDefaults } from './spec-hash.ts';

export const correlationIdAnnotation = 'nais.io/deploymentCorrelationID';
export const changeCauseAnnotation = 'kubernetes.io/change-cause';
export const finalizer = 'naiserator.nais.io/finalizer';
export const reportingController = 'naiserator';
/** The cluster name naiserator would put into NAIS_CLUSTER_NAME. */
export const clusterName = 'local';

export const SyncState = {
  FailedPrepare: 'FailedPrepare',
  FailedGenerate: 'FailedGenerate',
  FailedSynchronization: 'FailedSynchronization',
  Retrying: 'Retrying',
  Synchronized: 'Synchronized',
  RolloutComplete: 'RolloutComplete',
  FailedStatusUpdate: 'FailedStatusUpdate',
} as const;
export type SyncState = (typeof SyncState)[keyof typeof SyncState];

export const messages = {
  synchronized: 'Deployment has been processed; waiting for completion...',
  cronJobComplete: 'No support for monitoring CronJobs',
  /** The condition message naiserator writes when the rollout is complete. */
  rolloutComplete: 'Successfully deployed.',
  hashUnchanged: 'Synchronization hash not changed; skipping synchronization',
} as const;

// --- The Naisjob as JSON from the API (only what the stand-in reads) ---

export interface ResourceSpec {
  cpu?: string;
  memory?: string;
}

export interface NaisjobSpec {
  image?: string;
  schedule?: string;
  timeZone?: string;
  command?: string[];
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  completions?: number;
  parallelism?: number;
  completionMode?: string;
  concurrencyPolicy?: string;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  resources?: { limits?: ResourceSpec; requests?: ResourceSpec };
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath?: string } } }[];
  envFrom?: { configmap?: string; secret?: string }[];
  preStopHook?: { exec?: { command?: string[] }; http?: { path?: string; port?: number } };
  gcp?: { sqlInstances?: { name?: string; type?: string; [field: string]: unknown }[]; [field: string]: unknown };
  [field: string]: unknown;
}

export interface NaisjobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface NaisjobProblem {
  type: string;
  message: string;
}

export interface NaisjobStatus {
  conditions?: NaisjobCondition[];
  synchronizationState?: string;
  synchronizationHash?: string;
  /** Unix time in nanoseconds. */
  synchronizationTime?: number;
  correlationID?: string;
  effectiveImage?: string;
  problems?: NaisjobProblem[];
  [field: string]: unknown;
}

export interface Naisjob {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
  };
  spec: NaisjobSpec;
  status?: NaisjobStatus;
}

// --- Generated objects ---

const defaultSchedule = '0 0 1 1 *';
const defaults = {
  backoffLimit: 6,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 1,
  requests: { cpu: '200m', memory: '256Mi' },
  limits: { memory: '512Mi' },
} as const;
const runAsId = 1069;

export function ownerReference(naisjob: Naisjob): V1OwnerReference {
  return { apiVersion: 'nais.io/v1', kind: 'Naisjob', name: naisjob.metadata.name, uid: naisjob.metadata.uid ?? '' };
}

/** Naisjob labels plus `app` and `team`, as naiserator's CreateObjectMeta. */
export function naisjobLabels(naisjob: Naisjob): Record<string, string> {
  return { ...naisjob.metadata.labels, app: naisjob.metadata.name, team: naisjob.metadata.namespace };
}

/** CreateObjectMeta: name, namespace, labels, the correlation ID and an owner reference (no controller flag). */
function objectMeta(naisjob: Naisjob, correlationId: string) {
  const annotations: Record<string, string> = { [correlationIdAnnotation]: correlationId };
  return {
    name: naisjob.metadata.name,
    namespace: naisjob.metadata.namespace,
    labels: naisjobLabels(naisjob),
    annotations,
    ownerReferences: [ownerReference(naisjob)],
  };
}

export function buildServiceAccount(naisjob: Naisjob, correlationId = ''): V1ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: objectMeta(naisjob, correlationId) };
}

/** liberator's defaults are merged field by field, so a given limit keeps the other defaults. */
export function resourceRequirements(spec: NaisjobSpec): V1ResourceRequirements {
  const requests = { ...defaults.requests, ...withoutEmpty(spec.resources?.requests) };
  const limits = { ...defaults.limits, ...withoutEmpty(spec.resources?.limits) };
  return { requests, limits };
}

function withoutEmpty(values: ResourceSpec | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined && value !== ''));
}

/** naiserator's variables first, then the Naisjob's own; valueFrom only carries fieldRef. */
export function containerEnv(naisjob: Naisjob, image: string): V1EnvVar[] {
  const { name, namespace } = naisjob.metadata;
  const own: V1EnvVar[] = (naisjob.spec.env ?? []).map((variable) => {
    const fieldPath = variable.valueFrom?.fieldRef?.fieldPath;
    return fieldPath
      ? { name: variable.name, valueFrom: { fieldRef: { fieldPath } } }
      : { name: variable.name, value: variable.value ?? '' };
  });
  return [
    { name: 'NAIS_APP_NAME', value: name },
    { name: 'NAIS_NAMESPACE', value: namespace },
    { name: 'NAIS_APP_IMAGE', value: image },
    { name: 'NAIS_CLUSTER_NAME', value: clusterName },
    { name: 'NAIS_CLIENT_ID', value: `${clusterName}:${namespace}:${name}` },
    { name: 'NAIS_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'LOG4J_FORMAT_MSG_NO_LOOKUPS', value: 'true' },
    { name: 'PORT', value: '8080' },
    { name: 'BIND_ADDRESS', value: '0.0.0.0:8080' },
    ...own,
  ];
}

function envFrom(spec: NaisjobSpec): V1EnvFromSource[] | undefined {
  const sources = (spec.envFrom ?? []).flatMap((source): V1EnvFromSource[] => {
    if (source.configmap) return [{ configMapRef: { name: source.configmap } }];
    if (source.secret) return [{ secretRef: { name: source.secret } }];
    return [];
  });
  return sources.length > 0 ? sources : undefined;
}

/** The default is a 5-second sleep (naiserator uses the pod API's sleep action); kwok ignores hooks. */
export function lifecycle(spec: NaisjobSpec): V1Lifecycle {
  const hook = spec.preStopHook;
  if (hook?.exec) return { preStop: { exec: { command: hook.exec.command ?? [] } } };
  if (hook?.http) return { preStop: { httpGet: { path: hook.http.path ?? '', port: hook.http.port ?? 'http' } } };
  return { preStop: { sleep: { seconds: 5 } } };
}

function mainContainer(naisjob: Naisjob, image: string): V1Container {
  const { spec } = naisjob;
  return {
    name: naisjob.metadata.name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ...(spec.command && spec.command.length > 0 ? { command: spec.command } : {}),
    env: containerEnv(naisjob, image),
    ...(envFrom(spec) ? { envFrom: envFrom(spec) } : {}),
    resources: resourceRequirements(spec),
    lifecycle: lifecycle(spec),
    securityContext: restrictedSecurityContext(),
    // The root filesystem is read-only, so naiserator gives /tmp an emptyDir.
    volumeMounts: [{ name: 'writable-tmp', mountPath: '/tmp' }],
  };
}

function restrictedSecurityContext(): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: runAsId,
    runAsGroup: runAsId,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The image of the Cloud SQL proxy sidecar (the tag is the stand-in's choice). */
export const cloudSqlProxyImage = 'europe-north1-docker.pkg.dev/nais-io/nais/images/cloudsql-proxy:2';
/** Stands in for the team's GCP project in instance connection names. */
const gcpProject = 'local-gcp-project';

/**
 * naiserator's native sidecar for `spec.gcp.sqlInstances`: the Cloud SQL Auth Proxy as an init
 * container with restartPolicy Always, so it starts first, runs beside the job and does not keep
 * the pod from completing. An instance's name defaults to the Naisjob's.
 */
export function cloudSqlProxySidecar(naisjob: Naisjob): V1Container | undefined {
  const instances = naisjob.spec.gcp?.sqlInstances;
  if (!Array.isArray(instances) || instances.length === 0) return undefined;
  const connectionNames = instances.map(
    (instance) => `${gcpProject}:europe-north1:${instance.name || naisjob.metadata.name}`,
  );
  return {
    name: 'cloudsql-proxy',
    image: cloudSqlProxyImage,
    imagePullPolicy: 'IfNotPresent',
    restartPolicy: 'Always',
    args: ['--port=5432', '--quitquitquit', ...connectionNames],
    resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '256Mi' } },
    securityContext: restrictedSecurityContext(),
  };
}

/** Only what is set is copied; backoffLimit gets its default, an explicit 0 included. */
function jobFields(spec: NaisjobSpec) {
  const copied = {
    activeDeadlineSeconds: spec.activeDeadlineSeconds,
    completions: spec.completions,
    completionMode: spec.completionMode,
    parallelism: spec.parallelism,
    ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
  };
  return {
    ...Object.fromEntries(Object.entries(copied).filter(([, value]) => value !== undefined)),
    backoffLimit: spec.backoffLimit ?? defaults.backoffLimit,
  };
}

/**
 * The CronJob naiserator creates for every Naisjob. `image` is the effective image (the spec's,
 * or one naiserator found in an Image resource).
 */
export function buildCronJob(given: Naisjob, correlationId: string, image = given.spec.image ?? ''): V1CronJob {
  // naiserator generates from the Naisjob after liberator's ApplyDefaults (synchronizer.go Prepare).
  const naisjob: Naisjob = { ...given, spec: applyNaisjobDefaults(given.spec) };
  const { spec } = naisjob;
  const { name } = naisjob.metadata;
  const scheduled = spec.schedule !== undefined && spec.schedule !== '';
  const metadata = objectMeta(naisjob, correlationId);
  const changeCause = naisjob.metadata.annotations?.[changeCauseAnnotation];
  if (changeCause !== undefined) metadata.annotations[changeCauseAnnotation] = changeCause;
  const sidecar = cloudSqlProxySidecar(naisjob);

  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: {
      schedule: scheduled ? (spec.schedule ?? defaultSchedule) : defaultSchedule,
      suspend: !scheduled,
      ...(spec.timeZone !== undefined ? { timeZone: spec.timeZone } : {}),
      successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit || defaults.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? defaults.failedJobsHistoryLimit,
      concurrencyPolicy:
        spec.concurrencyPolicy === 'Forbid' || spec.concurrencyPolicy === 'Replace' ? spec.concurrencyPolicy : 'Allow',
      jobTemplate: {
        metadata: { labels: naisjobLabels(naisjob), annotations: { [correlationIdAnnotation]: correlationId } },
        spec: {
          ...jobFields(spec),
          template: {
            metadata: {
              labels: { ...naisjobLabels(naisjob), 'nais.io/naisjob': 'true' },
              annotations: { 'kubectl.kubernetes.io/default-container': name },
            },
            spec: {
              ...(sidecar ? { initContainers: [sidecar] } : {}),
              containers: [mainContainer(naisjob, image)],
              serviceAccountName: name,
              restartPolicy: spec.restartPolicy === 'OnFailure' ? 'OnFailure' : 'Never',
              dnsPolicy: 'ClusterFirst',
              ...(spec.terminationGracePeriodSeconds !== undefined
                ? { terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds }
                : {}),
              securityContext: {
                fsGroup: runAsId,
                fsGroupChangePolicy: 'OnRootMismatch',
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumes: [{ name: 'writable-tmp', emptyDir: {} }],
            },
          },
        },
      },
    },
  };
}

/** naiserator's truncateString counts runes; Kubernetes names are ASCII, so this is the same. */
function truncate(text: string, max: number): string {
  return text.slice(0, max);
}

/** The name of the Job the monitor creates for a CronJob at a generation. */
export function jobNameFor(cronJobName: string, generation: number): string {
  return `${truncate(cronJobName, 48)}-${generation}`;
}

/**
 * The Job naiserator's monitor creates from a suspended CronJob: the CronJob's labels, only the
 * manual-instantiation annotation (so no correlation ID), controlled by the CronJob.
 */
export function buildJobFromCronJob(cronJob: V1CronJob): V1Job {
  const metadata = cronJob.metadata ?? {};
  const name = metadata.name ?? '';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(name, metadata.generation ?? 0),
      namespace: metadata.namespace,
      ...(metadata.labels ? { labels: { ...metadata.labels } } : {}),
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name,
          uid: metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(cronJob.spec.jobTemplate.spec),
  };
}

// --- Events ---

const truncationMarker = '---[truncated]---';

/** Like naiserator's StrTrimMiddle: keeps both ends of a long message. */
export function trimMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.floor((max - truncationMarker.length) / 2);
  if (keep < truncationMarker.length) return text.slice(0, max);
  return text.slice(0, keep) + truncationMarker + text.slice(text.length - keep);
}

export function buildEvent(
  naisjob: Naisjob,
  state: SyncState,
  type: 'Normal' | 'Warning',
  message: string,
  correlationId: string,
  now: Date = new Date(),
): CoreV1Event {
  const { name: _name, ...meta } = objectMeta(naisjob, correlationId);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { ...meta, generateName: 'naiserator-event-' },
    reportingComponent: reportingController,
    reportingInstance: reportingController,
    action: state,
    reason: state,
    involvedObject: {
      apiVersion: 'nais.io/v1',
      kind: 'Naisjob',
      name: naisjob.metadata.name,
      namespace: naisjob.metadata.namespace,
      uid: naisjob.metadata.uid,
      resourceVersion: naisjob.metadata.resourceVersion,
    },
    source: { component: reportingController },
    message: trimMiddle(message, 1024),
    eventTime: new V1MicroTime(now.getTime()),
    firstTimestamp: now,
    lastTimestamp: now,
    type,
    count: 1,
  };
}

/** An earlier event with the same message is counted up instead of repeated, as in naiserator. */
export function repeatEvent(existing: CoreV1Event, fresh: CoreV1Event): CoreV1Event {
  const updated = structuredClone(existing);
  updated.metadata.annotations = fresh.metadata.annotations;
  updated.count = (existing.count ?? 1) + 1;
  updated.lastTimestamp = fresh.lastTimestamp;
  return updated;
}

// --- Status ---

export interface StatusChange {
  state: SyncState;
  /** The condition's message. */
  message: string;
  now: Date;
  hash?: string;
  /** Sets synchronizationTime. */
  synchronized?: boolean;
  correlationId?: string;
  effectiveImage?: string;
  /** Recorded as an `Error` problem. */
  problem?: string;
}

/**
 * The next status, as liberator's SetSynchronizationStateWithCondition: one condition of type
 * SynchronizationState whose transition time only moves when its status does. A reconcile starts
 * from a status without conditions and problems; the rollout monitor from the live one.
 */
export function statusFor(previous: NaisjobStatus | undefined, change: StatusChange): NaisjobStatus {
  const status: NaisjobStatus = { ...previous, synchronizationState: change.state };
  const earlier = previous?.conditions?.find((condition) => condition.type === 'SynchronizationState');
  const condition: NaisjobCondition = {
    type: 'SynchronizationState',
    status: 'True',
    reason: change.state,
    message: change.message,
    lastTransitionTime:
      earlier?.status === 'True' && earlier.lastTransitionTime ? earlier.lastTransitionTime : rfc3339(change.now),
  };
  status.conditions = [...(previous?.conditions ?? []).filter((c) => c.type !== 'SynchronizationState'), condition];
  if (change.hash !== undefined) status.synchronizationHash = change.hash;
  if (change.synchronized) status.synchronizationTime = change.now.getTime() * 1_000_000;
  if (change.correlationId !== undefined) status.correlationID = change.correlationId;
  if (change.effectiveImage !== undefined) status.effectiveImage = change.effectiveImage;
  if (change.problem !== undefined)
    status.problems = [...(previous?.problems ?? []), { type: 'Error', message: change.problem }];
  return status;
}

/** metav1.Time: RFC 3339 to the second. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
