import { existsSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { connectToCluster } from './cluster/connect.ts';
import type { ClusterGateway } from './cluster/gateway.ts';
import { retryNotice } from './cluster/retrying.ts';
import { execute, requestFromSettings } from './execute.ts';
import { failureLines, outcomeLines, outputsOf } from './outcome.ts';
import { cancelOnSignals } from './cancel.ts';
import { postPreviewComments } from './preview/post-comments.ts';
import { readGitHubContext } from './github-context.ts';
import { reportFailure } from './report/failure.ts';
import { actionsReporter, type Reporter } from './report/reporter.ts';
import { actionSummary } from './report/summary.ts';
import { readSettings } from './settings.ts';

/** The action's one entry: read settings, do the work, report; the only place that fails the step. */
export async function run(): Promise<void> {
  const started = Date.now();
  const github = readGitHubContext(process.env);
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
    const gateway = await connectToCluster({
      access: settings,
      reporter: actionsReporter,
      fetchIdToken: (audience) => core.getIDToken(audience),
      env: process.env,
      retry: { deadline: started + settings.timeoutMs, signal: cancel.signal },
    });
    retried = gateway;
    const request = requestFromSettings(settings, {
      started,
      signal: cancel.signal,
      cwd: process.cwd(),
      env: process.env,
      event: readEventPayload(github.eventPath, actionsReporter),
    });
    const result = await execute(gateway, { ...request, confineToCwd: true }, actionsReporter);
    if (settings.mode === 'preview' && settings.comment && request.preview && !settings.dryRun) {
      await postPreviewComments(
        result,
        { token: settings.githubToken, apiUrl: github.apiUrl, preview: request.preview, run: request.run },
        actionsReporter,
      );
    }
    for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
    for (const line of outcomeLines(result)) actionsReporter.info(line);
    await core.summary
      .addRaw(actionSummary(result, gateway.server))
      .write()
      .catch((error: unknown) => {
        actionsReporter.warning(
          `The step summary could not be written: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    const failures = failureLines(result);
    for (const failure of failures) actionsReporter.error(failure);
    if (failures.length > 0) process.exitCode = core.ExitCode.Failure;
  } catch (error) {
    reportFailure(error, actionsReporter);
    process.exitCode = core.ExitCode.Failure;
  } finally {
    // Said once, whatever the outcome: a step that needed retries shows it.
    const notice = retryNotice(retried?.retries?.() ?? 0);
    if (notice) actionsReporter.info(notice);
    cancel.dispose();
  }
}

/** The workflow event's payload (a pull request's number and head commit), if there is one. */
function readEventPayload(file: string | undefined, reporter: Reporter): unknown {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    reporter.warning(
      `The workflow event's payload could not be read (${error instanceof Error ? error.message : String(error)}); a pull request's number and commit must then come from the inputs.`,
    );
    return undefined;
  }
}
