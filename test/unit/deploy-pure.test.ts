import { describe, expect, it } from '@jest/globals';
import { withAnnotations } from '../../src/deploy/annotations.ts';
import { naiseratorJobName } from '../../src/job/find-job.ts';
import { changedLines, lineDiff } from '../../src/deploy/diff.ts';
import { fieldProblems } from '../../src/deploy/field-errors.ts';
import { parseManifests } from '../../src/manifest/parse.ts';

describe('withAnnotations', () => {
  it('wins over the file’s own annotations and keeps the rest', () => {
    const object = { metadata: { name: 'x', annotations: { keep: 'me', 'nais.io/deploymentCorrelationID': 'old' } } };
    expect(withAnnotations(object, { 'nais.io/deploymentCorrelationID': 'new' }).metadata?.annotations).toEqual({
      keep: 'me',
      'nais.io/deploymentCorrelationID': 'new',
    });
  });
});

describe('naiseratorJobName', () => {
  it.each([
    ['hello', 2, 'hello-2'],
    ['a'.repeat(52), 13, `${'a'.repeat(48)}-13`],
  ])('%s, generation %d → %s', (name, generation, expected) => {
    expect(naiseratorJobName(name, generation)).toBe(expected);
  });
});

describe('lineDiff', () => {
  it.each([
    ['a\nb\nc', 'a\nb\nc', ['  a', '  b', '  c']],
    ['a\nb\nc', 'a\nx\nc', ['  a', '+ x', '- b', '  c']],
    ['a', 'a\nb', ['  a', '+ b']],
    ['a\nb', 'b', ['- a', '  b']],
  ])('%j → %j', (before, after, expected) => {
    expect(lineDiff(before, after)).toEqual(expected);
  });
  it('matches the common start and end directly, and shows a middle too large to compare as removed and added', () => {
    const lines = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    const before = [...lines('head', 100), ...lines('old', 3_000), ...lines('tail', 100)].join('\n');
    const after = [...lines('head', 100), ...lines('new', 3_000), ...lines('tail', 100)].join('\n');
    const started = Date.now();
    const diff = lineDiff(before, after);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(diff).toHaveLength(6_200);
    expect(diff.slice(99, 101)).toEqual(['  head99', '- old0']);
    expect(diff.slice(3_099, 3_101)).toEqual(['- old2999', '+ new0']);
    expect(diff.at(-1)).toBe('  tail99');
  });
  it('keeps context around changes only', () => {
    const diff = lineDiff('1\n2\n3\n4\n5\n6\n7\n8', '1\n2\n3\n4\n5\n6\n7\nX');
    expect(changedLines(diff, 1)).toEqual(['  7', '+ X', '- 8']);
  });
});

describe('fieldProblems', () => {
  const [doc] = parseManifests(
    'apiVersion: nais.io/v1\nkind: Naisjob\nmetadata:\n  name: x\nspec:\n  image: a\n  backofLimit: 3\n  schedule: 1\n',
    'job.yaml',
  );
  it.each([
    [
      'unknown field',
      {
        message:
          'Naisjob in version "v1" cannot be handled as a Naisjob: strict decoding error: unknown field "spec.backofLimit"',
      },
      [{ field: 'spec.backofLimit', line: 7 }],
    ],
    [
      'wrong type',
      {
        message: 'invalid',
        details: {
          causes: [{ field: 'spec.schedule', reason: 'FieldValueTypeInvalid', message: 'must be of type string' }],
        },
      },
      [{ field: 'spec.schedule', line: 8 }],
    ],
    [
      "a real finding and the server's note that some rules were not checked",
      {
        message: 'invalid',
        details: {
          causes: [
            { field: 'spec.schedule', reason: 'FieldValueTypeInvalid', message: 'must be of type string' },
            {
              field: '<nil>',
              reason: 'FieldValueInvalid',
              message:
                'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
            },
          ],
        },
      },
      [{ field: 'spec.schedule', line: 8 }],
    ],
  ])('%s', (_name, status, expected) => {
    if (!doc) throw new Error('no document');
    expect(fieldProblems(status, doc)).toMatchObject(expected);
    expect(fieldProblems(status, doc)).toHaveLength(expected.length);
  });
});
