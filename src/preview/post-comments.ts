// After a preview: one sticky comment per previewed Naisjob on the pull request, with its result.
import { getOctokit } from '@actions/github';
import type { ExecuteResult } from '../execute.ts';
import type { Reporter } from '../report/reporter.ts';
import { workflowRunUrl, type GitHubRun } from '../deploy/annotations.ts';
import { commentMarker, previewCommentBody } from './comment.ts';
import { commentAuthor, upsertStickyComment } from './sticky-comment.ts';
import { debug } from '../log-sinks.ts';
import type { PreviewContext } from './preview-mode.ts';
import { previewOfAnnotation } from './preview.ts';

export interface CommentRequest {
  token: string | undefined;
  /** GITHUB_API_URL; GitHub Enterprise and tests give their own. */
  apiUrl: string | undefined;
  preview: PreviewContext;
  run: GitHubRun;
}

/** Comments never fail the step: a fork's read-only token, say, gets a warning instead. */
export async function postPreviewComments(
  result: ExecuteResult,
  request: CommentRequest,
  reporter: Reporter,
): Promise<void> {
  if (!request.token) {
    reporter.warning("No 'github-token', so no comment on the pull request. The default is the workflow's token.");
    return;
  }
  const [owner = '', repo = ''] = request.preview.repository.split('/');
  const octokit = getOctokit(request.token, request.apiUrl ? { baseUrl: request.apiUrl } : {});
  const author = await commentAuthor(octokit);
  debug(
    author
      ? `Comments are written by ${author.login}; only theirs are updated.`
      : 'Whose comments the token writes is unknown, so a new comment is written.',
  );
  for (const outcome of result.deploy?.outcomes ?? []) {
    const of = outcome.annotations[previewOfAnnotation] ?? outcome.name;
    const marker = commentMarker(`${outcome.namespace}/${of}`);
    const runs = result.runs.filter(
      (r) => r.target.naisjob === outcome.name && r.target.namespace === outcome.namespace,
    );
    const body = previewCommentBody({
      marker,
      naisjob: of,
      previewName: outcome.name,
      namespace: outcome.namespace,
      sha: request.preview.sha,
      runUrl: workflowRunUrl(request.run) ?? '',
      runs,
      deployProblem: ['synchronised', 'unchanged'].includes(outcome.verdict.state)
        ? undefined
        : outcome.verdict.message,
    });
    try {
      const comment = await upsertStickyComment(
        octokit,
        { owner, repo, issueNumber: request.preview.pullRequest },
        marker,
        body,
        author,
      );
      reporter.info(
        `${comment.created ? 'Commented on' : 'Updated the comment on'} pull request #${request.preview.pullRequest} (comment ${comment.id}).`,
      );
    } catch (error) {
      reporter.warning(
        `Could not comment on pull request #${request.preview.pullRequest}: ${error instanceof Error ? error.message : String(error)}. The token needs 'pull-requests: write' (a pull request from a fork gets a read-only token).`,
      );
    }
  }
}
