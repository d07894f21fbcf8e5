import * as core from '@actions/core';
import { loadKubeConfig } from './cluster/kubeconfig.ts';
import { createClusterGateway } from './cluster/gateway.ts';
import { githubRunFromEnv } from './deploy/annotations.ts';
import { deploy, succeeded, type DeployResult } from './deploy/deploy.ts';
import { ValidationError } from './deploy/render.ts';
import { Outputs } from './io-names.ts';
import { ManifestError } from './manifest/errors.ts';
import { actionsReporter } from './report/reporter.ts';
import { deploySummary } from './report/summary.ts';
import { readSettings } from './settings.ts';

/** The action's one entry: read settings, do the work, report; the only place that fails the step. */
export async function run(): Promise<void> {
  const started = Date.now();
  const cancel = new AbortController();
  const onSignal = (): void => {
    cancel.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const settings = readSettings();
    if (settings.resources.length === 0) {
      core.info("naisjob-deploy: input 'resource' is empty; nothing to do.");
      return;
    }
    const gateway = createClusterGateway(loadKubeConfig(settings));
    const result = await deploy(
      gateway,
      {
        ...settings,
        cwd: process.cwd(),
        run: githubRunFromEnv(process.env),
        deadline: started + settings.timeoutMs,
        signal: cancel.signal,
      },
      actionsReporter,
    );
    setOutputs(result);
    await core.summary
      .addRaw(deploySummary(result, gateway.server))
      .write()
      .catch(() => undefined);
    for (const outcome of result.outcomes) {
      const line = `${outcome.namespace}/${outcome.name}: ${outcome.verdict.state}${outcome.job ? `, Job ${outcome.job}` : ''}`;
      core.info(line);
      if (outcome.diff) core.info(outcome.diff.length ? outcome.diff.join('\n') : '  (no changes)');
    }
    const failed = result.outcomes.filter((o) => !succeeded(o));
    if (failed.length > 0) {
      core.setFailed(failed.map((o) => `Naisjob ${o.namespace}/${o.name}: ${o.verdict.message}`).join('\n'));
    }
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

function setOutputs(result: DeployResult): void {
  const first = result.outcomes[0];
  core.setOutput(Outputs.naisjobs, result.outcomes.map((o) => o.name).join(','));
  core.setOutput(Outputs.namespace, [...new Set(result.outcomes.map((o) => o.namespace))].join(','));
  core.setOutput(Outputs.correlationId, result.correlationId);
  core.setOutput(Outputs.cronjob, first?.cronJob ?? '');
  core.setOutput(Outputs.job, first?.job ?? '');
}
