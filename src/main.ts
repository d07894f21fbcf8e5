import { existsSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { loadKubeConfig, reportClusterAccess } from './cluster/kubeconfig.ts';
import { createClusterGateway, type ClusterGateway } from './cluster/gateway.ts';
import { retryNotice } from './cluster/retrying.ts';
import { ValidationError } from './deploy/render.ts';
import { execute, requestFromSettings } from './execute.ts';
import { ManifestError } from './manifest/errors.ts';
import { failureLines, outcomeLines, outputsOf } from './outcome.ts';
import { cancelOnSignals } from './cancel.ts';
import { postPreviewComments } from './preview/post-comments.ts';
import { inertText } from './report/outside-text.ts';
import { actionsReporter } from './report/reporter.ts';
import { actionSummary } from './report/summary.ts';
import { readSettings } from './settings.ts';

/** The action's one entry: read settings, do the work, report; the only place that fails the step. */
export async function run(): Promise<void> {
  const started = Date.now();
  const cancel = cancelOnSignals((signal) => {
    actionsReporter.warning(`Received ${signal}: the workflow was cancelled. Stopping the wait.`);
  });
  let retried: ClusterGateway | undefined;
  try {
    const settings = readSettings();
    if (settings.resources.length === 0) {
      actionsReporter.info("naisjob-deploy: input 'resource' is empty; nothing to do.");
      return;
    }
    const kubeConfig = loadKubeConfig(settings);
    reportClusterAccess(kubeConfig, settings, actionsReporter);
    const gateway = createClusterGateway(kubeConfig, { deadline: started + settings.timeoutMs, signal: cancel.signal });
    retried = gateway;
    const request = requestFromSettings(settings, {
      started,
      signal: cancel.signal,
      cwd: process.cwd(),
      env: process.env,
      event: readEventPayload(process.env.GITHUB_EVENT_PATH),
    });
    const result = await execute(gateway, { ...request, confineToCwd: true }, actionsReporter);
    if (settings.mode === 'preview' && settings.comment && request.preview && !settings.dryRun) {
      await postPreviewComments(
        result,
        { token: settings.githubToken, apiUrl: process.env.GITHUB_API_URL, preview: request.preview, run: request.run },
        actionsReporter,
      );
    }
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
    for (const line of outcomeLines(result)) actionsReporter.info(line);
    await core.summary
      .addRaw(actionSummary(result, gateway.server))
      .write()
      .catch(() => undefined);
    const failures = failureLines(result);
    if (failures.length > 0) core.setFailed(inertText(failures.join('\n')));
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const finding of error.findings) actionsReporter.error(finding.message, finding);
    } else if (error instanceof ManifestError) {
      actionsReporter.error(error.message, { file: error.file, line: error.line });
    }
    core.setFailed(inertText(error instanceof Error ? error.message : String(error)));
  } finally {
    // Said once, whatever the outcome: a step that needed retries shows it.
    const notice = retryNotice(retried?.retries?.() ?? 0);
    if (notice) actionsReporter.info(notice);
    cancel.dispose();
  }
}

/** The workflow event's payload (a pull request's number and head commit), if there is one. */
function readEventPayload(file: string | undefined): unknown {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
