// Reads a Job's pods into plain states: which container is the main one, what each container is doing.
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { toDate } from '../cluster/api-time.ts';

export type ContainerKind = 'main' | 'sidecar' | 'init';

export interface ContainerState {
  name: string;
  kind: ContainerKind;
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason: string | undefined;
  message: string | undefined;
  /** Of this run when terminated; while waiting to restart, of the run before. */
  exitCode: number | undefined;
  restartCount: number;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
}

export interface PodState {
  name: string;
  phase: string;
  createdAt: Date | undefined;
  /** Set when the scheduler cannot place the pod (PodScheduled False, reason Unschedulable): its message. */
  unschedulable: string | undefined;
  /** Pod-level status.reason and status.message, such as Evicted or DeadlineExceeded. */
  reason: string | undefined;
  message: string | undefined;
  containers: ContainerState[];
}

export const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/** The container kubectl would pick: the one the default-container annotation names, else the first. */
export function mainContainerName(pod: V1Pod): string {
  const containers = pod.spec?.containers ?? [];
  const named = pod.metadata?.annotations?.[defaultContainerAnnotation];
  if (named && containers.some((container) => container.name === named)) return named;
  return containers[0]?.name ?? pod.status?.containerStatuses?.[0]?.name ?? '';
}

function containerState(name: string, kind: ContainerKind, status: V1ContainerStatus | undefined): ContainerState {
  const base = { name, kind, restartCount: status?.restartCount ?? 0 };
  const { terminated, running, waiting } = status?.state ?? {};
  if (terminated) {
    return {
      ...base,
      state: 'terminated',
      reason: terminated.reason,
      message: terminated.message,
      exitCode: terminated.exitCode,
      startedAt: toDate(terminated.startedAt),
      finishedAt: toDate(terminated.finishedAt),
    };
  }
  if (running) {
    return {
      ...base,
      state: 'running',
      reason: undefined,
      message: undefined,
      exitCode: undefined,
      startedAt: toDate(running.startedAt),
      finishedAt: undefined,
    };
  }
  const last = status?.lastState?.terminated;
  return {
    ...base,
    state: waiting ? 'waiting' : 'unknown',
    reason: waiting?.reason,
    message: waiting?.message,
    exitCode: waiting ? last?.exitCode : undefined,
    startedAt: waiting ? toDate(last?.startedAt) : undefined,
    finishedAt: waiting ? toDate(last?.finishedAt) : undefined,
  };
}

/** A container of the pod's spec by name, init containers included. */
export function containerSpec(pod: V1Pod, name: string): V1Container | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (candidate) => candidate.name === name,
  );
}

/** A pod as plain data: init containers (and native sidecars) first, then the containers, in spec order. */
export function podState(pod: V1Pod): PodState {
  const mainName = mainContainerName(pod);
  const statuses = new Map<string, V1ContainerStatus>();
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    statuses.set(status.name, status);
  }
  const kinds: [string, ContainerKind][] = [
    ...(pod.spec?.initContainers ?? []).map((container: V1Container): [string, ContainerKind] => [
      container.name,
      container.restartPolicy === 'Always' ? 'sidecar' : 'init',
    ]),
    ...(pod.spec?.containers ?? []).map((container: V1Container): [string, ContainerKind] => [
      container.name,
      container.name === mainName ? 'main' : 'sidecar',
    ]),
  ];
  // Statuses of containers the spec does not list (a pod read without its spec) still count.
  const known = new Set(kinds.map(([name]) => name));
  for (const status of pod.status?.initContainerStatuses ?? []) {
    if (!known.has(status.name)) kinds.push([status.name, 'init']);
  }
  for (const status of pod.status?.containerStatuses ?? []) {
    if (!known.has(status.name)) kinds.push([status.name, status.name === mainName ? 'main' : 'sidecar']);
  }
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  const unschedulable =
    scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' ? (scheduled.message ?? '') : undefined;
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    createdAt: toDate(pod.metadata?.creationTimestamp),
    unschedulable,
    reason: pod.status?.reason,
    message: pod.status?.message,
    containers: kinds.map(([name, kind]) => containerState(name, kind, statuses.get(name))),
  };
}

/** The pod's main container: the one named, else the one marked main. */
export function mainContainer(pod: PodState, mainName: string): ContainerState | undefined {
  return (
    pod.containers.find((container) => container.name === mainName) ??
    pod.containers.find((container) => container.kind === 'main')
  );
}

/** Oldest first, by creation time, then name; pods without a creation time last. */
export function podsInOrder(pods: V1Pod[]): V1Pod[] {
  const created = (pod: V1Pod): number => toDate(pod.metadata?.creationTimestamp)?.getTime() ?? Infinity;
  return [...pods].sort((a, b) => {
    const byTime = created(a) - created(b);
    if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
    return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
  });
}
