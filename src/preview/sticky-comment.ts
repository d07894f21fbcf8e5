// The sticky pull-request comment: found by its hidden marker among the token's own comments, updated in place.
//
// Permissions: it uses only the issue-comments REST API (list, create, update). GitHub's "Permissions required
// for fine-grained personal access tokens" (docs.github.com, REST API > Authentication) lists "List issue
// comments" (read), "Create an issue comment" (write) and "Update an issue comment" (write) under both "Issues"
// and "Pull requests", each marked as taking either permission. On a pull request, `pull-requests: write` on
// the GITHUB_TOKEN is therefore enough; `issues: write` works too. (A pull request from a fork gets a read-only
// token whatever the workflow asks for.)
import type { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

export interface CommentTarget {
  owner: string;
  repo: string;
  /** The pull request's number: a pull request is an issue to the comments API. */
  issueNumber: number;
}

/** Who writes the token's comments, as GitHub names a comment's author. */
export interface CommentAuthor {
  login: string;
  type: string;
}

/** The author of comments made with the workflow's own GITHUB_TOKEN. */
export const workflowTokenAuthor: CommentAuthor = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * Whose comments the token writes. `GET /user` names a personal token's user; the workflow's
 * GITHUB_TOKEN (an installation token) may not call it and gets 403, and its comments are written by
 * github-actions[bot]. Anything else (a network error, a 401) leaves it unknown: then no comment is
 * edited, since it might be someone else's.
 */
export async function commentAuthor(octokit: Octokit): Promise<CommentAuthor | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return { login: data.login, type: data.type };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const message = error instanceof Error ? error.message : '';
    return status === 403 && /not accessible by integration/i.test(message) ? workflowTokenAuthor : undefined;
  }
}

/**
 * Ours: starts with the marker and was written by the token's own identity. A marker in someone
 * else's comment (quoted, or planted to have the next preview's result written over their text) is
 * not. Pure.
 */
export function isOurComment(
  comment: { body?: string | null | undefined; user?: { login?: string; type?: string } | null | undefined },
  marker: string,
  author: CommentAuthor | undefined,
): boolean {
  return (
    author !== undefined &&
    comment.body?.startsWith(marker) === true &&
    comment.user?.login === author.login &&
    comment.user.type === author.type
  );
}

/**
 * Updates our comment with the marker (see {@link isOurComment}), or creates one. Pages through the pull
 * request's comments oldest first, stopping at the first match; every other comment is left alone. With
 * no known author, it creates a new comment rather than edit one it may not own.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string,
  author: CommentAuthor | undefined,
): Promise<{ id: number; created: boolean }> {
  const where = { owner: target.owner, repo: target.repo };
  if (author) {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      ...where,
      issue_number: target.issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      const ours = page.data.find((comment) => isOurComment(comment, marker, author));
      if (ours) {
        await octokit.rest.issues.updateComment({ ...where, comment_id: ours.id, body });
        return { id: ours.id, created: false };
      }
    }
  }
  const created = await octokit.rest.issues.createComment({ ...where, issue_number: target.issueNumber, body });
  return { id: created.data.id, created: true };
}
