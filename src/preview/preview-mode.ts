// The pull-request preview and its cleanup, on top of deploy: which Naisjobs, under which names,
// and the rule that a newer workflow run's preview wins over an older run's.
import type { ClusterGateway, KubeObject } from '../cluster/gateway.ts';
import type { GitHubRun } from '../deploy/annotations.ts';
import type { Reporter } from '../report/reporter.ts';
import { inertOneLine } from '../report/outside-text.ts';
import { isPreviewOfPullRequest, previewLabelsOn, previewOfAnnotation, previewSelector, toPreview } from './preview.ts';

export interface PreviewContext {
  pullRequest: number;
  /** `owner/name`. */
  repository: string;
  /** The pull request's head commit. */
  sha: string;
  ttl: string;
  /** GITHUB_RUN_ID: grows with each new workflow run of a repository. */
  runId: number;
}

/** Which workflow run deployed a preview, to tell a newer run from an older one. */
export const previewRunAnnotation = 'naisjob-deploy.nais.io/run-id';

export function previewTransform(preview: PreviewContext): (object: KubeObject) => KubeObject {
  return (object) => {
    const copy = toPreview(object, preview) as KubeObject;
    return {
      ...copy,
      metadata: {
        ...copy.metadata,
        annotations: { ...copy.metadata?.annotations, [previewRunAnnotation]: String(preview.runId) },
      },
    };
  };
}

/**
 * Refuses to replace a preview that a newer workflow run deployed, so that when two runs of one
 * pull request overlap, the older one stops instead of putting back its older commit.
 */
export function newerRunGuard(preview: PreviewContext) {
  return (desired: KubeObject, live: KubeObject | undefined): string | undefined => {
    const liveRun = Number(live?.metadata?.annotations?.[previewRunAnnotation] ?? '');
    if (!Number.isSafeInteger(liveRun) || liveRun <= preview.runId) return undefined;
    return `Preview ${desired.metadata?.namespace ?? ''}/${desired.metadata?.name ?? ''} was deployed by a newer workflow run (${liveRun}; this is ${preview.runId}), so this run leaves it alone. Set a concurrency group per pull request to cancel older runs.`;
  };
}

export interface CleanedPreview {
  namespace: string;
  name: string;
  /** The Naisjob it previewed. */
  of: string;
}

/**
 * For modes other than `preview`: refuses a Naisjob that carries preview labels, which the pull request's
 * cleanup would then delete.
 */
export function refusePreviewLabels(object: KubeObject): KubeObject {
  const found = previewLabelsOn(object.metadata?.labels);
  if (found.length > 0) {
    throw new Error(
      `Naisjob ${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''} carries the label${found.length > 1 ? 's' : ''} ${found.join(', ')}, which only mode 'preview' sets: a pull request's cleanup would delete it. Remove ${found.length > 1 ? 'them' : 'it'}.`,
    );
  }
  return object;
}

/**
 * Deletes every preview Naisjob of the pull request in the namespaces: found by label, and deleted only when
 * its annotation and name say it is a preview of this pull request; says what it deleted and what it left.
 */
export async function cleanupPreviews(
  gateway: ClusterGateway,
  namespaces: readonly string[],
  preview: Pick<PreviewContext, 'repository' | 'pullRequest'>,
  reporter: Reporter,
): Promise<CleanedPreview[]> {
  const selector = previewSelector(preview.repository, preview.pullRequest);
  const cleaned: CleanedPreview[] = [];
  for (const namespace of namespaces) {
    const list = await gateway.listNaisjobs(namespace, { labelSelector: selector });
    for (const naisjob of list.items) {
      const name = naisjob.metadata?.name ?? '';
      if (!isPreviewOfPullRequest(naisjob.metadata, preview.pullRequest)) {
        reporter.warning(
          `Left Naisjob ${namespace}/${name} alone: it carries the preview labels of pull request #${preview.pullRequest}, but its name and its ${previewOfAnnotation} annotation do not make it a preview of it.`,
        );
        continue;
      }
      if (await gateway.deleteNaisjob({ namespace, name })) {
        // The annotation is the cluster's text; the name check above bounds what it can be.
        const of = inertOneLine(naisjob.metadata?.annotations?.[previewOfAnnotation] ?? '');
        cleaned.push({ namespace, name, of });
        reporter.info(`Deleted preview Naisjob ${namespace}/${name} (of ${of}).`);
      }
    }
  }
  if (cleaned.length === 0) {
    reporter.info(
      `No preview Naisjobs of pull request #${preview.pullRequest} in ${namespaces.join(', ')} (selector ${selector}).`,
    );
  }
  return cleaned;
}

interface PullRequestEvent {
  number?: unknown;
  pull_request?: { number?: unknown; head?: { sha?: unknown } };
}

/**
 * The preview's context from the settings, the workflow run and the event payload (a
 * `pull_request` event gives the number and head commit; a `pull-request` input overrides).
 * Undefined when no pull request is known; the mode then says what it needs.
 */
export function previewContextFrom(
  settings: { pullRequest: number | undefined; previewTtl: string },
  run: Pick<GitHubRun, 'repository' | 'sha' | 'runId'>,
  event: unknown,
): PreviewContext | undefined {
  const payload = (typeof event === 'object' && event !== null ? event : {}) as PullRequestEvent;
  const fromEvent = payload.pull_request?.number ?? payload.number;
  const pullRequest = settings.pullRequest ?? (typeof fromEvent === 'number' ? fromEvent : undefined);
  const repository = run.repository;
  if (pullRequest === undefined || !repository) return undefined;
  const headSha = payload.pull_request?.head?.sha;
  return {
    pullRequest,
    repository,
    sha: typeof headSha === 'string' ? headSha : (run.sha ?? ''),
    ttl: settings.previewTtl,
    runId: Number(run.runId ?? '0') || 0,
  };
}
