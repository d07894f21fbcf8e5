import { describe, expect, it } from '@jest/globals';
import { lineOf, parseManifests } from '../../src/manifest/parse.ts';
import { parseVarsFile } from '../../src/manifest/variables.ts';
import {
  formatFloat32G,
  isTimestamp,
  parseGoInteger,
  resolvePlain,
  resolveTagged,
} from '../../src/manifest/yaml-resolve.ts';

// Every expected value below was also checked against gopkg.in/yaml.v2 v2.4.0 + ghodss/yaml v1.0.0 run the way
// nais/deploy pkg/deployclient/template.go runs them (decode, marshal, YAMLToJSON).
const resolveGo = 'go-yaml/yaml v2.4.0 resolve.go';

/** One row per resolver rule: plain text after `v: `, the JSON value NAIS deploy sends, and the rule's source. */
const plainRows: [string, unknown, string][] = [
  ['yes', true, `${resolveGo} init resolveMapList (y, Y, yes, Yes, YES)`],
  ['Yes', true, `${resolveGo} init resolveMapList`],
  ['YES', true, `${resolveGo} init resolveMapList`],
  ['y', true, `${resolveGo} init resolveMapList`],
  ['Y', true, `${resolveGo} init resolveMapList`],
  ['on', true, `${resolveGo} init resolveMapList (on, On, ON)`],
  ['On', true, `${resolveGo} init resolveMapList`],
  ['ON', true, `${resolveGo} init resolveMapList`],
  ['true', true, `${resolveGo} init resolveMapList (true, True, TRUE)`],
  ['True', true, `${resolveGo} init resolveMapList`],
  ['TRUE', true, `${resolveGo} init resolveMapList`],
  ['no', false, `${resolveGo} init resolveMapList (n, N, no, No, NO)`],
  ['No', false, `${resolveGo} init resolveMapList`],
  ['NO', false, `${resolveGo} init resolveMapList`],
  ['n', false, `${resolveGo} init resolveMapList`],
  ['N', false, `${resolveGo} init resolveMapList`],
  ['off', false, `${resolveGo} init resolveMapList (off, Off, OFF)`],
  ['Off', false, `${resolveGo} init resolveMapList`],
  ['OFF', false, `${resolveGo} init resolveMapList`],
  ['false', false, `${resolveGo} init resolveMapList (false, False, FALSE)`],
  ['False', false, `${resolveGo} init resolveMapList`],
  ['FALSE', false, `${resolveGo} init resolveMapList`],
  ['yEs', 'yEs', `${resolveGo} resolve: other case forms are not in the map`],
  ['tRue', 'tRue', `${resolveGo} resolve: other case forms are not in the map`],
  ['~', null, `${resolveGo} init resolveMapList (~, null, Null, NULL, empty)`],
  ['null', null, `${resolveGo} init resolveMapList`],
  ['Null', null, `${resolveGo} init resolveMapList`],
  ['NULL', null, `${resolveGo} init resolveMapList`],
  ['', null, `${resolveGo} init resolveMapList (empty)`],
  ['nUll', 'nUll', `${resolveGo} resolve: other case forms are not in the map`],
  ['12', 12, `${resolveGo} resolve: strconv.ParseInt(plain, 0, 64)`],
  ['+12', 12, `${resolveGo} resolve: ParseInt accepts a sign`],
  ['-0', 0, `${resolveGo} resolve: ParseInt`],
  ['0755', 493, `${resolveGo} resolve: ParseInt base 0, leading 0 is octal`],
  ['-0755', -493, `${resolveGo} resolve: ParseInt base 0 with sign`],
  ['0', 0, `${resolveGo} resolve: ParseInt base 0`],
  ['00', 0, `${resolveGo} resolve: ParseInt base 0, octal`],
  ['0o17', 15, `${resolveGo} resolve: ParseInt base 0, 0o prefix`],
  ['0O17', 15, `${resolveGo} resolve: ParseInt base 0, 0O prefix`],
  ['0x1F', 31, `${resolveGo} resolve: ParseInt base 0, 0x prefix`],
  ['0X1f', 31, `${resolveGo} resolve: ParseInt base 0, 0X prefix`],
  ['+0x1F', 31, `${resolveGo} resolve: ParseInt base 0, sign and prefix`],
  ['0b101', 5, `${resolveGo} resolve: ParseInt base 0, 0b prefix`],
  ['-0b101', -5, `${resolveGo} resolve: ParseInt base 0 / the -0b branch`],
  ['1_000', 1000, `${resolveGo} resolve: strings.Replace(in, "_", "", -1) before the number forms`],
  ['1__0', 10, `${resolveGo} resolve: every underscore dropped`],
  ['1_', 1, `${resolveGo} resolve: every underscore dropped`],
  ['0x_1F', 31, `${resolveGo} resolve: every underscore dropped`],
  ['_1', '_1', `${resolveGo} resolveTable: '_' is no hint, so text`],
  ['08', 8, `${resolveGo} resolve: not octal, then yamlStyleFloat (a float 8)`],
  ['09.5', 9.5, `${resolveGo} resolve: yamlStyleFloat`],
  ['0b+1', 1, `${resolveGo} resolve: the 0b branch, ParseInt(plain[2:], 2, 64) takes a sign`],
  ['0b-1', -1, `${resolveGo} resolve: the 0b branch, ParseInt(plain[2:], 2, 64) takes a sign`],
  ['0x', '0x', `${resolveGo} resolve: no form matches`],
  ['0b', '0b', `${resolveGo} resolve: the 0b branch needs digits`],
  ['9007199254740991', 9007199254740991, `${resolveGo} resolve: ParseInt (int64)`],
  ['18446744073709551616', 18446744073709551616, `${resolveGo} resolve: above uint64, so yamlStyleFloat`],
  ['0.5', 0.5, `${resolveGo} resolve: yamlStyleFloat`],
  ['1.', 1, `${resolveGo} resolve: yamlStyleFloat allows a bare point`],
  ['1.0', 1, `${resolveGo} resolve: yamlStyleFloat; JSON writes 1`],
  ['1e3', 1000, `${resolveGo} resolve: yamlStyleFloat with exponent`],
  ['1e+06', 1000000, `${resolveGo} resolve: yamlStyleFloat with signed exponent`],
  ['1.5e-7', 1.5e-7, `${resolveGo} resolve: yamlStyleFloat`],
  ['+.5', 0.5, `${resolveGo} resolve: sign hint, yamlStyleFloat`],
  ['-.5', -0.5, `${resolveGo} resolve: sign hint, yamlStyleFloat`],
  ['1e400', '1e400', `${resolveGo} resolve: ParseFloat out of range fails, so text`],
  ['.5', 0.5, `${resolveGo} resolve: hint '.', strconv.ParseFloat`],
  ['.5e3', 500, `${resolveGo} resolve: hint '.', ParseFloat`],
  ['._5', '._5', `${resolveGo} resolve: hint '.', ParseFloat refuses an underscore after the point`],
  ['.3_596', 0.3596, `${resolveGo} resolve: hint '.', ParseFloat allows an underscore between digits`],
  ['.3__5', '.3__5', `${resolveGo} resolve: hint '.', ParseFloat refuses two underscores`],
  ['.3e5_0', 3e49, `${resolveGo} resolve: hint '.', ParseFloat allows underscores in the exponent`],
  ['.5_', '.5_', `${resolveGo} resolve: hint '.', ParseFloat refuses a trailing underscore`],
  ['.iNf', '.iNf', `${resolveGo} resolve: hint '.', other case forms are text`],
  ['1:30', '1:30', `${resolveGo} resolve: "Base 60 floats ... purposefully unsupported"`],
  ['190:20:30', '190:20:30', `${resolveGo} resolve: no base 60`],
  ['2001-12-14', '2001-12-14', `${resolveGo} parseTimestamp; decode.go scalar keeps n.value for interface{}`],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00', `${resolveGo} allowedTimestampFormats`],
  ['2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10', `${resolveGo} allowedTimestampFormats`],
  ['+', '+', `${resolveGo} resolve: sign hint, no form matches`],
  ['hello', 'hello', `${resolveGo} resolve: no hint, text`],
  ['<<x', '<<x', `${resolveGo} resolve: no hint, text`],
];

