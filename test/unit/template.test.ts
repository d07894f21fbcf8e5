import { describe, expect, it } from '@jest/globals';
import Handlebars from 'handlebars';
import { ManifestError } from '../../src/manifest/errors.ts';
import { hasTemplateMarkers, renderTemplate } from '../../src/manifest/template.ts';
import { formatFloat } from '../../src/manifest/text.ts';

const render = (source: string, variables: Record<string, unknown>) =>
  renderTemplate(source, variables, 'nais/job.yaml');

describe('renderTemplate without variables', () => {
  it.each([
    ['a mustache', 'image: {{image}}'],
    ['an escaped mustache', 'image: \\{{image}}'],
    ['a broken mustache', 'image: {{image'],
    ['a block', '{{#each xs}}- {{this}}{{/each}}'],
  ])('returns %s untouched', (_name, source) => {
    expect(render(source, {})).toEqual({ text: source, missing: [] });
  });
});

describe('renderTemplate output', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['escapes raymond’s five characters', 'a: "{{x}}"', { x: `&'<>"` }, 'a: "&amp;&apos;&lt;&gt;&quot;"'],
    ['leaves backtick and = alone', 'a: "{{x}}"', { x: 'a=`b`' }, 'a: "a=`b`"'],
    ['writes triple mustaches raw', 'a: "{{{x}}}"', { x: '<b>&' }, 'a: "<b>&"'],
    ['writes \\{{x}} as {{x}}', 'a: \\{{x}} {{x}}', { x: 'y' }, 'a: {{x}} y'],
    ['writes missing variables as nothing', 'a: "{{nope}}"', { x: 'y' }, 'a: ""'],
    ['writes null as nothing', 'a: "{{x}}"', { x: null }, 'a: ""'],
    ['joins arrays with nothing', 'a: {{xs}}', { xs: ['a', 1, true] }, 'a: a1true'],
    ['writes booleans as words', 'a: {{t}} {{f}}', { t: true, f: false }, 'a: true false'],
    ['reads paths', 'a: {{user.name}}', { user: { name: 'ola' } }, 'a: ola'],
    ['has raymond’s equal helper', '{{#equal n "1"}}one{{else}}other{{/equal}}', { n: 1 }, 'one'],
  ])('%s', (_name, source, variables, expected) => {
    expect(render(source, variables).text).toBe(expected);
  });

  it('leaves the global Handlebars escaping alone', () => {
    render('a: "{{x}}"', { x: "'" });
    expect(Handlebars.compile('{{x}}')({ x: "'=" })).toBe('&#x27;&#x3D;');
  });
});

