import { describe, expect, it } from '@jest/globals';
import { fieldProblems } from '../../src/deploy/field-errors.ts';
import { parseManifests } from '../../src/manifest/parse.ts';

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
