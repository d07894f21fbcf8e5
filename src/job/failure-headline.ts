// One line for the step's failure message, saying what happened to the Job. Pure.
import type { V1Pod } from '@kubernetes/client-node';
import { formatDuration } from '../duration.ts';
import { podCreateRefusal } from './failure-events.ts';
import { failureAttempts, failed, type Attempt, type FailureInput } from './failure-input.ts';
import { exitText, explainReason } from './failure-reasons.ts';
import { containerSpec, type ContainerState } from './pods.ts';
import { imageOf, imagePullReasons, missingReference } from './stuck.ts';

/** `its container`, or `its init container "migrate"` */
function containerNoun(container: ContainerState): string {
  if (container.kind === 'main') return 'its container';
  return `its ${container.kind === 'init' ? 'init' : 'sidecar'} container "${container.name}"`;
}

function memoryLimit(pod: V1Pod, container: string): string | undefined {
  return containerSpec(pod, container)?.resources?.limits?.memory;
}

/** `in all 4 attempts`, `in both attempts`, `in the last of 4 attempts`, or nothing for a single attempt. */
function attemptsText(attempts: Attempt[], last: Attempt): string {
  const count = attempts.length;
  if (count <= 1) return '';
  const same = (attempt: Attempt): boolean =>
    failed(attempt.culprit) &&
    attempt.culprit.exitCode === last.culprit?.exitCode &&
    attempt.culprit.reason === last.culprit?.reason;
  if (!attempts.every(same)) return ` in the last of ${count} attempts`;
  return count === 2 ? ' in both attempts' : ` in all ${count} attempts`;
}

/** What the Job's reason adds after the pod's story: `; the backoff limit is spent (BackoffLimitExceeded)`. */
function jobReasonClause(reason: string, message: string): string {
  switch (reason) {
    case 'BackoffLimitExceeded':
      return '; the backoff limit is spent (BackoffLimitExceeded)';
    case 'PodFailurePolicy':
      return ', which its podFailurePolicy says fails the Job at once (PodFailurePolicy)';
    case 'MaxFailedIndexesExceeded':
      return '; more indexes failed than maxFailedIndexes allows (MaxFailedIndexesExceeded)';
    case 'FailedIndexes':
      return '; some indexes failed more times than backoffLimitPerIndex allows (FailedIndexes)';
    default:
      return ` (${reason}${message ? `: ${message}` : ''})`;
  }
}

function failedHeadline(input: FailureInput, attempts: Attempt[]): string {
  const job = `Job ${input.jobName}`;
  const reason = input.verdict.state === 'failed' ? input.verdict.reason : '';
  const message = input.verdict.state === 'failed' ? input.verdict.message : '';
  if (reason === 'DeadlineExceeded') {
    return `${job} failed: it ran longer than its activeDeadlineSeconds (DeadlineExceeded).`;
  }
  const last = attempts.at(-1);
  const clause = reason ? jobReasonClause(reason, message) : '';
  if (last?.state.reason === 'Evicted' || last?.state.reason === 'Preempted') {
    const why = last.state.message ? `: ${last.state.message}` : '';
    return `${job} failed: its pod ${last.state.name} was ${last.state.reason.toLowerCase()} (${last.state.reason}${why})${clause}.`;
  }
  const culprit = last?.culprit;
  if (last && failed(culprit)) {
    const times = attemptsText(attempts, last);
    if (culprit.reason === 'OOMKilled') {
      const limit = memoryLimit(last.pod, culprit.name);
      const who = culprit.kind === 'main' ? job : `${job}'s ${culprit.kind} container "${culprit.name}"`;
      return `${who} was killed for using too much memory (OOMKilled, exit code ${culprit.exitCode ?? 137}${limit ? `, limit ${limit}` : ''})${times}${clause}.`;
    }
    return `${job} failed: ${containerNoun(culprit)} exited with ${exitText(culprit)}${times}${clause}.`;
  }
  if (reason) {
    const explained = explainReason(reason);
    return `${job} failed (${reason}): ${message || explained || 'no message'}`.replace(/([^.])$/, '$1.');
  }
  return `${job} failed.`;
}

