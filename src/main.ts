import * as core from '@actions/core';
import { loadKubeConfig } from './cluster/kubeconfig.ts';
import { createClusterGateway } from './cluster/gateway.ts';
import { githubRunFromEnv } from './deploy/annotations.ts';
import { succeeded } from './deploy/deploy.ts';
import { ValidationError } from './deploy/render.ts';
import { execute, type ExecuteResult } from './execute.ts';
import { Outputs } from './io-names.ts';
import { ManifestError } from './manifest/errors.ts';
import { actionsReporter } from './report/reporter.ts';
import { actionSummary } from './report/summary.ts';
import { readSettings } from './settings.ts';

/** The runner sends SIGINT, then SIGTERM 7.5 s later, then kills: leave before that. */
const exitAfterCancelMs = 6500;
/** Log lines kept per pod for the failure report and the summary. */
const tailLines = 30;

/** The action's one entry: read settings, do the work, report; the only place that fails the step. */
export async function run(): Promise<void> {
  const started = Date.now();
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cancel.signal.aborted) return;
    core.warning(`Received ${signal}: the workflow was cancelled. Stopping the wait.`);
    cancel.abort();
    setTimeout(() => {
      process.exit(process.exitCode ?? 1);
    }, exitAfterCancelMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const settings = readSettings();
    if (settings.resources.length === 0) {
      core.info("naisjob-deploy: input 'resource' is empty; nothing to do.");
      return;
    }
    const gateway = createClusterGateway(loadKubeConfig(settings));
    const result = await execute(
      gateway,
      {
        ...settings,
        cwd: process.cwd(),
        run: githubRunFromEnv(process.env),
        deadline: started + settings.timeoutMs,
        signal: cancel.signal,
        job: {
          stuckGraceMs: settings.stuckAfterMs,
          logs: settings.logs,
          onCancel: settings.onCancel,
          tailLines,
          timeoutMs: settings.timeoutMs,
        },
      },
      actionsReporter,
    );
    setOutputs(result);
    await core.summary
      .addRaw(actionSummary(result, gateway.server))
      .write()
      .catch(() => undefined);
    const failures = logOutcomes(result);
    if (failures.length > 0) core.setFailed(failures.join('\n'));
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const finding of error.findings)
        core.error(finding.message, { file: finding.file, startLine: finding.line });
    } else if (error instanceof ManifestError) {
      core.error(error.message, { file: error.file, ...(error.line ? { startLine: error.line } : {}) });
    }
    core.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Logs each Naisjob's verdict; returns one line per thing that went wrong, for the step's failure. */
function logOutcomes(result: ExecuteResult): string[] {
  const lines: string[] = [];
  for (const outcome of result.deploy?.outcomes ?? []) {
    const line = `${outcome.namespace}/${outcome.name}: ${outcome.verdict.state}${outcome.job ? `, Job ${outcome.job}` : ''}`;
    core.info(line);
    if (outcome.diff) core.info(outcome.diff.length ? outcome.diff.join('\n') : '  (no changes)');
    if (!succeeded(outcome)) lines.push(`Naisjob ${outcome.namespace}/${outcome.name}: ${outcome.verdict.message}`);
  }
  for (const run of result.runs) if (run.result !== 'succeeded') lines.push(run.headline);
  return lines;
}

function setOutputs(result: ExecuteResult): void {
  const outcomes = result.deploy?.outcomes ?? [];
  const first = outcomes[0];
  const names = outcomes.length > 0 ? outcomes.map((o) => o.name) : result.targets.map((t) => t.naisjob);
  const namespaces = outcomes.length > 0 ? outcomes.map((o) => o.namespace) : result.targets.map((t) => t.namespace);
  core.setOutput(Outputs.naisjobs, names.join(','));
  core.setOutput(Outputs.namespace, [...new Set(namespaces)].join(','));
  core.setOutput(Outputs.correlationId, result.deploy?.correlationId ?? '');
  core.setOutput(Outputs.cronjob, first?.cronJob ?? result.targets[0]?.naisjob ?? '');
  core.setOutput(Outputs.job, result.targets[0]?.name ?? '');
  const run = result.runs[0];
  core.setOutput(Outputs.result, run?.result ?? '');
  core.setOutput(Outputs.exitCode, run?.exitCode ?? '');
  core.setOutput(Outputs.reason, run?.reason ?? '');
  core.setOutput(Outputs.duration, run?.durationSeconds ?? '');
}
