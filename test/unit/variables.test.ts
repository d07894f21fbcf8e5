import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InlineVariable } from '../../src/settings.ts';
import {
  describe as describeValue,
  mergeVariables,
  parseVarsFile,
  readVarsFile,
  type VariableSources,
} from '../../src/manifest/variables.ts';

describe('parseVarsFile', () => {
  it.each<[string, string, Record<string, unknown>]>([
    [
      'YAML',
      'image: ghcr.io/x:1\nreplicas: 2\ningresses:\n  - a\n  - b\n',
      { image: 'ghcr.io/x:1', replicas: 2, ingresses: ['a', 'b'] },
    ],
    [
      'JSON',
      '{"image": "ghcr.io/x:1", "debug": true, "env": {"A": "1"}}',
      { image: 'ghcr.io/x:1', debug: true, env: { A: '1' } },
    ],
    ['an empty file', '', {}],
    ['only a comment', '# nothing yet\n', {}],
  ])('reads %s', (_name, text, expected) => {
    expect(parseVarsFile(text, 'vars.yaml')).toEqual(expected);
  });

  it.each([
    ['a list', '- a\n- b\n', /^vars\.yaml: the vars file must be a mapping .* but it holds a list\.$/],
    [
      'a string',
      'just text\n',
      /^vars\.yaml: the vars file must be a mapping .* but it holds the string "just text"\.$/,
    ],
    ['a number', '42', /holds the number 42/],
    ['invalid YAML', 'a: 1\nb: [\n', /^vars\.yaml:\d+:\d+: the vars file is not valid YAML or JSON: /],
    [
      'duplicate keys',
      'a: 1\na: 2\n',
      /^vars\.yaml:2:1: the vars file is not valid YAML or JSON: Map keys must be unique/,
    ],
  ])('rejects %s, naming the file', (_name, text, message) => {
    expect(() => parseVarsFile(text, 'vars.yaml')).toThrow(message);
  });
});

describe('readVarsFile', () => {
  it('reads a file from disk', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vars-')), 'vars.yaml');
    writeFileSync(path, 'team: myteam\n');
    expect(readVarsFile(path)).toEqual({ team: 'myteam' });
  });

  it('names a file it cannot read', () => {
    expect(() => readVarsFile('/nonexistent/vars.yaml')).toThrow(
      /^\/nonexistent\/vars\.yaml: cannot read the vars file: /,
    );
  });
});

describe('mergeVariables', () => {
  const inline = (...entries: [string, string | boolean][]): InlineVariable[] =>
    entries.map(([key, value]) => ({ key, value }));

  it.each<[string, VariableSources, Record<string, unknown>, string[]]>([
    ['nothing', {}, {}, []],
    ['the vars file alone', { fromFile: { a: 1, image: 'file' } }, { a: 1, image: 'file' }, []],
    ['the image input alone', { image: 'ghcr.io/x:1' }, { image: 'ghcr.io/x:1' }, []],
    ['an empty image input', { image: '' }, {}, []],
    [
      'the image input over the vars file',
      { fromFile: { image: 'file' }, image: 'input' },
      { image: 'input' },
      ["Overwriting template variable 'image'; previous value was 'file'"],
    ],
    [
      'inline over the vars file',
      { fromFile: { a: 1, b: 'x' }, inline: inline(['a', '2'], ['c', true]) },
      { a: '2', b: 'x', c: true },
      ["Overwriting template variable 'a'; previous value was '1'"],
    ],
    [
      'inline over the image input',
      { image: 'input', inline: inline(['image', 'inline']) },
      { image: 'inline' },
      ["Overwriting template variable 'image'; previous value was 'input'"],
    ],
    [
      'a later inline over an earlier one, silently (nais/deploy template.go templateVariablesFromSlice builds one map)',
      { inline: inline(['a', '1'], ['a', '2']) },
      { a: '2' },
      [],
    ],
    [
      'an empty inline name (nais/deploy config.go getEnvStringSlice keeps the empty part)',
      { inline: inline(['a', '1'], ['', true]) },
      { a: '1', '': true },
      [
        "The 'var' input has an empty entry (such as after a trailing comma or before '='), so the template variable '' is set to 'true', as NAIS deploy does. It has no other effect, except that templating runs even when no other variable is set.",
      ],
    ],
    [
      'an inline value over several lines (nais/deploy splits on commas only)',
      { inline: inline(['a', '1\nb=2']) },
      { a: '1\nb=2' },
      [
        "The 'var' entry 'a' spans several lines. NAIS deploy splits 'var' on commas only, not on line breaks, so end each entry with a comma.",
      ],
    ],
    [
      'a list in the vars file shown as JSON',
      { fromFile: { xs: ['a'] }, inline: inline(['xs', 'b']) },
      { xs: 'b' },
      [`Overwriting template variable 'xs'; previous value was '[a]'`],
    ],
  ])('%s', (_name, sources, variables, notices) => {
    expect(mergeVariables(sources)).toEqual({ variables, notices });
  });

  it('does not change the vars file content', () => {
    const fromFile = { a: 1 };
    mergeVariables({ fromFile, inline: inline(['a', '2']) });
    expect(fromFile).toEqual({ a: 1 });
  });
});

describe("Go's %v for the overwrite notice (nais/deploy deployclient.go Prepare, log.Warnf)", () => {
  it.each<[unknown, string]>([
    ['text', 'text'],
    [1, '1'],
    [493, '493'],
    [1.5, '1.5'],
    [1000000, '1e+06'],
    [123456, '123456'],
    [1e21, '1e+21'],
    [0.00001, '1e-05'],
    [true, 'true'],
    [null, '<nil>'],
    [['a', 1], '[a 1]'],
    [{ b: 1, a: 'x' }, 'map[a:x b:1]'],
  ])('%j is %j', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});
