// What a failure report is made from, and each pod of the Job read as one attempt. Pure.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { mainContainer, mainContainerName, podState, podsInOrder, type ContainerState, type PodState } from './pods.ts';
import type { StuckPod } from './stuck.ts';
import type { JobVerdict } from './verdict.ts';

/** What the headline and the report are made from. */
export interface FailureInput {
  jobName: string;
  /** Failed, or running for a timed-out, cancelled or stuck case. */
  verdict: JobVerdict;
  /** All pods of the Job, any order. */
  pods: V1Pod[];
  /** Events of the namespace; only those of the Job and its pods are used. */
  events: CoreV1Event[];
  /** Pod name → last lines of its main container. */
  logTails: ReadonlyMap<string, readonly string[]>;
  stuck: StuckPod | undefined;
  outcome: 'failed' | 'timed-out' | 'cancelled' | 'stuck';
  /** How long the action waited, for the timed-out headline. */
  timeoutMs?: number;
}

/** A container that ended with a non-zero exit code. */
export const failed = (container: ContainerState | undefined): container is ContainerState =>
  container?.state === 'terminated' && container.exitCode !== undefined && container.exitCode !== 0;

/** One pod of the Job, read as one attempt at its work. */
export interface Attempt {
  pod: V1Pod;
  state: PodState;
  /** The container whose end explains the pod's: the main one, or a failed init container before it. */
  culprit: ContainerState | undefined;
}

function attemptOf(pod: V1Pod): Attempt {
  const state = podState(pod);
  const main = mainContainer(state, mainContainerName(pod));
  const culprit = failed(main)
    ? main
    : (state.containers.find((container) => container.kind === 'init' && failed(container)) ?? main);
  return { pod, state, culprit };
}

/** The Job's pods, oldest first, each as an attempt. */
export function failureAttempts(pods: V1Pod[]): Attempt[] {
  return podsInOrder(pods).map(attemptOf);
}
