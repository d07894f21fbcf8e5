// Pull-request previews: names, labels, the cleanup selector, the preview object and the ttl check. Pure.
import { describe, expect, it } from '@jest/globals';
import {
  checkTtl,
  defaultPreviewTtl,
  previewLabels,
  previewLabelValues,
  previewName,
  previewOfAnnotation,
  previewSelector,
  toPreview,
} from '../../src/preview/preview.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const sha = '0123456789abcdef0123456789abcdef01234567';

describe('previewName', () => {
  it.each([
    ['hello', 42, 'hello-pr-42'],
    ['a', 1, 'a-pr-1'],
    ['my-job-2', 1234567, 'my-job-2-pr-1234567'],
    // 41 + '-pr-1234567' = 52: fits exactly, so no hash.
    ['x'.repeat(41), 1234567, `${'x'.repeat(41)}-pr-1234567`],
  ])('names %s for pull request %d %s', (name, pr, expected) => {
    expect(previewName(name, pr)).toBe(expected);
  });

  it('cuts a long name and adds a stable hash of the full name', () => {
    const long = `${'a'.repeat(30)}-${'b'.repeat(32)}`; // 63 characters
    const preview = previewName(long, 42);
    expect(preview).toMatch(/^a{30}-b+-[0-9a-f]{8}-pr-42$/);
    expect(preview).toHaveLength(52);
    expect(previewName(long, 42)).toBe(preview);
  });

  it('gives two long names that share a 60-character prefix different names', () => {
    const prefix = 'p'.repeat(60);
    const one = previewName(`${prefix}-one`, 7);
    const two = previewName(`${prefix}-two`, 7);
    expect(one).not.toBe(two);
    expect(one.replace(/-[0-9a-f]{8}-pr-7$/, '')).toBe(two.replace(/-[0-9a-f]{8}-pr-7$/, ''));
  });

  it('does not end the cut part in a dash', () => {
    // With a 7-digit number 32 characters stay, the last of them the dash.
    const name = `${'a'.repeat(31)}-${'b'.repeat(31)}`;
    expect(previewName(name, 1234567)).toMatch(/^a{31}-[0-9a-f]{8}-pr-1234567$/);
  });

  it.each([
    ['upper case', 'Hello'],
    ['underscores and dots', 'my_job.v2'],
    ['leading and trailing dashes', '-job-'],
    ['nothing usable', '___'],
    ['empty', ''],
    ['unicode', 'jøbb'],
  ])('makes a valid name from %s, with a hash so it cannot meet a clean name', (_case, name) => {
    const preview = previewName(name, 5);
    expect(preview).toMatch(dnsLabel);
    expect(preview).toMatch(/-[0-9a-f]{8}-pr-5$|^[0-9a-f]{8}-pr-5$/);
  });

  it('keeps every name within 52 characters and a DNS-1123 label', () => {
    const names = ['a', 'hello', 'x'.repeat(40), 'y'.repeat(52), 'z'.repeat(63), `${'q'.repeat(45)}-${'r'.repeat(17)}`];
    for (const name of names) {
      for (const pr of [1, 9, 42, 999, 12345, 1234567, Number.MAX_SAFE_INTEGER]) {
        const preview = previewName(name, pr);
        expect(preview.length).toBeLessThanOrEqual(52);
        expect(preview).toMatch(dnsLabel);
        expect(preview.endsWith(`-pr-${pr}`)).toBe(true);
      }
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses pull request number %p', (pr) => {
    expect(() => previewName('hello', pr)).toThrow('is not a positive whole number');
  });
});

describe('previewLabelValues', () => {
  it('turns the slash into a dot and keeps the number and the commit', () => {
    expect(previewLabelValues('navikt/my-repo', 42, sha)).toEqual({
      [previewLabels.repository]: 'navikt.my-repo',
      [previewLabels.pullRequest]: '42',
      [previewLabels.commit]: sha,
    });
  });

  it.each([
    ['upper case, as GitHub ignores it', 'NAVIKT/My-Repo', 'navikt.my-repo'],
    ['underscores and dots', 'navikt/my_repo.v2', 'navikt.my_repo.v2'],
  ])('reads %s', (_case, repository, expected) => {
    expect(previewLabelValues(repository, 1, sha)[previewLabels.repository]).toBe(expected);
  });

  it('cuts a long repository and adds a hash, so two long ones that share a prefix differ', () => {
    const owner = 'o'.repeat(39);
    const one = previewLabelValues(`${owner}/${'r'.repeat(100)}`, 1, sha)[previewLabels.repository] ?? '';
    const two = previewLabelValues(`${owner}/${'r'.repeat(99)}s`, 1, sha)[previewLabels.repository] ?? '';
    expect(one).toHaveLength(63);
    expect(one).toMatch(labelValue);
    expect(one).toMatch(/^o{39}\.r+-[0-9a-f]{8}$/);
    expect(one).not.toBe(two);
  });

  it.each([
    ['spaces and symbols', 'my org/my repo!'],
    ['leading and trailing dots', './repo.'],
    ['only symbols', '/'],
  ])('makes a valid value from %s', (_case, repository) => {
    const value = previewLabelValues(repository, 1, sha)[previewLabels.repository] ?? '';
    expect(value).toMatch(labelValue);
    expect(value.length).toBeLessThanOrEqual(63);
    expect(value).toMatch(/-?[0-9a-f]{8}$/);
  });

  it('cuts a SHA-256 commit to 40 characters', () => {
    const long = 'a'.repeat(64);
    expect(previewLabelValues('o/r', 1, long)[previewLabels.commit]).toBe('a'.repeat(40));
  });

  it('makes every value valid', () => {
    for (const value of Object.values(previewLabelValues('o/r', 1234567, 'not a sha!'))) {
      expect(value).toMatch(labelValue);
      expect(value.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('previewSelector', () => {
  it('selects by repository and pull request, not by commit', () => {
    expect(previewSelector('navikt/my-repo', 42)).toBe(
      'naisjob-deploy.nais.io/repository=navikt.my-repo,naisjob-deploy.nais.io/pull-request=42',
    );
  });

  it('matches the labels a preview gets', () => {
    const labels = previewLabelValues('Navikt/' + 'long-repository-name-'.repeat(5), 7, sha);
    for (const term of previewSelector('Navikt/' + 'long-repository-name-'.repeat(5), 7).split(',')) {
      const [key = '', value] = term.split('=');
      expect(labels[key]).toBe(value);
    }
  });
});

function naisjob(): Record<string, unknown> {
  return {
    apiVersion: 'nais.io/v1',
    kind: 'Naisjob',
    metadata: {
      name: 'hello',
      namespace: 'team-a',
      labels: { team: 'team-a', app: 'hello', tier: 'batch' },
      annotations: { 'nais.io/run-as-user': '1001' },
    },
    spec: {
      image: 'ghcr.io/navikt/hello:1',
      schedule: '0 * * * *',
      timeZone: 'Europe/Oslo',
      env: [{ name: 'A', value: '1' }],
    },
  };
}

describe('toPreview', () => {
  const options = { pullRequest: 42, repository: 'navikt/hello-repo', sha, ttl: '2h' };

  it('renames, labels, annotates, sets the ttl and removes the schedule', () => {
    expect(toPreview(naisjob(), options)).toEqual({
      apiVersion: 'nais.io/v1',
      kind: 'Naisjob',
      metadata: {
        name: 'hello-pr-42',
        namespace: 'team-a',
        labels: {
          team: 'team-a',
          tier: 'batch',
          [previewLabels.repository]: 'navikt.hello-repo',
          [previewLabels.pullRequest]: '42',
          [previewLabels.commit]: sha,
        },
        annotations: { 'nais.io/run-as-user': '1001', [previewOfAnnotation]: 'hello' },
      },
      spec: {
        image: 'ghcr.io/navikt/hello:1',
        timeZone: 'Europe/Oslo',
        env: [{ name: 'A', value: '1' }],
        ttl: '2h',
      },
    });
  });

  it('does not change its input, nor share objects with it', () => {
    const input = naisjob();
    const before = structuredClone(input);
    const preview = toPreview(input, options);
    expect(input).toEqual(before);
    expect((preview.spec as Record<string, unknown>).env).not.toBe((input.spec as Record<string, unknown>).env);
    expect((preview.metadata as Record<string, unknown>).labels).not.toBe(
      (input.metadata as Record<string, unknown>).labels,
    );
  });

  it.each([
    ['the default', undefined, defaultPreviewTtl],
    ['a given ttl', '90m', '90m'],
  ])('sets %s, replacing a ttl in the manifest', (_case, ttl, expected) => {
    const input = naisjob();
    (input.spec as Record<string, unknown>).ttl = '720h';
    expect((toPreview(input, { ...options, ttl }).spec as Record<string, unknown>).ttl).toBe(expected);
  });

  it('works without labels, annotations or schedule', () => {
    const preview = toPreview(
      { apiVersion: 'nais.io/v1', kind: 'Naisjob', metadata: { name: 'x' }, spec: {} },
      options,
    );
    expect(preview.metadata).toEqual({
      name: 'x-pr-42',
      labels: previewLabelValues(options.repository, 42, sha),
      annotations: { [previewOfAnnotation]: 'x' },
    });
    expect(preview.spec).toEqual({ ttl: '2h' });
  });

  it('leaves out what the API server fills in', () => {
    const live = naisjob();
    Object.assign(live.metadata as object, { uid: 'u', resourceVersion: '9', generation: 3, creationTimestamp: 'now' });
    live.status = { synchronizationState: 'RolloutComplete' };
    const preview = toPreview(live, options);
    expect(Object.keys(preview.metadata as object).sort()).toEqual(['annotations', 'labels', 'name', 'namespace']);
    expect(preview).not.toHaveProperty('status');
  });

  it.each([
    ['no name', { metadata: {} }, '1h', 'has no metadata.name'],
    ['a bad ttl', naisjob(), '1 day', "Input 'preview-ttl' has the value '1 day'"],
  ])('refuses %s', (_case, input, ttl, message) => {
    expect(() => toPreview(input, { ...options, ttl })).toThrow(message);
  });
});

describe('checkTtl', () => {
  it.each(['24h', '90m', '1h30m', '1.5h', '.5h', '1.h', '300ms', '10us', '10µs', '10μs', '1ns', '+2h', '2h45m30.5s'])(
    'accepts %s',
    (ttl) => {
      expect(checkTtl(ttl)).toBeUndefined();
    },
  );

  it.each([
    ['', 'not a Go duration'],
    ['24', 'not a Go duration'],
    ['1d', 'not a Go duration'],
    ['1h 30m', 'not a Go duration'],
    [' 24h', 'not a Go duration'],
    ['24H', 'not a Go duration'],
    ['.h', 'not a Go duration'],
    ['1..5h', 'not a Go duration'],
    ['h', 'not a Go duration'],
    ['-', 'not a Go duration'],
    ['3000000h', 'not a Go duration'],
    ['0', 'not longer than zero'],
    ['0h', 'not longer than zero'],
    ['-1h', 'not longer than zero'],
    ['0.1ns', 'not longer than zero'],
  ])('refuses %p: %s', (ttl, problem) => {
    const message = checkTtl(ttl);
    expect(message).toContain(`Input 'preview-ttl' has the value '${ttl}'`);
    expect(message).toContain(problem);
  });
});
