// The workflow run's values from the environment (GITHUB_*, and the Jenkins-style BUILD_URL and
// GIT_COMMIT that NAIS deploy's client also reads), read in this one place.
import type { GitHubRun } from './deploy/annotations.ts';

export interface GitHubContext {
  /** What the annotations and previews are made from. */
  run: GitHubRun;
  /** GITHUB_API_URL; GitHub Enterprise and tests give their own. */
  apiUrl: string | undefined;
  /** GITHUB_EVENT_PATH: the payload of the event that started the workflow. */
  eventPath: string | undefined;
}

export function readGitHubContext(env: NodeJS.ProcessEnv): GitHubContext {
  return {
    run: {
      actor: env.GITHUB_ACTOR,
      sha: env.GITHUB_SHA,
      serverUrl: env.GITHUB_SERVER_URL,
      repository: env.GITHUB_REPOSITORY,
      runId: env.GITHUB_RUN_ID,
      buildUrl: env.BUILD_URL,
      gitCommit: env.GIT_COMMIT,
    },
    apiUrl: env.GITHUB_API_URL,
    eventPath: env.GITHUB_EVENT_PATH,
  };
}
