// The action reads resource and vars files only inside the workspace.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { outsideWorkspaceProblem } from '../../src/manifest/workspace.ts';

const root = mkdtempSync(path.join(tmpdir(), 'naisjob-workspace-'));
const workspace = path.join(root, 'repo');
mkdirSync(path.join(workspace, 'nais'), { recursive: true });
writeFileSync(path.join(workspace, 'nais', 'job.yaml'), 'kind: Naisjob\n');
writeFileSync(path.join(root, 'secret.yaml'), 'token: x\n');
symlinkSync(path.join(root, 'secret.yaml'), path.join(workspace, 'nais', 'link-out.yaml'));
symlinkSync(path.join(workspace, 'nais', 'job.yaml'), path.join(workspace, 'link-in.yaml'));

describe('outsideWorkspaceProblem', () => {
  it.each<[string, string, boolean]>([
    ['a relative path inside', 'nais/job.yaml', true],
    ['an absolute path inside', path.join(workspace, 'nais', 'job.yaml'), true],
    ['a symlink to a file inside', 'link-in.yaml', true],
    ['.. out of the workspace', '../secret.yaml', false],
    ['.. that comes back in', 'nais/../nais/job.yaml', true],
    ['an absolute path outside', path.join(root, 'secret.yaml'), false],
    ['a symlink that leads outside', 'nais/link-out.yaml', false],
  ])('%s', (_name, file, inside) => {
    const problem = outsideWorkspaceProblem(file, workspace, 'The resource file');
    expect(problem === undefined).toBe(inside);
    if (!inside) expect(problem).toMatch(/^The resource file '.*' is outside the workspace/);
  });
});
