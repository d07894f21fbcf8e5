import { describe, expect, it } from '@jest/globals';
import { parseInlineVariables, type InlineVariable } from '../../src/settings.ts';

// NAIS deploy reads VAR in nais/deploy e90640a9: pkg/deployclient/config.go getEnvStringSlice (split on ",",
// strings.TrimSpace each part) and pkg/deployclient/template.go templateVariablesFromSlice (strings.SplitN on
// "=" into two; one token means true).
const split = 'nais/deploy config.go getEnvStringSlice';
const pair = 'nais/deploy template.go templateVariablesFromSlice';

const entry = (key: string, value: string | boolean): InlineVariable => ({ key, value });

describe('parseInlineVariables', () => {
  it.each<[string, string, InlineVariable[], string]>([
    ['one entry', 'image=ghcr.io/x:1', [entry('image', 'ghcr.io/x:1')], `${pair}: SplitN(part, "=", 2)`],
    ['one line', 'a=1,b=2', [entry('a', '1'), entry('b', '2')], `${split}: strings.Split(value, ",")`],
    ['a bare key is true', 'debug', [entry('debug', true)], `${pair}: one token is true`],
    ['split at the first =', 'url=https://a?b=c', [entry('url', 'https://a?b=c')], `${pair}: SplitN with 2`],
    ['an empty value', 'a=', [entry('a', '')], `${pair}: two tokens, the second empty`],
    ['spaces around parts', ' a=1 , b=2 ', [entry('a', '1'), entry('b', '2')], `${split}: strings.TrimSpace`],
    ['spaces around = stay', 'a = 1', [entry('a ', ' 1')], `${split}: only the part's ends are trimmed`],
    [
      'several lines with trailing commas',
      'image=ghcr.io/x:1,\na=one,\nb=two',
      [entry('image', 'ghcr.io/x:1'), entry('a', 'one'), entry('b', 'two')],
      `${split}: TrimSpace removes the line breaks`,
    ],
    [
      'a trailing comma',
      'a=1,',
      [entry('a', '1'), entry('', true)],
      `${split}: the empty last part stays, ${pair} makes it '' = true`,
    ],
    ['an empty part', 'a=1,,b=2', [entry('a', '1'), entry('', true), entry('b', '2')], split],
    ['a part of spaces', 'a=1,  ,b=2', [entry('a', '1'), entry('', true), entry('b', '2')], `${split}: trimmed`],
    ['no name before =', '=value', [entry('', 'value')], `${pair}: the key is empty`],
    [
      'several lines without commas are one entry',
      'a=1\nb=2',
      [entry('a', '1\nb=2')],
      `${split}: line breaks are not separators`,
    ],
    [
      'hyphenated and upper-case keys',
      'cron-schedule=0 3 * * *,IMAGE=x',
      [entry('cron-schedule', '0 3 * * *'), entry('IMAGE', 'x')],
      `${pair}: keys are taken as written`,
    ],
    ['a repeated key, both kept in order', 'a=1,a=2', [entry('a', '1'), entry('a', '2')], `${pair}: later wins`],
    ['nothing', '', [], 'an empty input is the same as no input'],
    ['only spaces', '  \n ', [], 'an empty input is the same as no input'],
  ])('%s: %j (%s)', (_name, text, expected) => {
    expect(parseInlineVariables(text)).toEqual(expected);
  });
});
