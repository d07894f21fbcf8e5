// Tells a pod that waits for something that will not come from one that is merely slow to start.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { containerSpec, podState } from './pods.ts';
import { toDate } from '../cluster/api-time.ts';

export interface StuckPod {
  pod: string;
  container: string;
  reason: string;
  message: string;
  remedy: string;
}

/** Waiting reasons that never resolve by themselves. */
const stuckAtOnce = new Set(['InvalidImageName', 'ErrImageNeverPull']);
/** Waiting reasons that may resolve shortly after a deploy (an image still being pushed, a secret being made). */
const stuckAfterGrace = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

export const imagePullReasons = new Set(['ErrImagePull', 'ImagePullBackOff']);

/** The image of a container, from the pod's spec. */
export function imageOf(pod: V1Pod, container: string): string | undefined {
  return containerSpec(pod, container)?.image;
}

/** The secret or config map a CreateContainerConfigError message names, if it names one. */
export function missingReference(
  message: string,
): { kind: 'secret' | 'configmap'; name: string; key: string | undefined } | undefined {
  // `secret "x" not found`, `configmap "x" not found`
  const missing = /\b(secret|configmap) "([^"]+)" not found/i.exec(message);
  if (missing?.[1] && missing[2]) {
    return { kind: missing[1].toLowerCase() === 'secret' ? 'secret' : 'configmap', name: missing[2], key: undefined };
  }
  // `couldn't find key K in Secret ns/x`, `couldn't find key K in ConfigMap ns/x`
  const key = /find key (\S+) in (Secret|ConfigMap) (?:[^/\s]+\/)?(\S+)/i.exec(message);
  if (key?.[1] && key[2] && key[3]) {
    return { kind: key[2].toLowerCase() === 'secret' ? 'secret' : 'configmap', name: key[3], key: key[1] };
  }
  return undefined;
}

function remedyFor(reason: string, message: string, image: string | undefined, namespace: string): string {
  const theImage = image ? `the image "${image}"` : 'the image';
  switch (reason) {
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return `Check that ${theImage} exists in the registry: the name and tag are spelled right and the tag was pushed before the deploy (build and push in an earlier step or job). If the registry is private, the cluster must be allowed to pull from it.`;
    case 'InvalidImageName':
      return `The image reference${image ? ` "${image}"` : ''} is malformed: it must look like registry/repository:tag or registry/repository@sha256:digest, in lower case and without spaces. Fix spec.image in the Naisjob.`;
    case 'ErrImageNeverPull':
      return `The container's imagePullPolicy is Never and ${theImage} is not on the node. Use an image from a registry and let the cluster pull it.`;
    case 'CreateContainerConfigError': {
      const reference = missingReference(message);
      const ns = namespace ? ` -n ${namespace}` : '';
      if (reference?.key) {
        return `The ${reference.kind} "${reference.name}" has no key "${reference.key}": add the key (NAIS Console or \`kubectl get ${reference.kind} ${reference.name}${ns} -o yaml\`) or stop referring to it in the Naisjob (spec.env, spec.envFrom, spec.filesFrom).`;
      }
      if (reference) {
        return `The ${reference.kind} "${reference.name}" must exist in namespace ${namespace || 'of the Naisjob'}: create it (NAIS Console, or check with \`kubectl get ${reference.kind} ${reference.name}${ns}\`) or remove the reference from spec.envFrom / spec.filesFrom in the Naisjob.`;
      }
      return `A secret or config map the container refers to is missing or lacks a key: make sure it exists in namespace ${namespace || 'of the Naisjob'} (NAIS Console, or \`kubectl get secret${ns}\`), or remove the reference from spec.env / spec.envFrom / spec.filesFrom in the Naisjob.`;
    }
    case 'CreateContainerError':
      return `The container runtime could not create the container; its message says why. Often the image has no command to run, or the command, working directory or a volume mount in the Naisjob is wrong.`;
    default:
      return 'Look at the message and the events of the pod.';
  }
}

/** When the pod began waiting for its containers: when it was scheduled, else started, else created. */
function waitingSince(pod: V1Pod): number | undefined {
  const scheduled = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
  return (
    toDate(scheduled?.lastTransitionTime) ??
    toDate(pod.status?.startTime) ??
    toDate(pod.metadata?.creationTimestamp)
  )?.getTime();
}

/**
 * The first container (init containers first) waiting for something that will not come by itself,
 * or undefined. Image pull and container config errors count only after `graceMs` of waiting.
 * Unschedulable pods are not stuck: an autoscaler may add a node.
 */
export function stuckPod(pod: V1Pod, now: number, graceMs: number): StuckPod | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  const since = waitingSince(pod);
  const graceSpent = since !== undefined && now - since > graceMs;
  const state = podState(pod);
  for (const container of state.containers) {
    if (container.state !== 'waiting' || !container.reason) continue;
    if (stuckAtOnce.has(container.reason) || (graceSpent && stuckAfterGrace.has(container.reason))) {
      const message = container.message ?? '';
      return {
        pod: state.name,
        container: container.name,
        reason: container.reason,
        message,
        remedy: remedyFor(container.reason, message, imageOf(pod, container.name), pod.metadata?.namespace ?? ''),
      };
    }
  }
  return undefined;
}

/**
 * The Job controller's `FailedCreate` event when the pod it makes is invalid (`Pod "x" is invalid:
 * spec.containers[0].image: Invalid value: ...`): some checks run only on pods, not on a Job's pod
 * template, so such a Job is accepted and then retries forever without a pod. That never fixes itself.
 * Other `FailedCreate` causes (a quota, a webhook that is down) may pass, so they are left to the timeout.
 */
export function podCreationStuck(event: CoreV1Event): StuckPod | undefined {
  if (event.reason !== 'FailedCreate') return undefined;
  const message = (event.message ?? '').replace(/^Error creating:\s*/, '');
  if (!/\bis invalid\b|Invalid value|Required value|Unsupported value/.test(message)) return undefined;
  return {
    pod: '',
    container: '',
    reason: 'FailedCreate',
    message,
    remedy:
      'The pod the Job makes is invalid, so the Job controller cannot create it and no pod will ever run. Fix the field the message names in the Naisjob (often spec.image: empty, with white space or with template markers left in it).',
  };
}
