import { readGitHubContext } from '../../src/github-context.ts';
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import type { ClusterGateway } from '../../src/cluster/gateway.ts';
import type { Reporter } from '../../src/report/reporter.ts';
import {
  isPreviewOfPullRequest,
  previewLabelsOn,
  previewName,
  previewOfAnnotation,
} from '../../src/preview/preview.ts';
import {
  cleanupPreviews,
  refusePreviewLabels,
  newerRunGuard,
  previewContextFrom,
  previewRunAnnotation,
  previewTransform,
  type PreviewContext,
} from '../../src/preview/preview-mode.ts';

const settings = { pullRequest: undefined, previewTtl: '24h' };
const env = { GITHUB_REPOSITORY: 'navikt/jobs', GITHUB_SHA: 'merge-sha', GITHUB_RUN_ID: '900' };

describe('previewContextFrom', () => {
  it.each([
    [
      'a pull_request event',
      settings,
      env,
      { number: 7, pull_request: { number: 7, head: { sha: 'head-sha' } } },
      { pullRequest: 7, repository: 'navikt/jobs', sha: 'head-sha', ttl: '24h', runId: 900 },
    ],
    [
      'the input over the event',
      { pullRequest: 8, previewTtl: '2h' },
      env,
      { pull_request: { number: 7, head: { sha: 'head-sha' } } },
      { pullRequest: 8, sha: 'head-sha', ttl: '2h' },
    ],
    [
      'a dispatch with the input',
      { pullRequest: 9, previewTtl: '24h' },
      env,
      { inputs: {} },
      { pullRequest: 9, sha: 'merge-sha' },
    ],
    ['no pull request', settings, env, { inputs: {} }, undefined],
    ['no event file', settings, env, undefined, undefined],
    ['no repository', { pullRequest: 1, previewTtl: '24h' }, {}, undefined, undefined],
  ])('%s', (_case, given, environment, event, expected) => {
    const context = previewContextFrom(given, readGitHubContext(environment).run, event);
    if (expected === undefined) expect(context).toBeUndefined();
    else expect(context).toMatchObject(expected);
  });
});

const preview: PreviewContext = { pullRequest: 7, repository: 'navikt/jobs', sha: 'abc', ttl: '24h', runId: 900 };

describe('newerRunGuard', () => {
  const desired = { metadata: { name: 'hello-pr-7', namespace: 'team-a' } };
  const live = (run: string | undefined): KubeObject => ({
    metadata: { name: 'hello-pr-7', annotations: run ? { [previewRunAnnotation]: run } : {} },
  });
  it.each([
    ['no live object', undefined, false],
    ['a live object from before runs were recorded', live(undefined), false],
    ['an older run', live('899'), false],
    ['the same run (a re-run attempt)', live('900'), false],
    ['a newer run', live('901'), true],
    ['garbage', live('x'), false],
  ])('%s: refused %s', (_case, liveObject, refused) => {
    const reason = newerRunGuard(preview)(desired, liveObject);
    expect(reason !== undefined).toBe(refused);
    if (reason) expect(reason).toContain('newer workflow run (901; this is 900)');
  });
});

describe('previewTransform', () => {
  it('renames, labels, sets the ttl and records the run', () => {
    const object = {
      apiVersion: 'nais.io/v1',
      kind: 'Naisjob',
      metadata: { name: 'hello', namespace: 'team-a', labels: { team: 'team-a' } },
      spec: { image: 'x:1', schedule: '0 3 * * *' },
    };
    const result = previewTransform(preview)(object);
    expect(result.metadata?.name).toBe('hello-pr-7');
    expect(result.metadata?.annotations?.[previewRunAnnotation]).toBe('900');
    expect(result.spec).toEqual({ image: 'x:1', ttl: '24h' });
    expect(object.metadata.name).toBe('hello');
  });
});

describe('which Naisjobs cleanup deletes', () => {
  const labels = { 'naisjob-deploy.nais.io/repository': 'navikt.jobs', 'naisjob-deploy.nais.io/pull-request': '7' };
  it.each([
    ['a preview', 'nightly-pr-7', { [previewOfAnnotation]: 'nightly' }, true],
    [
      'a preview of a long name, cut with a hash',
      previewName('a'.repeat(60), 7),
      { [previewOfAnnotation]: 'a'.repeat(60) },
      true,
    ],
    ['no preview-of annotation', 'nightly-pr-7', {}, false],
    ["another pull request's name", 'nightly-pr-8', { [previewOfAnnotation]: 'nightly' }, false],
    ['a name that does not match the annotation', 'payroll', { [previewOfAnnotation]: 'payroll' }, false],
    ['an annotation naming another Naisjob', 'nightly-pr-7', { [previewOfAnnotation]: 'other' }, false],
  ])('%s: %p', (_, name, annotations, expected) => {
    expect(isPreviewOfPullRequest({ name, annotations }, 7)).toBe(expected);
  });

  it('deletes the real preview and leaves a labelled production Naisjob alone, with a warning', async () => {
    const items: KubeObject[] = [
      { metadata: { name: 'nightly-pr-7', labels, annotations: { [previewOfAnnotation]: 'nightly' } } },
      { metadata: { name: 'payroll', labels } },
    ];
    const deleted: string[] = [];
    const gateway = {
      listNaisjobs: () => Promise.resolve({ items, resourceVersion: '1' }),
      deleteNaisjob: (ref: { name: string }) => {
        deleted.push(ref.name);
        return Promise.resolve(true);
      },
    } as unknown as ClusterGateway;
    const said: string[] = [];
    const reporter = {
      info: (text: string) => said.push(`info: ${text}`),
      warning: (text: string) => said.push(`warning: ${text}`),
    } as unknown as Reporter;
    const cleaned = await cleanupPreviews(gateway, ['team-a'], { repository: 'navikt/jobs', pullRequest: 7 }, reporter);
    expect(deleted).toEqual(['nightly-pr-7']);
    expect(cleaned).toEqual([{ namespace: 'team-a', name: 'nightly-pr-7', of: 'nightly' }]);
    expect(said).toContainEqual(expect.stringMatching(/^warning: Left Naisjob team-a\/payroll alone/));
  });
});

describe('a Naisjob deployed outside mode preview', () => {
  it('may not carry preview labels', () => {
    expect(previewLabelsOn({ app: 'x' })).toEqual([]);
    const labelled: KubeObject = {
      metadata: { name: 'payroll', namespace: 'team-a', labels: { 'naisjob-deploy.nais.io/pull-request': '7' } },
    };
    expect(() => refusePreviewLabels(labelled)).toThrow(
      "Naisjob team-a/payroll carries the label naisjob-deploy.nais.io/pull-request, which only mode 'preview' sets",
    );
    const plain: KubeObject = { metadata: { name: 'payroll', labels: { app: 'payroll' } } };
    expect(refusePreviewLabels(plain)).toBe(plain);
  });
});
