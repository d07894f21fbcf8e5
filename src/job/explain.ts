// Explains why a Job failed, timed out or cannot start, in words a NAIS team can act on. Pure.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { formatDuration } from '../duration.ts';
import { firstEventTime, lastEventTime } from '../cluster/event-time.ts';
import { mainContainer, mainContainerName, podState, podsInOrder, type ContainerState, type PodState } from './pods.ts';
import { imageOf, imagePullReasons, missingReference, type StuckPod } from './stuck.ts';
import type { JobVerdict } from './verdict.ts';

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
function exitText(container: ContainerState): string {
  const code = container.exitCode ?? 0;
  const details = [container.reason ?? ''];
  if (code > 128 && code < 160 && container.reason !== 'OOMKilled') {
    const signal = code - 128;
    details.push(`signal ${signal}${signals[signal] ? `, ${signals[signal]}` : ''}`);
  }
  const inParentheses = details.filter(Boolean).join('; ');
  return `code ${code}${inParentheses ? ` (${inParentheses})` : ''}`;
}

const failed = (container: ContainerState | undefined): container is ContainerState =>
  container?.state === 'terminated' && container.exitCode !== undefined && container.exitCode !== 0;

interface Attempt {
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

/** `its container`, or `its init container "migrate"` */
function containerNoun(container: ContainerState): string {
  if (container.kind === 'main') return 'its container';
  return `its ${container.kind === 'init' ? 'init' : 'sidecar'} container "${container.name}"`;
}

function memoryLimit(pod: V1Pod, container: string): string | undefined {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (candidate) => candidate.name === container,
  );
  return spec?.resources?.limits?.memory;
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

/** Why no pod exists: the Job controller's last FailedCreate event, such as a quota refusal. */
function failedCreate(input: FailureInput): string | undefined {
  const refusals = eventsThatMatter(input.events, input.jobName, []).filter(
    (event) => event.reason === 'FailedCreate' && event.involvedObject.kind === 'Job',
  );
  return refusals.at(-1)?.message;
}

function stillRunning(input: FailureInput, attempts: Attempt[]): string {
  const job = `Job ${input.jobName}`;
  if (input.verdict.state === 'succeeded') return `${job} has succeeded`;
  if (input.verdict.state === 'failed') return `${job} has failed (${input.verdict.reason})`;
  const last = attempts.at(-1);
  if (!last) {
    const refusal = failedCreate(input);
    return `${job} is still running (${refusal ? `no pod could be created: ${refusal}` : 'no pod has been created yet'})`;
  }
  const earlier = attempts.filter((attempt) => attempt !== last && attempt.state.phase === 'Failed').length;
  const retries = earlier ? `; ${earlier} earlier attempt${earlier === 1 ? '' : 's'} failed` : '';
  return `${job} is still running (${podNow(last)}${retries})`;
}

/** One line for the step's failure message, saying what happened. */
export function failureHeadline(input: FailureInput): string {
  const attempts = podsInOrder(input.pods).map(attemptOf);
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

const indent = (depth: number, text: string): string => `${'  '.repeat(depth)}${text}`;

function containerLine(container: ContainerState): string {
  const kind = container.kind === 'main' ? '' : ` (${container.kind})`;
  let state: string;
  switch (container.state) {
    case 'terminated':
      state = `terminated, exit ${exitText(container)}`;
      break;
    case 'waiting':
      state = `waiting${container.reason ? ` (${container.reason})` : ''}${container.exitCode !== undefined ? `, last exit ${exitText({ ...container, reason: undefined })}` : ''}`;
      break;
    case 'running':
      state = 'running';
      break;
    case 'unknown':
      state = 'not started';
  }
  const restarts = container.restartCount
    ? `, restarted ${container.restartCount} time${container.restartCount === 1 ? '' : 's'}`
    : '';
  // A sidecar stopped with a signal once the main container is done is no news.
  const quiet =
    container.state === 'terminated' &&
    (container.exitCode === 0 || (container.kind === 'sidecar' && container.reason === 'Error'));
  const explained = quiet ? undefined : explainReason(container.reason);
  return `container "${container.name}"${kind}: ${state}${restarts}${explained ? ` — ${explained}` : ''}`;
}

function eventLine(event: CoreV1Event): string {
  const at = firstEventTime(event);
  const time = at ? at.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
  const object = `${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}`;
  const count = (event.count ?? 1) > 1 ? ` (×${event.count ?? 1})` : '';
  return `${time} ${event.type ?? ''} ${event.reason ?? ''} ${object}: ${event.message ?? ''}${count}`.trim();
}

function verdictLines(input: FailureInput): string[] {
  const job = `Job ${input.jobName}`;
  const { verdict } = input;
  switch (verdict.state) {
    case 'failed': {
      const explained = explainReason(verdict.reason);
      return [
        `${job} failed (${verdict.reason})${verdict.message ? `: ${verdict.message}` : ''}`,
        ...(explained ? [indent(1, explained)] : []),
      ];
    }
    case 'succeeded':
      return [`${job} succeeded (${verdict.reason})`];
    case 'running':
      return [
        `${job} is still running: ${verdict.active} active, ${verdict.succeededPods} succeeded, ${verdict.failedPods} failed pod${verdict.failedPods === 1 ? '' : 's'}`,
      ];
  }
}

/** The full report: the Job's reason, each pod in order with its containers and last log lines, then the events that matter. */
export function failureReport(input: FailureInput): string[] {
  const lines = verdictLines(input);
  if (input.stuck) {
    const { stuck } = input;
    lines.push(
      stuck.pod
        ? `Pod ${stuck.pod} is stuck: container "${stuck.container}" waits (${stuck.reason})${stuck.message ? `: ${stuck.message}` : ''}`
        : `No pod can be created (${stuck.reason}): ${stuck.message}`,
      indent(1, `What to do: ${stuck.remedy}`),
    );
  }
  const attempts = podsInOrder(input.pods).map(attemptOf);
  if (!attempts.length) {
    const refusal = failedCreate(input);
    lines.push(refusal ? `No pod could be created: ${refusal}` : 'No pod was created.');
  }
  attempts.forEach(({ pod, state }, index) => {
    const podReason = state.reason ? ` (${state.reason}${state.message ? `: ${state.message}` : ''})` : '';
    lines.push(`Pod ${state.name} (attempt ${index + 1} of ${attempts.length}): ${state.phase}${podReason}`);
    const explainedPod = explainReason(state.reason);
    if (explainedPod) lines.push(indent(1, explainedPod));
    if (state.unschedulable !== undefined) {
      lines.push(indent(1, `Unschedulable: ${state.unschedulable}`), indent(2, explainReason('Unschedulable') ?? ''));
    }
    for (const container of state.containers) {
      lines.push(indent(1, containerLine(container)));
      if (container.message) lines.push(indent(2, `message: ${container.message.trim()}`));
    }
    const main = mainContainerName(pod);
    const tail = input.logTails.get(state.name);
    if (tail?.length) {
      lines.push(indent(1, `last ${tail.length} log line${tail.length === 1 ? '' : 's'} of "${main}":`));
      for (const line of tail) lines.push(indent(2, `| ${line}`));
    } else if (tail) {
      lines.push(indent(1, `no log lines from "${main}"`));
    }
  });
  const podNames = input.pods.map((pod) => pod.metadata?.name ?? '');
  const events = eventsThatMatter(input.events, input.jobName, podNames);
  if (events.length) {
    lines.push('Events:');
    for (const event of events) lines.push(indent(1, eventLine(event)));
  }
  return lines;
}

/** Normal events that still help explain a failure. */
const normalReasonsThatMatter = new Set([
  'BackOff',
  'Killing',
  'SuccessfulDelete',
  'Preempted',
  'Evicted',
  'TaintManagerEviction',
  'TriggeredScaleUp',
  'NotTriggerScaleUp',
]);

/**
 * Warning events of the Job and its pods, and the Normal ones that help explain (back-off, kills, deletions,
 * autoscaler decisions), oldest first; repeats of a reason and message are folded into the first, counts added.
 */
export function eventsThatMatter(events: CoreV1Event[], jobName: string, podNames: readonly string[]): CoreV1Event[] {
  const pods = new Set(podNames);
  const ours = events.filter((event) => {
    const { kind, name } = event.involvedObject;
    if (!((kind === 'Job' && name === jobName) || (kind === 'Pod' && name !== undefined && pods.has(name)))) {
      return false;
    }
    return event.type === 'Warning' || normalReasonsThatMatter.has(event.reason ?? '');
  });
  const sorted = ours
    .map((event, index) => ({ event, index, at: firstEventTime(event)?.getTime() ?? Infinity }))
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map(({ event }) => event);
  const folded = new Map<string, CoreV1Event>();
  for (const event of sorted) {
    const key = `${event.reason ?? ''}\u0000${event.message ?? ''}`;
    const count = event.count ?? event.series?.count ?? 1;
    const seen = folded.get(key);
    if (!seen) {
      folded.set(key, Object.assign({}, event, { count }));
      continue;
    }
    const last = lastEventTime(event);
    const seenLast = lastEventTime(seen);
    folded.set(
      key,
      Object.assign({}, seen, {
        count: (seen.count ?? 1) + count,
        lastTimestamp: last && (!seenLast || last > seenLast) ? last : seen.lastTimestamp,
      }),
    );
  }
  return [...folded.values()];
}
