// What a finished run says: its outputs, its log lines per Naisjob, and what went wrong. Pure,
// shared by the action and the command line.
import { succeeded } from './deploy/deploy.ts';
import type { ExecuteResult } from './execute.ts';
import { Outputs, type OutputName } from './io-names.ts';

/** One line per Naisjob verdict, with the dry run's diff. */
export function outcomeLines(result: ExecuteResult): string[] {
  const lines: string[] = [];
  for (const outcome of result.deploy?.outcomes ?? []) {
    lines.push(
      `${outcome.namespace}/${outcome.name}: ${outcome.verdict.state}${outcome.job ? `, Job ${outcome.job}` : ''}`,
    );
    if (outcome.diff) lines.push(outcome.diff.length ? outcome.diff.join('\n') : '  (no changes)');
  }
  for (const resource of result.deploy?.resources ?? []) {
    const where = resource.namespace ? `${resource.namespace}/` : '';
    lines.push(
      `${resource.kind} ${where}${resource.name}: ${resource.dryRun ? `would be ${resource.operation}` : resource.operation}`,
    );
    if (resource.diff) lines.push(resource.diff.length ? resource.diff.join('\n') : '  (no changes)');
  }
  return lines;
}

/** One line per thing that went wrong: a Naisjob naiserator did not take, a Job that did not succeed. */
export function failureLines(result: ExecuteResult): string[] {
  const lines: string[] = [];
  for (const outcome of result.deploy?.outcomes ?? []) {
    if (!succeeded(outcome)) lines.push(`Naisjob ${outcome.namespace}/${outcome.name}: ${outcome.verdict.message}`);
  }
  for (const run of result.runs) if (run.result !== 'succeeded') lines.push(run.headline);
  return lines;
}

export function outputsOf(result: ExecuteResult): Record<OutputName, string> {
  const outcomes = result.deploy?.outcomes ?? [];
  // What the step acted on: the deployed, or the run, or the cleaned-up Naisjobs.
  const acted =
    outcomes.length > 0
      ? outcomes.map((o) => ({ name: o.name, namespace: o.namespace }))
      : result.cleaned.length > 0
        ? result.cleaned
        : result.targets.filter((t) => t.naisjob !== '').map((t) => ({ name: t.naisjob, namespace: t.namespace }));
  const names = acted.map((n) => n.name);
  const namespaces = acted.map((n) => n.namespace);
  const run = result.runs[0];
  const text = (value: number | string | undefined): string => (value === undefined ? '' : String(value));
  return {
    [Outputs.naisjobs]: names.join(','),
    [Outputs.namespace]: [...new Set(namespaces)].join(','),
    [Outputs.correlationId]: result.deploy?.correlationId ?? '',
    // naiserator names the CronJob after the Naisjob.
    [Outputs.cronjob]: outcomes[0]?.cronJob ?? result.targets[0]?.naisjob ?? '',
    [Outputs.job]: result.targets[0]?.name ?? '',
    [Outputs.result]: run?.result ?? '',
    [Outputs.exitCode]: text(run?.exitCode),
    [Outputs.reason]: text(run?.reason),
    [Outputs.duration]: text(run?.durationSeconds),
  };
}