describe('numbers as Go writes float64', () => {
  it.each<[number, string]>([
    [1.0, '1'],
    [42, '42'],
    [-7, '-7'],
    [3.14159, '3.14159'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [0.000001, '0.000001'],
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [0.1 + 0.2, '0.30000000000000004'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('%p → %s', (value, expected) => {
    expect(formatFloat(value)).toBe(expected);
    expect(render('a: {{n}}', { n: value }).text).toBe(`a: ${expected}`);
  });
});

describe('block helpers', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['each', 'env:\n{{#each xs}}\n  - {{this}}\n{{/each}}\n', { xs: ['a', 'b'] }, 'env:\n  - a\n  - b\n'],
    [
      'each with a block parameter',
      'env:\n{{#each users as |u|}}\n  - name: {{u.name}}\n{{/each}}\n',
      { users: [{ name: 'a' }, { name: 'b' }] },
      'env:\n  - name: a\n  - name: b\n',
    ],
    ['each with @index', '{{#each xs}}{{@index}}={{this}} {{/each}}', { xs: ['a', 'b'] }, '0=a 1=b '],
    ['if true', 'a: {{#if on}}yes{{else}}no{{/if}}', { on: true }, 'a: yes'],
    ['if empty string', 'a: {{#if on}}yes{{else}}no{{/if}}', { on: '' }, 'a: no'],
    ['if missing', 'a: {{#if on}}yes{{else}}no{{/if}}', { off: true }, 'a: no'],
    ['unless', 'a: {{#unless on}}off{{/unless}}', { on: false }, 'a: off'],
  ])('%s', (_name, source, variables, expected) => {
    expect(render(source, variables).text).toBe(expected);
  });
});

describe('missing variables', () => {
  it.each<[string, string, Record<string, unknown>, { name: string; line: number; column: number }[]]>([
    ['at top level', 'a: 1\nb: {{nope}}\n', { x: 1 }, [{ name: 'nope', line: 2, column: 4 }]],
    [
      'each reported once per place',
      'a: {{nope}}\nb: {{nope}}\nc: {{nope}}',
      { x: 1 },
      [
        { name: 'nope', line: 1, column: 4 },
        { name: 'nope', line: 2, column: 4 },
        { name: 'nope', line: 3, column: 4 },
      ],
    ],
    [
      'a missing field of an object',
      'a: {{user.age}}',
      { user: { name: 'x' } },
      [{ name: 'user.age', line: 1, column: 4 }],
    ],
    [
      'inside each, once though the loop runs twice',
      'x:\n{{#each xs}}\n  - {{this}}{{suffix}}\n{{/each}}\n',
      { xs: ['a', 'b'] },
      [{ name: 'suffix', line: 3, column: 13 }],
    ],
    [
      'not a variable of an enclosing context (raymond eval.go evalDepthPath)',
      'x:\n{{#each xs}}\n  - {{this}}{{suffix}}\n{{/each}}\n',
      { xs: ['a', 'b'], suffix: '-s' },
      [],
    ],
    ['not this, @index or block parameters', '{{#each xs as |u|}}{{this}}{{@index}}{{u}}{{/each}}', { xs: ['a'] }, []],
    ['not variables tested by if', 'a: {{#if nope}}x{{/if}}', { x: 1 }, []],
    ['not variables set to null', 'a: {{x}}', { x: null }, []],
  ])('%s', (_name, source, variables, expected) => {
    expect(render(source, variables).missing).toEqual(expected);
  });
});

describe('values cannot change the YAML structure', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'a quoted value with ": "',
      'description: "{{text}}"\nother: 1\n',
      { text: 'a: b' },
      'description: "a: b"\nother: 1\n',
    ],
    ['a single-quoted value with ": "', "description: '{{text}}'\n", { text: 'a: b' }, "description: 'a: b'\n"],
    ['a value with "#" inside quotes', 'a: "{{x}}"\n', { x: 'b # c' }, 'a: "b # c"\n'],
    ['a templated key', '{{key}}: value\n', { key: 'name' }, 'name: value\n'],
    ['a number', 'replicas: {{n}}\n', { n: 3 }, 'replicas: 3\n'],
    [
      'a list built by each',
      'xs:\n{{#each xs}}\n  - {{this}}\n{{/each}}\n',
      { xs: ['a', 'b', 'c'] },
      'xs:\n  - a\n  - b\n  - c\n',
    ],
  ])('allows %s', (_name, source, variables, expected) => {
    expect(render(source, variables).text).toBe(expected);
  });

  it.each<[string, string, Record<string, unknown>, RegExp]>([
    [
      'a line break that adds a key',
      'spec:\n  description: {{text}}\n  other: 1\n',
      { text: 'x\n  evil: yes' },
      /^nais\/job\.yaml:2:16: the value of '\{\{text\}\}', "x\\n {2}evil: yes", adds or removes YAML keys.*single line/,
    ],
    [
      'a line break that adds a document',
      'a: {{{text}}}\n',
      { text: 'x\n---\nkind: Secret' },
      /^nais\/job\.yaml:1:4: the value of '\{\{text\}\}'.*single line/,
    ],
    [
      'an unquoted ": "',
      'metadata:\n  name: job\n  description: {{text}}\n',
      { text: 'a: b' },
      /^nais\/job\.yaml:3:16: the value of '\{\{text\}\}', "a: b", makes the YAML invalid .*Quote it in the manifest, such as key: "\{\{text\}\}"/,
    ],
    ['a flow list', 'args: [{{text}}]\n', { text: 'a, b' }, /^nais\/job\.yaml:1:8: .*adds or removes YAML keys/],
    [
      'a value inside each',
      'xs:\n{{#each xs}}\n  - {{this}}\n{{/each}}\n',
      { xs: ['a', 'b\n  c: d'] },
      /^nais\/job\.yaml:3:5: the value of '\{\{this\}\}'/,
    ],
    [
      'a duplicate key',
      'name: a\n{{k}}: b\n',
      { k: 'name' },
      /^nais\/job\.yaml:2:1: the value of '\{\{k\}\}', "name", makes the YAML invalid/,
    ],
  ])('rejects %s', (_name, source, variables, message) => {
    expect(() => render(source, variables)).toThrow(message);
  });

  it('leaves templates that are not YAML even with harmless values to the YAML parser', () => {
    expect(render('a: [{{x}}\n', { x: 'b' }).text).toBe('a: [b\n');
  });
});

describe('template errors', () => {
  it.each<[string, string, number | undefined, RegExp]>([
    ['an unclosed mustache', 'a: 1\nb: {{x\n', 2, /^nais\/job\.yaml:2: template syntax error near 'b: \{\{x'/],
    ['an unclosed block', 'a:\n{{#each xs}}\n  - x\n', 3, /unclosed \{\{…\}\} or \{\{#block\}\}/],
    [
      'mismatched blocks',
      'a:\n  b: {{#each x}}{{/if}}\n',
      2,
      /^nais\/job\.yaml:2:9: template error: each doesn't match if$/,
    ],
    [
      'an unknown helper',
      'a: 1\nb: {{upper x}}\n',
      2,
      /^nais\/job\.yaml:2:4: the template calls 'upper', which is not a helper/,
    ],
    ['a mapping written as text', 'a: {{m}}\n', 1, /^nais\/job\.yaml:1:4: '\{\{m\}\}' is a mapping/],
  ])('reports %s with its line', (_name, source, line, message) => {
    let caught: unknown;
    try {
      render(source, { x: 1, m: { k: 'v' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    expect((caught as ManifestError).line).toBe(line);
    expect((caught as ManifestError).message).toMatch(message);
  });
});

describe('hasTemplateMarkers', () => {
  it.each<[string, boolean]>([
    ['image: ghcr.io/x:1', false],
    ['image: \\{{image}}', false],
    ['image: {{image}}', true],
    ['{{#if x}}a{{/if}}', true],
    ['{{! a comment }}', true],
    ['image: {{image', true],
  ])('%j → %p', (source, expected) => {
    expect(hasTemplateMarkers(source)).toBe(expected);
  });
});
