import { describe, expect, it } from '@jest/globals';
import { deployAnnotations, withAnnotations, type GitHubRun } from '../../src/deploy/annotations.ts';
import { readGitHubContext } from '../../src/github-context.ts';

// Each row names where NAIS deploy decides it: nais/deploy pkg/deployclient/injection.go, at e90640a9.
const injection = 'injection.go';
const github: GitHubRun = {
  actor: 'octocat',
  sha: 'abc',
  serverUrl: 'https://github.com',
  repository: 'navikt/x',
  runId: '7',
};
const url = 'https://github.com/navikt/x/actions/runs/7';
const always = { 'deploy.nais.io/client-version': 'v1', 'nais.io/deploymentCorrelationID': 'id' };

describe('deployAnnotations', () => {
  it.each<[string, string, GitHubRun, Record<string, string>]>([
    [
      'a GitHub run',
      `${injection} BuildEnvironmentAnnotations, changeCause`,
      github,
      {
        ...always,
        'deploy.nais.io/github-actor': 'octocat',
        'deploy.nais.io/github-sha': 'abc',
        'deploy.nais.io/github-workflow-run-url': url,
        'kubernetes.io/change-cause': `nais deploy: commit abc: ${url}`,
      },
    ],
    ['nothing set: the client version only', `${injection} BuildEnvironmentAnnotations`, {}, always],
    [
      'a variable set but empty is still written',
      `${injection} BuildEnvironmentAnnotations (os.LookupEnv)`,
      { actor: '', sha: '' },
      { ...always, 'deploy.nais.io/github-actor': '', 'deploy.nais.io/github-sha': '' },
    ],
    [
      'a commit without a run URL: no change cause',
      `${injection} changeCause`,
      { sha: 'abc' },
      { ...always, 'deploy.nais.io/github-sha': 'abc' },
    ],
    [
      'a run URL without a commit: no change cause',
      `${injection} changeCause`,
      { serverUrl: 'https://github.com', repository: 'navikt/x', runId: '7' },
      { ...always, 'deploy.nais.io/github-workflow-run-url': url },
    ],
    [
      'the run URL needs all three variables',
      `${injection} githubWorkflowRunURL`,
      { sha: 'abc', serverUrl: 'https://github.com', repository: 'navikt/x' },
      { ...always, 'deploy.nais.io/github-sha': 'abc' },
    ],
    [
      'the run URL is formed from empty variables too',
      `${injection} githubWorkflowRunURL`,
      { serverUrl: '', repository: '', runId: '' },
      { ...always, 'deploy.nais.io/github-workflow-run-url': '//actions/runs/' },
    ],
    [
      'Jenkins: GIT_COMMIT and BUILD_URL',
      `${injection} BuildEnvironmentAnnotations, changeCause`,
      { gitCommit: 'def', buildUrl: 'https://ci/1' },
      {
        ...always,
        'deploy.nais.io/git-commit': 'def',
        'deploy.nais.io/build-url': 'https://ci/1',
        'kubernetes.io/change-cause': 'nais deploy: commit def: https://ci/1',
      },
    ],
    [
      'GITHUB_SHA wins over GIT_COMMIT, the run URL over BUILD_URL',
      `${injection} changeCause`,
      { ...github, gitCommit: 'def', buildUrl: 'https://ci/1' },
      {
        ...always,
        'deploy.nais.io/github-actor': 'octocat',
        'deploy.nais.io/github-sha': 'abc',
        'deploy.nais.io/git-commit': 'def',
        'deploy.nais.io/build-url': 'https://ci/1',
        'deploy.nais.io/github-workflow-run-url': url,
        'kubernetes.io/change-cause': `nais deploy: commit abc: ${url}`,
      },
    ],
    [
      'GITHUB_SHA set but empty hides GIT_COMMIT: no change cause',
      `${injection} changeCause (first key present)`,
      { sha: '', gitCommit: 'def', buildUrl: 'https://ci/1' },
      {
        ...always,
        'deploy.nais.io/github-sha': '',
        'deploy.nais.io/git-commit': 'def',
        'deploy.nais.io/build-url': 'https://ci/1',
      },
    ],
  ])('%s (%s)', (_name, _source, run, expected) => {
    expect(deployAnnotations(run, 'v1', 'id')).toEqual(expected);
  });

  it('reads the variables from the environment, telling unset from empty', () => {
    expect(readGitHubContext({ GITHUB_ACTOR: '', GIT_COMMIT: 'def' }).run).toEqual({
      actor: '',
      sha: undefined,
      serverUrl: undefined,
      repository: undefined,
      runId: undefined,
      buildUrl: undefined,
      gitCommit: 'def',
    });
  });
});

describe('withAnnotations', () => {
  it('wins over the file’s own annotations and keeps the rest', () => {
    const object = { metadata: { name: 'x', annotations: { keep: 'me', 'nais.io/deploymentCorrelationID': 'old' } } };
    expect(withAnnotations(object, { 'nais.io/deploymentCorrelationID': 'new' }).metadata?.annotations).toEqual({
      keep: 'me',
      'nais.io/deploymentCorrelationID': 'new',
    });
  });
});