/** Whole lines after `v: `: quoting and tags. */
const writtenRows: [string, unknown, string][] = [
  ['"yes"', 'yes', 'go-yaml/yaml v2.4.0 decode.go scalar: a quoted scalar (not implicit) is text'],
  ["'0755'", '0755', 'go-yaml/yaml v2.4.0 decode.go scalar: quoted is text'],
  ['|\n  yes', 'yes\n', 'go-yaml/yaml v2.4.0 decode.go scalar: a block scalar is text'],
  ['!!int "12"', 12, `${resolveGo} resolve with tag !!int`],
  ['!!int "0x1F"', 31, `${resolveGo} resolve with tag !!int`],
  ['!!float 1', 1, `${resolveGo} resolve: deferred check turns an int into a !!float`],
  ['!!str 12', '12', `${resolveGo} resolve: any data is accepted as a !!str`],
  ['!!bool "on"', true, `${resolveGo} resolve with tag !!bool`],
  ['!!null ""', null, `${resolveGo} resolve with tag !!null`],
  ['!!timestamp 2001-12-14', '2001-12-14', 'go-yaml/yaml v2.4.0 decode.go scalar: timestamp kept as text'],
  ['!!binary aGVsbG8=', 'hello', 'go-yaml/yaml v2.4.0 decode.go scalar: !!binary is base64 decoded'],
  ['!foo 12', '12', `${resolveGo} resolvableTag: other tags keep the text`],
  ['!<tag:yaml.org,2002:int> "7"', 7, `${resolveGo} longTag: the long form of !!int`],
];

