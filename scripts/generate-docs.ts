// Writes the README's usage block from action.yml, so the two cannot drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}
interface Action {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
}

const begin = '<!-- usage:begin (generated from action.yml by npm run build) -->';
const end = '<!-- usage:end -->';

const cell = (text: string): string =>
  text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');

function usageBlock(action: Action): string {
  const inputs = Object.entries(action.inputs).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.default === undefined ? '' : `\`${input.default}\``} | ${cell(input.description)} |`,
  );
  const outputs = Object.entries(action.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  return [
    begin,
    '### Inputs',
    '',
    '| Input | Default | Description |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...outputs,
    end,
  ].join('\n');
}

const readmePath = new URL('../README.md', import.meta.url);
const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as Action;
const readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(begin);
const to = readme.indexOf(end);
if (from === -1 || to === -1) throw new Error(`README.md lacks the markers ${begin} … ${end}`);
writeFileSync(readmePath, readme.slice(0, from) + usageBlock(action) + readme.slice(to + end.length));