function stuckHeadline(input: FailureInput): string {
  const job = `Job ${input.jobName}`;
  const stuck = input.stuck;
  if (!stuck) return `${job} cannot start.`;
  if (stuck.reason === 'FailedCreate') {
    return `${job} cannot start: the Job controller cannot create its pods, as the pod is invalid (FailedCreate): ${stuck.message}`.replace(
      /([^.])$/,
      '$1.',
    );
  }
  const pod = input.pods.find((candidate) => candidate.metadata?.name === stuck.pod);
  const image = pod ? imageOf(pod, stuck.container) : undefined;
  const theImage = image ? `image "${image}"` : `the image of container "${stuck.container}"`;
  if (imagePullReasons.has(stuck.reason)) {
    return `${job} cannot start: ${theImage} cannot be pulled (${stuck.reason}) — check that the image and tag exist in the registry.`;
  }
  if (stuck.reason === 'InvalidImageName') {
    return `${job} cannot start: ${theImage} is not a valid image reference (InvalidImageName).`;
  }
  if (stuck.reason === 'ErrImageNeverPull') {
    return `${job} cannot start: ${theImage} is not on the node and its pull policy is Never (ErrImageNeverPull).`;
  }
  if (stuck.reason === 'CreateContainerConfigError') {
    const reference = missingReference(stuck.message);
    const what = reference
      ? reference.key
        ? `the ${reference.kind} "${reference.name}" has no key "${reference.key}"`
        : `the ${reference.kind} "${reference.name}" does not exist`
      : stuck.message || 'a secret or config map it refers to is missing';
    return `${job} cannot start: ${what} (CreateContainerConfigError).`;
  }
  return `${job} cannot start: container "${stuck.container}" of pod ${stuck.pod} is stuck (${stuck.reason}${stuck.message ? `: ${stuck.message}` : ''}).`;
}

/** What the newest pod is doing: `pod x Pending: Unschedulable: 0/1 nodes are available…`. */
function podNow(attempt: Attempt): string {
  const { state } = attempt;
  const head = `pod ${state.name} ${state.phase}`;
  if (state.unschedulable !== undefined) return `${head}: Unschedulable: ${state.unschedulable}`;
  const waiting = state.containers.find(
    (container) => container.kind !== 'sidecar' && container.state === 'waiting' && container.reason,
  );
  if (waiting) {
    const name = waiting.kind === 'main' ? 'container' : `${waiting.kind} container "${waiting.name}"`;
    return `${head}: ${name} waiting: ${waiting.reason ?? ''}${waiting.message ? `: ${waiting.message}` : ''}`;
  }
  if (state.reason) return `${head}: ${state.reason}${state.message ? `: ${state.message}` : ''}`;
  return head;
}

function stillRunning(input: FailureInput, attempts: Attempt[]): string {
  const job = `Job ${input.jobName}`;
  if (input.verdict.state === 'succeeded') return `${job} has succeeded`;
  if (input.verdict.state === 'failed') return `${job} has failed (${input.verdict.reason})`;
  const last = attempts.at(-1);
  if (!last) {
    const refusal = podCreateRefusal(input.events, input.jobName);
    return `${job} is still running (${refusal ? `no pod could be created: ${refusal}` : 'no pod has been created yet'})`;
  }
  const earlier = attempts.filter((attempt) => attempt !== last && attempt.state.phase === 'Failed').length;
  const retries = earlier ? `; ${earlier} earlier attempt${earlier === 1 ? '' : 's'} failed` : '';
  return `${job} is still running (${podNow(last)}${retries})`;
}

/** One line for the step's failure message, saying what happened. */
export function failureHeadline(input: FailureInput): string {
  const attempts = failureAttempts(input.pods);
  switch (input.outcome) {
    case 'stuck':
      return stuckHeadline(input);
    case 'timed-out': {
      const after = input.timeoutMs !== undefined ? ` after ${formatDuration(input.timeoutMs)}` : '';
      return `Timed out${after}: ${stillRunning(input, attempts)}`;
    }
    case 'cancelled':
      return `Cancelled while waiting: ${stillRunning(input, attempts)}`;
    case 'failed':
      return failedHeadline(input, attempts);
  }
}