describe('YAML values as NAIS deploy reads them (yaml.v2)', () => {
  it.each(plainRows)('plain %j is %j (%s)', (text, expected) => {
    const [document] = parseManifests(`v: ${text}\n`, 'f.yaml');
    expect(document?.value).toEqual({ v: expected });
  });

  it.each(writtenRows)('%j is %j (%s)', (text, expected) => {
    const [document] = parseManifests(`v: ${text}\n`, 'f.yaml');
    expect(document?.value).toEqual({ v: expected });
  });

  it.each([...plainRows.map(([text, value]) => [text, value] as const), ['"yes"', 'yes'] as const])(
    'the vars file reads %j as %j too (ghodss/yaml v1.0.0 Unmarshal over yaml.v2)',
    (text, expected) => {
      expect(parseVarsFile(`v: ${text}\n`, 'vars.yaml')).toEqual({ v: expected });
    },
  );

  it.each<[string, RegExp, string]>([
    ['.inf', /^f\.yaml:2:6: field 'spec\.v': the value '\.inf' is infinite, which JSON cannot hold/, 'json.Marshal'],
    ['.Inf', /is infinite/, `${resolveGo} init resolveMapList, then json.Marshal fails`],
    ['.INF', /is infinite/, `${resolveGo} init resolveMapList`],
    ['+.inf', /is infinite/, `${resolveGo} init resolveMapList`],
    ['-.inf', /is infinite/, `${resolveGo} init resolveMapList`],
    ['.nan', /is not a number \(NaN\)/, `${resolveGo} init resolveMapList (.nan, .NaN, .NAN)`],
    ['.NaN', /is not a number/, `${resolveGo} init resolveMapList`],
    ['.NAN', /is not a number/, `${resolveGo} init resolveMapList`],
    ['!!int abc', /cannot read the str value 'abc' as the tagged type !!int/, `${resolveGo} resolve: failf`],
    ['!!binary a%%', /not valid base64/, 'go-yaml/yaml v2.4.0 decode.go scalar: invalid base64'],
    ['9007199254740993', /larger than this tool can hold exactly/, 'exact int64 in NAIS; a JS number is not'],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseManifests(`spec:\n  v: ${text}\n`, 'f.yaml')).toThrow(message);
  });

  it('keeps large integers in a vars file as float64 numbers, as JSON gives them to NAIS deploy', () => {
    expect(parseVarsFile('v: 9007199254740993\n', 'vars.yaml')).toEqual({ v: 9007199254740992 });
  });

  it.each<[string, string, string]>([
    ['yes', 'true', 'ghodss/yaml v1.0.0 convertToJSONableObject: bool keys'],
    ['n', 'false', 'ghodss/yaml convertToJSONableObject: bool keys'],
    ['0755', '493', 'ghodss/yaml convertToJSONableObject: strconv.Itoa'],
    ['0x1F', '31', 'ghodss/yaml convertToJSONableObject: strconv.Itoa'],
    ['9223372036854775807', '9223372036854775807', 'ghodss/yaml convertToJSONableObject: int keys'],
    ['1.5', '1.5', "ghodss/yaml convertToJSONableObject: FormatFloat(k, 'g', -1, 32)"],
    ['3.14159265', '3.1415927', 'ghodss/yaml: float32 precision'],
    ['1e6', '1e+06', "ghodss/yaml: 'g' uses the exponent form from 1e6"],
    ['0.0001', '0.0001', "ghodss/yaml: 'g' keeps 1e-4 plain"],
    ['1e-5', '1e-05', "ghodss/yaml: 'g' uses the exponent form below 1e-4"],
    ['2001-12-14', '2001-12-14', 'go-yaml/yaml v2.4.0 decode.go: timestamps stay text'],
    ['1e51', '.inf', 'ghodss/yaml: beyond float32, the key is an infinity'],
    ['-1e51', '-.inf', 'ghodss/yaml: beyond float32, the key is an infinity'],
    ['"yes"', 'yes', 'quoted keys are text'],
  ])('reads the key %j as %j (%s)', (key, expected) => {
    const [document] = parseManifests(`${key}: v\n`, 'f.yaml');
    expect(document?.value).toEqual({ [expected]: 'v' });
  });

  it.each<[string, RegExp, string]>([
    ['~', /the key '~': a mapping key that YAML reads as null/, 'ghodss/yaml: Unsupported map key of type <nil>'],
    ['null', /reads as null/, 'ghodss/yaml: Unsupported map key'],
    ['18446744073709551615', /integer key above/, 'ghodss/yaml: uint64 keys are unsupported'],
  ])('refuses the key %j (%s)', (key, message) => {
    expect(() => parseManifests(`${key}: v\n`, 'f.yaml')).toThrow(message);
  });

  it.each<[string, string, unknown]>([
    ['a key before the merge is overwritten', 'b: &b {x: 2, z: 3}\nm:\n  x: 1\n  <<: *b\n', { x: 2, z: 3 }],
    ['a key after the merge wins', 'b: &b {x: 2, z: 3}\nm:\n  <<: *b\n  x: 1\n', { x: 1, z: 3 }],
    [
      'the first of merged mappings wins',
      'a: &a {x: 1}\nb: &b {x: 2, w: 4}\nm:\n  w: 9\n  <<: [*a, *b]\n',
      { x: 1, w: 4 },
    ],
    [
      'a merged mapping brings its own merges',
      'a: &a {x: 1}\nb: &b {<<: *a, z: 3}\nm:\n  x: 7\n  <<: *b\n',
      { x: 1, z: 3 },
    ],
    ['an inline merged mapping', 'm:\n  x: 7\n  <<: {x: 5}\n', { x: 5 }],
  ])('merges as yaml.v2 does: %s (go-yaml/yaml v2.4.0 decode.go mapping, merge)', (_name, text, expected) => {
    expect(parseVarsFile(text, 'vars.yaml').m).toEqual(expected);
    expect((parseManifests(text, 'f.yaml')[0]?.value as { m: unknown }).m).toEqual(expected);
  });

  it('finds the line of a key that YAML 1.1 turned into a word', () => {
    const [document] = parseManifests('a: 1\non: 2\n', 'f.yaml');
    expect(document?.value).toEqual({ a: 1, true: 2 });
    expect(document && lineOf(document, 'true')).toBe(2);
  });
});

