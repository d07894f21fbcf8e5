// One failure path for the action and the command line: each finding once, at its place.
import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../src/deploy/render.ts';
import { ManifestError } from '../../src/manifest/errors.ts';
import { reportFailure } from '../../src/report/failure.ts';
import type { Location, Reporter } from '../../src/report/reporter.ts';

function errors(): { reporter: Reporter; said: [string, Location | undefined][] } {
  const said: [string, Location | undefined][] = [];
  const reporter = {
    info: () => undefined,
    warning: () => undefined,
    error: (text: string, at?: Location) => said.push([text, at]),
  } as unknown as Reporter;
  return { reporter, said };
}

describe('reportFailure', () => {
  it('says each finding once, at its file and line, then that nothing was applied', () => {
    const { reporter, said } = errors();
    const findings = [
      { file: 'a.yaml', line: 3, field: 'metadata.name', value: 'X', message: 'bad name' },
      { file: 'b.yaml', line: 9, field: 'spec.image', value: '', message: 'no image' },
    ];
    reportFailure(new ValidationError(findings), reporter);
    expect(said).toEqual([
      ['bad name', findings[0]],
      ['no image', findings[1]],
      ['2 problems in the Naisjob files; nothing was applied.', undefined],
    ]);
  });

  it.each<[string, unknown, [string, Location | undefined][]]>([
    [
      'a file error, at its line',
      new ManifestError('a.yaml', 4, 2, 'YAML syntax error: bad'),
      [['a.yaml:4:2: YAML syntax error: bad', { file: 'a.yaml', line: 4 }]],
    ],
    ['any other error', new Error('no cluster'), [['no cluster', undefined]]],
    ['a thrown non-Error', 'plain text', [['plain text', undefined]]],
  ])('%s', (_name, error, expected) => {
    const { reporter, said } = errors();
    reportFailure(error, reporter);
    expect(said).toEqual(expected);
  });
});
