import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestError } from '../../src/manifest/errors.ts';
import {
  expandResourcePatterns,
  lineOf,
  parseManifests,
  splitFieldPath,
  type FieldPath,
} from '../../src/manifest/parse.ts';

const naisjob = `apiVersion: nais.io/v1
kind: Naisjob
metadata:
  name: job
  namespace: team
spec:
  schedule: "0 3 * * *"
  env:
    - name: A
      value: "1"
    - name: B
      value: "2"
`;

describe('parseManifests', () => {
  it.each<[string, string, { index: number; startLine: number; value: unknown }[]]>([
    ['one document', 'a: 1\n', [{ index: 0, startLine: 1, value: { a: 1 } }]],
    [
      'several documents',
      'a: 1\n---\nb: 2\n---\n# comment\nc: 3\n',
      [
        { index: 0, startLine: 1, value: { a: 1 } },
        { index: 1, startLine: 3, value: { b: 2 } },
        { index: 2, startLine: 6, value: { c: 3 } },
      ],
    ],
    [
      'empty documents, keeping the others’ index',
      '---\n---\na: 1\n---\n# only a comment\n---\nb: 2\n---\n',
      [
        { index: 1, startLine: 3, value: { a: 1 } },
        { index: 3, startLine: 7, value: { b: 2 } },
      ],
    ],
    ['an empty file', '', []],
    ['JSON', '{\n\t"a": 1,\n\t"b": [1, 2]\n}\n', [{ index: 0, startLine: 1, value: { a: 1, b: [1, 2] } }]],
    [
      'merge keys',
      'base: &b\n  a: 1\nderived:\n  <<: *b\n  b: 2\n',
      [{ index: 0, startLine: 1, value: { base: { a: 1 }, derived: { a: 1, b: 2 } } }],
    ],
  ])('parses %s', (_name, text, expected) => {
    const documents = parseManifests(text, 'f.yaml');
    expect(documents.map(({ index, startLine, value }) => ({ index, startLine, value }))).toEqual(expected);
    expect(documents.every((doc) => doc.file === 'f.yaml')).toBe(true);
  });

  it.each<[string, string, number, number, RegExp]>([
    ['a bad indentation', 'a:\n  b: 1\n c: 2\n', 3, 1, /^f\.yaml:3:1: YAML syntax error: /],
    ['an unclosed flow list', 'a: 1\nb: [1, 2\n', 3, 1, /^f\.yaml:3:1: YAML syntax error: .*flow sequence/i],
    ['a duplicate key', 'a: 1\na: 2\n', 2, 1, /^f\.yaml:2:1: YAML syntax error: Map keys must be unique$/],
    ['an error in a second document', 'a: 1\n---\nb: c: d\n', 3, 4, /^f\.yaml:3:4: YAML syntax error: Nested mappings/],
  ])('reports %s with line and column', (_name, text, line, column, message) => {
    let caught: unknown;
    try {
      parseManifests(text, 'f.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    expect(caught).toMatchObject({ file: 'f.yaml', line, column });
    expect((caught as Error).message).toMatch(message);
  });
});

describe('lineOf', () => {
  const [doc] = parseManifests(`# leading comment\n---\n${naisjob}`, 'job.yaml');

  it.each<[FieldPath, number]>([
    [[], 3],
    [['apiVersion'], 3],
    [['metadata'], 5],
    [['metadata', 'name'], 6],
    ['metadata.namespace', 7],
    [['spec', 'schedule'], 9],
    ['spec.env[0]', 11],
    ['spec.env[1].name', 13],
    [['spec', 'env', 1, 'value'], 14],
    ['spec.image', 8],
    ['spec.env[5].name', 10],
    ['metadata.labels.team', 5],
  ])('%j → line %p', (path, line) => {
    expect(doc && lineOf(doc, path)).toBe(line);
  });

  it('counts lines from the start of the file in later documents', () => {
    const [, second] = parseManifests(`a: 1\n---\n${naisjob}`, 'job.yaml');
    expect(second && lineOf(second, 'spec.schedule')).toBe(9);
  });
});

describe('splitFieldPath', () => {
  it.each<[string, (string | number)[]]>([
    ['spec.schedule', ['spec', 'schedule']],
    ['spec.env[2].name', ['spec', 'env', 2, 'name']],
    ['a[0][1]', ['a', 0, 1]],
    ['', []],
  ])('%j', (path, expected) => {
    expect(splitFieldPath(path)).toEqual(expected);
  });
});

describe('expandResourcePatterns', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'resources-'));
  mkdirSync(join(cwd, 'nais'));
  mkdirSync(join(cwd, 'nais', 'dir.yaml'));
  for (const file of ['nais/b.yaml', 'nais/a.yaml', 'nais/c.yml', 'job.json']) writeFileSync(join(cwd, file), '{}');

  it.each<[string[], string[]]>([
    [['job.json'], ['job.json']],
    [['nais/*.yaml'], ['nais/a.yaml', 'nais/b.yaml']],
    [
      ['job.json', 'nais/*.y*ml'],
      ['job.json', 'nais/a.yaml', 'nais/b.yaml', 'nais/c.yml'],
    ],
    [
      ['nais/b.yaml', 'nais/*.yaml'],
      ['nais/b.yaml', 'nais/a.yaml'],
    ],
    [['**/*.json'], ['job.json']],
  ])('%j → %j', (patterns, expected) => {
    expect(expandResourcePatterns(patterns, cwd)).toEqual(expected);
  });

  it('keeps absolute patterns absolute', () => {
    expect(expandResourcePatterns([join(cwd, 'job.json')], '/')).toEqual([join(cwd, 'job.json')]);
  });

  it.each([['missing.yaml'], ['nais/*.json'], ['nais/dir.yaml']])('rejects %j, which matches no file', (pattern) => {
    expect(() => expandResourcePatterns(['job.json', pattern], cwd)).toThrow(
      `The resource '${pattern}' matches no file (looked in ${cwd}). Check the path and the pattern.`,
    );
  });
});

describe('an alias bomb', () => {
  it('is refused with the file and the line of the document', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    let previous = 'a';
    for (const name of 'bcdefghij') {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
      previous = name;
    }
    expect(() => parseManifests(`---\n${lines.join('\n')}\n`, 'nais/bomb.yaml')).toThrow(
      /^nais\/bomb\.yaml:2: its aliases \(\*name\) expand to far more data than the file holds/,
    );
  });
});