describe('the resolver functions', () => {
  it.each<[string, boolean, bigint | undefined]>([
    ['9223372036854775807', true, 9223372036854775807n],
    ['9223372036854775808', true, undefined],
    ['-9223372036854775808', true, -9223372036854775808n],
    ['18446744073709551615', false, 18446744073709551615n],
    ['18446744073709551616', false, undefined],
    ['+1', false, undefined],
    ['0x', true, undefined],
    ['0755', true, 493n],
    ['089', true, undefined],
  ])('parseGoInteger(%j, signed %j) is %j (Go strconv.ParseInt/ParseUint base 0)', (text, signed, expected) => {
    expect(parseGoInteger(text, signed)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['2001-12-14', true],
    ['2001-1-2', true],
    ['2001-12-14T21:59:43Z', true],
    ['2001-12-14t21:59:43.10-05:00', true],
    ['2001-12-14 21:59:43.10', true],
    ['2001-12-14 21:59:43.10 -5', false],
    ['2001-02-30', false],
    ['2000-02-29', true],
    ['2001-13-01', false],
    ['01-12-14', false],
  ])(`isTimestamp(%j) is %j (${resolveGo} parseTimestamp, allowedTimestampFormats)`, (text, expected) => {
    expect(isTimestamp(text)).toBe(expected);
  });

  it('reads a plain timestamp as a timestamp, but !!int does not try the timestamp form', () => {
    expect(resolvePlain('2001-12-14')).toEqual({ type: 'timestamp', value: '2001-12-14' });
    expect(resolveTagged('2001-12-14', 'tag:yaml.org,2002:int')).toEqual({
      error: "cannot read the str value '2001-12-14' as the tagged type !!int",
    });
  });

  it.each<[number, string]>([
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e6, '1e+06'],
    [123456, '123456'],
    [1234567.5, '1.2345675e+06'],
    [1e21, '1e+21'],
    [-2.5e-7, '-2.5e-07'],
    [Number.POSITIVE_INFINITY, '.inf'],
    [Number.NEGATIVE_INFINITY, '-.inf'],
    [Number.NaN, '.nan'],
  ])("formatFloat32G(%j) is %j (Go FormatFloat 'g', -1, 32 as ghodss/yaml uses it for keys)", (value, expected) => {
    expect(formatFloat32G(value)).toBe(expected);
  });
});
