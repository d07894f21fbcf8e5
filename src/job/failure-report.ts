// The full failure report: the Job's reason, each pod with its containers and last log lines, then the events
// that matter. Pure.
import { eventLine, eventsThatMatter, podCreateRefusal } from './failure-events.ts';
import { failureAttempts, type FailureInput } from './failure-input.ts';
import { exitText, explainReason } from './failure-reasons.ts';
import { mainContainerName, type ContainerState } from './pods.ts';

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
  const attempts = failureAttempts(input.pods);
  if (!attempts.length) {
    const refusal = podCreateRefusal(input.events, input.jobName);
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
