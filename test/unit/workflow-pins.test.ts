// Third-party actions run with the workflow's token: each is pinned to a commit, with its version as a
// comment, and the recipes' test runner still recognises the pinned setup steps.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { isSetupStep } from '../integration/workflow-runner.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const yamlFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => path.join(dir, file));

describe('the workflows', () => {
  const uses = ['.github/workflows', '.github/actions'].flatMap(yamlFiles).flatMap((file) =>
    readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .map((line) => /^\s*-?\s*uses:\s*(.+)$/.exec(line)?.[1]?.trim())
      .filter((ref): ref is string => ref !== undefined && !ref.startsWith('./'))
      .map((ref) => `${file}: ${ref}`),
  );

  it('pin every third-party action by commit, with its version as a comment', () => {
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toMatch(/: [\w-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});

describe('isSetupStep', () => {
  it.each([
    ['actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09', true],
    ['actions/checkout@v5', true],
    ['./.github/actions/local-cluster', true],
    ['actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444', false],
    ['./', false],
  ])('%s: %p', (uses, expected) => {
    expect(isSetupStep(uses)).toBe(expected);
  });
});
