import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import {
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
    const context = previewContextFrom(given, environment, event);
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
