// Plain words for the reasons Kubernetes gives (Job conditions, pod statuses, container states) and for exit
// codes. Pure.
import type { ContainerState } from './pods.ts';

const reasons: Record<string, string> = {
  // Job conditions
  BackoffLimitExceeded: 'The pods failed more times than spec.backoffLimit allows, so the Job gave up.',
  DeadlineExceeded:
    'It ran longer than its activeDeadlineSeconds allow, so Kubernetes stopped it: raise spec.activeDeadlineSeconds or make the work finish sooner.',
  PodFailurePolicy: 'A pod failure matched a FailJob rule of spec.podFailurePolicy, so the Job failed at once.',
  MaxFailedIndexesExceeded: 'More indexes failed than spec.maxFailedIndexes allows, so the Job gave up.',
  FailedIndexes: 'Some indexes failed more times than spec.backoffLimitPerIndex allows.',
  CompletionsReached: 'As many pods succeeded as spec.completions asks for.',
  SuccessPolicy: 'The Job met its spec.successPolicy.',
  // Container states
  Completed: 'The container exited with code 0.',
  Error: 'The container exited with a non-zero code.',
  OOMKilled:
    'The container was killed for using more memory than its limit: raise spec.resources.limits.memory in the Naisjob or make the job use less.',
  ContainerCannotRun:
    'The container runtime could not run the command: the command or entrypoint does not exist in the image or cannot be executed.',
  StartError:
    'The container could not start: the command or entrypoint does not exist in the image or cannot be executed.',
  CrashLoopBackOff: 'The container keeps exiting with an error; Kubernetes waits longer before each restart.',
  ImagePullBackOff:
    'The image cannot be pulled and Kubernetes waits before trying again: check that the image name and tag exist in the registry.',
  ErrImagePull: 'The image cannot be pulled: check that the image name and tag exist in the registry.',
  InvalidImageName: 'The image reference is malformed; fix spec.image.',
  ErrImageNeverPull: 'The image pull policy is Never and the image is not on the node.',
  CreateContainerConfigError:
    'The container refers to a secret or config map (or a key in one) that does not exist in the namespace.',
  CreateContainerError: 'The container runtime could not create the container.',
  ContainerCreating: 'The container is being created: its image is being pulled or its volumes mounted.',
  PodInitializing: 'The init containers have not finished yet.',
  ContainerStatusUnknown: 'The state of the container could not be read, most often because its node went away.',
  // Pods
  Unschedulable:
    'No node can take the pod now (not enough CPU or memory, or constraints no node meets); a cluster autoscaler may add one.',
  Evicted: 'The node ran short of memory or disk and evicted the pod.',
  Preempted: 'The pod was removed to make room for a pod of higher priority.',
  NodeShutdown: 'The node shut down while the pod ran.',
  Shutdown: 'The node shut down while the pod ran.',
};

/** Plain words for a reason from a Job condition, pod status or container state. */
export function explainReason(reason: string | undefined): string | undefined {
  return reason !== undefined && Object.hasOwn(reasons, reason) ? reasons[reason] : undefined;
}

const signals: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  6: 'SIGABRT',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  15: 'SIGTERM',
};

/** `code 3 (Error)`, `code 143 (Error; signal 15, SIGTERM)`. */
export function exitText(container: ContainerState): string {
  const code = container.exitCode ?? 0;
  const details = [container.reason ?? ''];
  if (code > 128 && code < 160 && container.reason !== 'OOMKilled') {
    const signal = code - 128;
    details.push(`signal ${signal}${signals[signal] ? `, ${signals[signal]}` : ''}`);
  }
  const inParentheses = details.filter(Boolean).join('; ');
  return `code ${code}${inParentheses ? ` (${inParentheses})` : ''}`;
}
