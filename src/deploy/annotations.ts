// The annotations NAIS deploy puts on every resource, plus the correlation ID deployd adds.
import type { KubeObject } from '../cluster/gateway.ts';

export const correlationIdAnnotation = 'nais.io/deploymentCorrelationID';

export interface GitHubRun {
  actor?: string | undefined;
  sha?: string | undefined;
  serverUrl?: string | undefined;
  repository?: string | undefined;
  runId?: string | undefined;
}

export function githubRunFromEnv(env: NodeJS.ProcessEnv): GitHubRun {
  return {
    actor: env.GITHUB_ACTOR,
    sha: env.GITHUB_SHA,
    serverUrl: env.GITHUB_SERVER_URL,
    repository: env.GITHUB_REPOSITORY,
    runId: env.GITHUB_RUN_ID,
  };
}

export function workflowRunUrl(run: GitHubRun): string | undefined {
  if (!run.serverUrl || !run.repository || !run.runId) return undefined;
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
}

/** The annotations as NAIS deploy sets them; entries without a value are left out. */
export function deployAnnotations(
  run: GitHubRun,
  clientVersion: string,
  correlationId: string,
): Record<string, string> {
  const url = workflowRunUrl(run);
  const annotations: Record<string, string> = {
    'deploy.nais.io/client-version': clientVersion,
    [correlationIdAnnotation]: correlationId,
  };
  if (run.actor) annotations['deploy.nais.io/github-actor'] = run.actor;
  if (run.sha) annotations['deploy.nais.io/github-sha'] = run.sha;
  if (url) annotations['deploy.nais.io/github-workflow-run-url'] = url;
  if (run.sha || url)
    annotations['kubernetes.io/change-cause'] = `nais deploy: commit ${run.sha ?? 'unknown'}: ${url ?? 'unknown'}`;
  return annotations;
}

/** A copy of the object with the annotations added (they win over the file's own). */
export function withAnnotations(object: KubeObject, annotations: Record<string, string>): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata?.annotations, ...annotations } },
  };
}
