// `npm run check` lints every workflow with actionlint, built from its pinned Go module
// (cluster/modules/actionlint) once per machine, as the cluster's components are.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureTool } from '../cluster/components.ts';

const root = path.resolve(import.meta.dirname, '..');
const workflowsDir = path.join('.github', 'workflows');
const workflows = readdirSync(path.join(root, workflowsDir))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => path.join(workflowsDir, name));
const actionlint = await ensureTool('actionlint');
const result = spawnSync(actionlint, ['-no-color', ...workflows], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`actionlint found problems in the workflows (exit ${result.status ?? result.signal ?? '?'}).`);
  process.exit(1);
}
console.log(`actionlint: ${workflows.length} workflows, no problems.`);
