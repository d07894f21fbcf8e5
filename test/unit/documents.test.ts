import { describe, expect, it } from '@jest/globals';
import { imageFromInput, teamOf, withImage, workloadNames } from '../../src/manifest/documents.ts';
import { parseManifests } from '../../src/manifest/parse.ts';

describe('teamOf and workloadNames, as NAIS deploy finds them (pkg/deployclient/deployclient.go, template.go)', () => {
  const docs = (text: string) => parseManifests(text, 'f.yaml');
  it.each<[string, string, number, string | undefined]>([
    ['the team label first', 'metadata:\n  namespace: a\n  labels:\n    team: b\n', 1, 'b'],
    ['else the namespace', 'metadata:\n  namespace: a\n', 1, 'a'],
    ['only the first documents, one per file', 'kind: X\n---\nmetadata:\n  namespace: a\n', 1, undefined],
    ['the second document with two files', 'kind: X\n---\nmetadata:\n  namespace: a\n', 2, 'a'],
  ])('team: %s', (_name, text, files, team) => {
    expect(teamOf(docs(text), files)).toBe(team);
  });

  it.each<[string, string, string[]]>([
    ['a Naisjob', 'apiVersion: nais.io/v1\nkind: Naisjob\nmetadata:\n  name: a\n', ['a']],
    ['an Application counts too', 'apiVersion: nais.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n', ['a']],
    ['other kinds do not', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n', []],
    ['another group does not', 'apiVersion: batch/v1\nkind: Naisjob\nmetadata:\n  name: a\n', []],
    [
      'one entry per document, repeats included',
      'apiVersion: nais.io/v1\nkind: Naisjob\nmetadata:\n  name: a\n---\napiVersion: nais.io/v1\nkind: Naisjob\nmetadata:\n  name: a\n',
      ['a', 'a'],
    ],
  ])('workload names: %s', (_name, text, names) => {
    expect(workloadNames(docs(text))).toEqual(names);
  });
});

describe('imageFromInput', () => {
  const withSpecImage = { spec: { image: 'ghcr.io/manifest:1' } };
  const withoutImage = { spec: { schedule: '0 3 * * *' } };

  it.each<[string, unknown, boolean, string | undefined, string | undefined]>([
    ['a plain file without spec.image gets the input', withoutImage, false, 'ghcr.io/input:2', 'ghcr.io/input:2'],
    ['spec.image wins over the input', withSpecImage, false, 'ghcr.io/input:2', undefined],
    ['a templated file gets it only as {{image}}', withoutImage, true, 'ghcr.io/input:2', undefined],
    ['no input, nothing to set', withoutImage, false, undefined, undefined],
    ['an empty input, nothing to set', withoutImage, false, '', undefined],
    ['an empty spec.image counts as none', { spec: { image: '' } }, false, 'ghcr.io/input:2', 'ghcr.io/input:2'],
  ])('%s', (_name, manifest, templated, input, expected) => {
    expect(imageFromInput(manifest, templated, input)).toBe(expected);
  });

  it('withImage sets spec.image on a copy', () => {
    const manifest = { kind: 'Naisjob', spec: { schedule: '0 3 * * *' } };
    expect(withImage(manifest, 'ghcr.io/x:1')).toEqual({
      kind: 'Naisjob',
      spec: { schedule: '0 3 * * *', image: 'ghcr.io/x:1' },
    });
    expect(manifest.spec).toEqual({ schedule: '0 3 * * *' });
  });
});
