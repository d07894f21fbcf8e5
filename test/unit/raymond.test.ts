import { describe, expect, it } from '@jest/globals';
import { eachEntries, fieldOf, isTrue } from '../../src/manifest/raymond-helpers.ts';
import { nameInOtherCase, renderTemplate } from '../../src/manifest/template.ts';
import { parseVarsFile } from '../../src/manifest/variables.ts';

// Every expected output below was also produced by aymerick/raymond v2.0.2 with the variables read by
// ghodss/yaml v1.0.0, as nais/deploy e90640a9 pkg/deployclient/template.go does.
const helper = 'aymerick/raymond v2.0.2 helper.go';
const utils = 'aymerick/raymond v2.0.2 utils.go IsTrue';
const evalGo = 'aymerick/raymond v2.0.2 eval.go';
const whitespace = 'aymerick/raymond v2.0.2 parser/whitespace.go';

/** Renders a template with variables written as a vars file, as NAIS deploy reads them. */
const render = (template: string, vars: string): string =>
  renderTemplate(template, parseVarsFile(vars, 'vars.yaml'), 'nais/job.yaml').text;

describe('raymond helpers', () => {
  it.each<[string, string, string, string]>([
    ['{{#equal x "1"}}E{{else}}N{{/equal}}', 'x: 1', 'E', `${helper} equalHelper: Str(a) == Str(b)`],
    ['{{#equal x "2"}}E{{else}}N{{/equal}}', 'x: 1', '', `${helper} equalHelper: never calls Inverse`],
    ['{{#equal x 1}}E{{/equal}}', 'x: "1"', 'E', `${helper} equalHelper compares text`],
    ['{{#equal a "1"}}y{{/equal}}', 'a: 1.0', 'y', `${helper} equalHelper: Str of float64 1 is "1"`],
    ['{{#equal a true}}y{{/equal}}', 'a: yes', 'y', `${helper} equalHelper: yes is the bool true`],
    ['{{#equal a "yes"}}y{{/equal}}', 'a: yes', '', `${helper} equalHelper: yes is not the text yes`],
    ['{{#equal a b}}y{{/equal}}', 'a: [1, 2]\nb: "12"', 'y', `${helper} equalHelper: Str joins a list`],
    ['{{#if m}}T{{else}}F{{/if}}', 'm: {}', 'F', `${utils}: an empty map is false`],
    ['{{#if l}}T{{else}}F{{/if}}', 'l: []', 'F', `${utils}: an empty slice is false`],
    ['{{#if z}}T{{else}}F{{/if}}', 'z: 0', 'F', `${utils}: 0 is false`],
    ['{{#if s}}T{{else}}F{{/if}}', "s: ''", 'F', `${utils}: "" is false`],
    ['{{#if n}}T{{else}}F{{/if}}', 'n: ~', 'F', `${utils}: nil is false`],
    ['{{#if x}}T{{/if}}', 'x: "false"', 'T', `${utils}: the text false is not empty`],
    ['{{#if x}}T{{/if}}', 'x: .5', 'T', `${utils}: a float other than 0`],
    ['{{#if z includeZero=true}}T{{else}}F{{/if}}', 'z: 0', 'F', `${helper} isIncludableZero: Go int only`],
    ['{{#unless m}}U{{else}}E{{/unless}}', 'm: {}', 'U', `${helper} unlessHelper with ${utils}`],
    ['{{#unless l}}U{{/unless}}', 'l: []', 'U', `${helper} unlessHelper with ${utils}`],
    ['{{#with m}}W{{else}}E{{/with}}', 'm: {}', 'E', `${helper} withHelper with ${utils}`],
    ['{{#with z}}W{{.}}{{else}}E{{/with}}', 'z: 0', 'E', `${helper} withHelper with ${utils}`],
    ['{{#each m}}{{@key}};{{else}}E{{/each}}', 'm: {}', 'E', `${helper} eachHelper: Inverse when not IsTrue`],
    ['{{#each m}}{{@key}}={{this}};{{/each}}', 'm: {a: 1}', 'a=1;', `${helper} eachHelper over a map`],
    ['{{#each l}}{{@key}}{{/each}}', 'l: [a]', '', `${helper} eachHelper: no key for a slice`],
    [
      '{{#each l}}{{@index}}:{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}};{{/each}}',
      'l: [a, b, c]',
      '0:aF;1:b;2:cL;',
      'aymerick/raymond v2.0.2 data_frame.go newIterDataFrame',
    ],
    ['{{#each x}}{{this}}{{else}}E{{/each}}', 'x: abc', '', `${helper} eachHelper: no case for a string`],
    ['{{#each m as |v k|}}{{k}}={{v}};{{/each}}', 'm: {a: 1}', 'a=1;', `${helper} eachHelper block params`],
    ['{{lookup m k}}', 'm: {a: x<y}\nk: a', 'x&lt;y', `${helper} lookupHelper returns Str, then escaped`],
    ['{{{lookup m k}}}', 'm: {a: x<y}\nk: a', 'x<y', `${helper} lookupHelper`],
    ['{{lookup l 1}}', 'l: [a, b]', 'b', `${helper} lookupHelper on a slice (${evalGo} evalField)`],
    ['{{lookup m "a"}}', 'm: {a: [1, 2]}', '12', `${helper} lookupHelper: Str joins a list`],
    ['{{lookup m "z"}}', 'm: {a: 1}', '', `${helper} lookupHelper: nothing found is ""`],
  ])('%j with %j gives %j (%s)', (template, vars, expected) => {
    expect(render(template, vars)).toBe(expected);
  });

  it('refuses a lookup that finds a mapping, which raymond writes as Go map text', () => {
    expect(() => render('{{#with (lookup m "a")}}{{b}}{{/with}}', 'm: {a: {b: c}}')).toThrow(
      /^nais\/job\.yaml:1:9: \{\{lookup\}\} got a mapping/,
    );
  });

  it('requires one value for if', () => {
    expect(() => render('{{#if}}x{{/if}}', 'a: 1')).toThrow(
      /^nais\/job\.yaml:1:1: \{\{#if\}\} takes exactly one value/,
    );
  });
});

describe('raymond names', () => {
  it.each<[string, string, string, string]>([
    ['{{IMAGE}}', 'image: x', '', `${evalGo} evalField: MapIndex, exact key`],
    ['{{Image}}', 'image: x', '', `${evalGo} evalField: MapIndex, exact key`],
    ['{{image}}', 'IMAGE: x', '', `${evalGo} evalField: MapIndex, exact key`],
    ['{{ cron.schedule }}', 'cron: {schedule: 0 3 * * *}', '0 3 * * *', `${evalGo} evalPath`],
    ['{{ cron.Schedule }}', 'cron: {schedule: 0 3 * * *}', '', `${evalGo} evalField: exact key`],
    ['{{#each l}}{{image}};{{/each}}', 'image: x\nl: [a, b]', 'x;x;', `${evalGo} evalDepthPath: enclosing contexts`],
    [
      '{{#each l}}{{name}}-{{image}};{{/each}}',
      'image: x\nl: [{name: a}, {name: b, image: y}]',
      'a-x;b-true;',
      `${evalGo} evalDepthPath; y is a YAML 1.1 bool`,
    ],
    ['{{#with m}}{{../image}}{{/with}}', 'image: x\nm: {a: 1}', 'x', `${evalGo} evalDepthPath with depth`],
    ['{{#with m}}{{a.b}}{{/with}}', 'a: {b: root}\nm: {a: {}}', '', `${evalGo} evalDepthPath: first part found`],
    ['{{[my-key]}}', 'my-key: v', 'v', `${evalGo} evalPath: [segment]`],
    ['{{my-key}}', 'my-key: v', 'v', `${evalGo} evalPath`],
    ['{{yes}}', 'yes: 1', '', 'go-yaml/yaml v2.4.0 resolve.go: the key yes is the bool true, so "true"'],
    ['{{debug}} {{mode}}', 'debug: yes\nmode: 0755', 'true 493', 'go-yaml/yaml v2.4.0 resolve.go, then raymond Str'],
    ['{{x}}', 'x: 1_000_000', '1000000', 'go-yaml/yaml v2.4.0 resolve.go, float64, FormatFloat f -1'],
    ['{{x}}', 'x: 2001-12-14', '2001-12-14', 'go-yaml/yaml v2.4.0 decode.go: timestamps stay text'],
    ['{{x}}', 'x: 1:30', '1:30', 'go-yaml/yaml v2.4.0 resolve.go: no base 60'],
  ])('%j with %j gives %j (%s)', (template, vars, expected) => {
    expect(render(template, vars)).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['IMAGE', { image: 'x' }, 'image'],
    ['image', { IMAGE: 'x' }, 'IMAGE'],
    ['image', { image: 'x' }, undefined],
    ['tag', { image: 'x' }, undefined],
  ])('the warning for a missing %j names %j', (name, variables, expected) => {
    expect(nameInOtherCase(name, variables)).toBe(expected);
  });

  it('reports {{IMAGE}} as missing, naming the variable image', () => {
    expect(renderTemplate('a: {{ IMAGE }}', { image: 'x' }, 'f.yaml').missing).toEqual([
      { name: 'IMAGE', line: 1, column: 4, otherCase: 'image' },
    ]);
  });
});

describe('raymond standalone lines', () => {
  const schedule = 'spec:\n  {{#if s}}\n  schedule: "{{s}}"\n  {{else}}\n  # none\n  {{/if}}\n  image: x\n';
  it.each<[string, string, string, string, string]>([
    ['if on own lines', schedule, 's: 0 3 * * *', 'spec:\n  schedule: "0 3 * * *"\n  image: x\n', whitespace],
    ['else on own lines', schedule, 't: 1', 'spec:\n  # none\n  image: x\n', whitespace],
    [
      'CRLF lines',
      'spec:\r\n  {{#if s}}\r\n  schedule: 1\r\n  {{/if}}\r\n  image: x\r\n',
      's: 1',
      'spec:\r\n  schedule: 1\r\n  image: x\r\n',
      whitespace,
    ],
    [
      'each over a map',
      'env:\n{{#each m}}\n  - name: {{@key}}\n    value: "{{this}}"\n{{/each}}\nx: 1\n',
      'm: {A: 1}',
      'env:\n  - name: A\n    value: "1"\nx: 1\n',
      whitespace,
    ],
    [
      'nested blocks at one indentation',
      'a:\n{{#if x}}\n{{#if z}}\nb: 1\n{{/if}}\n{{/if}}\nc: 1\n',
      'x: true\nz: true',
      'a:\nb: 1\nc: 1\n',
      whitespace,
    ],
    [
      'an indented close after another close is not standalone',
      'a:\n  {{#if x}}\n    {{#if z}}\n  b: 1\n    {{/if}}\n  {{/if}}\nc: 1\n',
      'x: true\nz: true',
      'a:\n  b: 1\n  \nc: 1\n',
      `${whitespace} isPrevWhitespaceProgram tests the trimmed Value, handlebars.js the original`,
    ],
    [
      'the same with the inner block false',
      'a:\n  {{#if x}}\n  {{#if z}}\n  b: 1\n  {{/if}}\n  {{/if}}\nc: 1\n',
      'x: true\nz: false',
      'a:\n  \nc: 1\n',
      `${whitespace} isPrevWhitespaceProgram`,
    ],
    ['a comment line', 'a: 1\n  {{! c }}\nb: 2\n', 'x: 1', 'a: 1\nb: 2\n', `${whitespace} VisitComment`],
    [
      'a tag with text after it on its line',
      'a: 1\n{{#if x}}b: 2{{/if}}\nc: 3\n',
      'x: true',
      'a: 1\nb: 2\nc: 3\n',
      whitespace,
    ],
    ['tildes', '{{~#if x~}}\n a \n{{~/if~}}\n', 'x: true', 'a', `${whitespace} omitRight/omitLeft multiple`],
    [
      'equal with a standalone else',
      '{{#equal a b}}\nsame\n{{else}}\ndiff\n{{/equal}}\nend\n',
      'a: 1\nb: 2',
      'end\n',
      `${whitespace}; ${helper} equalHelper`,
    ],
  ])('%s', (_name, template, vars, expected) => {
    expect(render(template, vars)).toBe(expected);
  });
});

describe('raymond values', () => {
  it.each<[unknown, boolean]>([
    [undefined, false],
    [null, false],
    [false, false],
    [true, true],
    [0, false],
    [-0, false],
    [0.5, true],
    ['', false],
    ['false', true],
    [[], false],
    [[0], true],
    [{}, false],
    [{ a: 1 }, true],
  ])(`isTrue(%j) is %j (${utils})`, (value, expected) => {
    expect(isTrue(value)).toBe(expected);
  });

  it.each<[unknown, unknown, unknown]>([
    [{ a: 1 }, 'a', 1],
    [{ a: 1 }, 'A', undefined],
    [{ a: 1 }, 'toString', undefined],
    [['x', 'y'], '1', 'y'],
    [['x', 'y'], 1, 'y'],
    [['x', 'y'], '2', undefined],
    [['x', 'y'], 'length', undefined],
    ['abc', 'length', undefined],
  ])(`fieldOf(%j, %j) is %j (${evalGo} evalField)`, (object, field, expected) => {
    expect(fieldOf(object, field)).toBe(expected);
  });

  it.each<[unknown, unknown[]]>([
    [
      ['a', 'b'],
      [
        [0, 'a'],
        [1, 'b'],
      ],
    ],
    [
      { b: 1, a: 2 },
      [
        ['b', 1],
        ['a', 2],
      ],
    ],
    ['abc', []],
    [3, []],
  ])(`eachEntries(%j) (${helper} eachHelper)`, (value, expected) => {
    expect(eachEntries(value)).toEqual(expected);
  });
});
