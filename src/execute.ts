// The action's work in each mode (deploy, run, deploy-then-run, preview, cleanup), free of
// @actions/core so that the command line runs the same code.
import type { ClusterGateway, ObjectRef } from './cluster/gateway.ts';
import { deploy, succeeded, type DeployRequest, type DeployResult } from './deploy/deploy.ts';
import { renderResources } from './deploy/render.ts';
import { startJobFromCronJob } from './job/start-job.ts';
import { waitForJobs, type JobRun, type JobTarget, type WaitOptions } from './job/wait-for-jobs.ts';
import {
  cleanupPreviews,
  newerRunGuard,
  previewContextFrom,
  previewTransform,
  refusePreviewLabels,
  type CleanedPreview,
  type PreviewContext,
} from './preview/preview-mode.ts';
import type { Reporter } from './report/reporter.ts';
import { readGitHubContext } from './github-context.ts';
import type { Mode, Settings } from './settings.ts';

export interface ExecuteRequest extends DeployRequest {
  mode: Mode;
  /** For modes preview and cleanup. */
  preview?: PreviewContext | undefined;
  /** Wait for the Jobs to finish; otherwise only start or find them. */
  wait: boolean;
  job: Omit<WaitOptions, 'deadline' | 'signal'>;
}

export interface ExecuteResult {
  deploy: DeployResult | undefined;
  /** Jobs found or started, in the order of the Naisjobs. */
  targets: JobTarget[];
  /** How each awaited Job ended; empty when not waiting. */
  runs: JobRun[];
  /** What mode cleanup deleted. */
  cleaned: CleanedPreview[];
}

/** The Naisjobs the files describe, rendered and checked as a deploy would. */
function naisjobRefs(request: ExecuteRequest): ObjectRef[] {
  return renderResources(request).naisjobs.map((n) => ({
    namespace: n.object.metadata?.namespace ?? '',
    name: n.object.metadata?.name ?? '',
  }));
}

function requirePreview(request: ExecuteRequest): PreviewContext {
  if (!request.preview) {
    throw new Error(
      `Mode ${request.mode} needs a pull request: run it on a pull_request event, or set the input 'pull-request'.`,
    );
  }
  return request.preview;
}

/** Log lines kept per pod for the failure report and the summary. */
const tailLines = 30;

/** The request the settings describe; the step's one deadline counts from `started`. */
export function requestFromSettings(
  settings: Settings,
  context: { started: number; signal: AbortSignal; cwd: string; env: NodeJS.ProcessEnv; event?: unknown },
): ExecuteRequest {
  const github = readGitHubContext(context.env);
  return {
    ...settings,
    preview:
      settings.mode === 'preview' || settings.mode === 'cleanup'
        ? previewContextFrom(settings, github.run, context.event)
        : undefined,
    cwd: context.cwd,
    run: github.run,
    deadline: context.started + settings.timeoutMs,
    signal: context.signal,
    job: {
      stuckGraceMs: settings.stuckAfterMs,
      logs: settings.logs,
      onCancel: settings.onCancel,
      tailLines,
      timeoutMs: settings.timeoutMs,
    },
  };
}

export async function execute(
  gateway: ClusterGateway,
  request: ExecuteRequest,
  reporter: Reporter,
): Promise<ExecuteResult> {
  const targets: JobTarget[] = [];
  let deployed: DeployResult | undefined;
  if (request.mode === 'cleanup') {
    const preview = requirePreview(request);
    const namespaces = [...new Set(naisjobRefs(request).map((ref) => ref.namespace))];
    const cleaned = await cleanupPreviews(gateway, namespaces, preview, reporter);
    return { deploy: undefined, targets, runs: [], cleaned };
  }
  if (request.mode === 'run') {
    const naisjobs = naisjobRefs(request);
    if (request.dryRun) {
      for (const naisjob of naisjobs) {
        const cronJob = await gateway.readCronJob(naisjob);
        reporter.info(
          cronJob
            ? `Dry run: would start a Job from CronJob ${naisjob.namespace}/${naisjob.name}.`
            : `Dry run: Naisjob ${naisjob.namespace}/${naisjob.name} has no CronJob; run would fail. Deploy it first.`,
        );
      }
      return { deploy: undefined, targets, runs: [], cleaned: [] };
    }
    for (const naisjob of naisjobs) targets.push(await startJobFromCronJob(gateway, naisjob));
  } else {
    const preview = request.mode === 'preview' ? requirePreview(request) : undefined;
    deployed = await deploy(
      gateway,
      preview
        ? { ...request, transform: previewTransform(preview), guard: newerRunGuard(preview), naisjobsOnly: true }
        : { ...request, transform: refusePreviewLabels },
      reporter,
    );
    if (deployed.dryRun) return { deploy: deployed, targets, runs: [], cleaned: [] };
    // A batch/v1 Job in the files is awaited as NAIS deploy awaits one, with our logs and reports.
    for (const resource of deployed.resources.filter((r) => r.apiVersion === 'batch/v1' && r.kind === 'Job')) {
      targets.push({ namespace: resource.namespace, name: resource.name, naisjob: '', startedBy: 'file' });
    }
    for (const outcome of deployed.outcomes.filter(succeeded)) {
      if (outcome.job) {
        targets.push({
          namespace: outcome.namespace,
          name: outcome.job,
          naisjob: outcome.name,
          startedBy: 'naiserator',
        });
      } else if (request.mode === 'deploy-then-run' || request.mode === 'preview') {
        // Scheduled, or unchanged so naiserator ran nothing: run it from its CronJob.
        targets.push(await startJobFromCronJob(gateway, outcome));
      }
    }
  }
  for (const target of targets) {
    reporter.info(
      target.startedBy === 'file'
        ? `Job ${target.namespace}/${target.name} applied from the files.`
        : `Job ${target.namespace}/${target.name} ${target.startedBy === 'force-run' ? 'started from the CronJob by this step' : 'started by naiserator'} for Naisjob ${target.naisjob}.`,
    );
  }
  if (!request.wait || targets.length === 0) return { deploy: deployed, targets, runs: [], cleaned: [] };

  const runs = await waitForJobs(
    gateway,
    targets,
    { ...request.job, deadline: request.deadline, signal: request.signal },
    reporter,
  );
  for (const run of runs) {
    reporter.info(run.headline);
    if (run.report.length > 0) for (const line of run.report) reporter.info(line);
    if (run.deleted) reporter.info(`Job ${run.target.namespace}/${run.target.name} was deleted, as on-cancel asks.`);
  }
  return { deploy: deployed, targets, runs, cleaned: [] };
}
