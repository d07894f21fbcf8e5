// The annotations NAIS deploy's client puts on every resource (nais/deploy
// pkg/deployclient/injection.go, BuildEnvironmentAnnotations), plus the correlation ID that
// NAIS deploy's server adds (pkg/deployd/deployd/deployd.go) and this action writes itself.
import type { KubeObject } from '../cluster/gateway.ts';

export const correlationIdAnnotation = 'nais.io/deploymentCorrelationID';

/**
 * The CI run, as the environment tells it. Undefined means the variable is not set; an empty
 * string means it is set but empty, which NAIS deploy still writes.
 */
export interface GitHubRun {
  actor?: string | undefined;
  sha?: string | undefined;
  serverUrl?: string | undefined;
  repository?: string | undefined;
  runId?: string | undefined;
  /** Jenkins' BUILD_URL and GIT_COMMIT, which NAIS deploy reads too. */
  buildUrl?: string | undefined;
  gitCommit?: string | undefined;
}

/** The variables NAIS deploy copies into annotations one by one, in its order. */
const copiedVariables = [
  ['GITHUB_ACTOR', 'actor'],
  ['GITHUB_SHA', 'sha'],
  ['BUILD_URL', 'buildUrl'],
  ['GIT_COMMIT', 'gitCommit'],
] as const satisfies readonly (readonly [string, keyof GitHubRun])[];

/** NAIS deploy's key for a copied variable: the prefix, then the name in lower case with `-` for `_`. */
export const annotationKeyFor = (variable: string): string =>
  `deploy.nais.io/${variable.toLowerCase().replaceAll('_', '-')}`;

/** The run's page, when all three parts are known and not empty (for links this action writes). */
export function workflowRunUrl(run: GitHubRun): string | undefined {
  if (!run.serverUrl || !run.repository || !run.runId) return undefined;
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
}

/** The annotation NAIS deploy writes: formed as soon as all three variables are set, even empty. */
function runUrlAnnotation(run: GitHubRun): string | undefined {
  if (run.serverUrl === undefined || run.repository === undefined || run.runId === undefined) return undefined;
  return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
}

/** The first of the keys that is present, even with an empty value, as NAIS deploy looks them up. */
function firstPresent(annotations: Record<string, string>, keys: string[]): string {
  for (const key of keys) if (key in annotations) return annotations[key] ?? '';
  return '';
}

/** The annotations as NAIS deploy's client sets them, and this deploy's correlation ID. */
export function deployAnnotations(
  run: GitHubRun,
  clientVersion: string,
  correlationId: string,
): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const [variable, field] of copiedVariables) {
    const value = run[field];
    if (value !== undefined) annotations[annotationKeyFor(variable)] = value;
  }
  annotations['deploy.nais.io/client-version'] = clientVersion;
  const url = runUrlAnnotation(run);
  if (url) annotations['deploy.nais.io/github-workflow-run-url'] = url;
  // The commit from GITHUB_SHA, else GIT_COMMIT; the link from the run's page, else BUILD_URL.
  // A key that is present but empty is taken as it is, and then there is no change cause.
  const commit = firstPresent(annotations, [annotationKeyFor('GITHUB_SHA'), annotationKeyFor('GIT_COMMIT')]);
  const link = firstPresent(annotations, ['deploy.nais.io/github-workflow-run-url', annotationKeyFor('BUILD_URL')]);
  if (commit && link) annotations['kubernetes.io/change-cause'] = `nais deploy: commit ${commit}: ${link}`;
  annotations[correlationIdAnnotation] = correlationId;
  return annotations;
}

/** A copy of the object with the annotations added (they win over the file's own). */
export function withAnnotations(object: KubeObject, annotations: Record<string, string>): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata?.annotations, ...annotations } },
  };
}
