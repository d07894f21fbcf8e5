// Runs the bundled action (dist/index.js) as a workflow step would: inputs as INPUT_* variables,
// outputs and the step summary in files. Shared by the demo, tests and benchmarks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const actionEntry = path.resolve(import.meta.dirname, '..', 'dist', 'index.js');

export interface ActionStep {
  env: NodeJS.ProcessEnv;
  /** The outputs the step set, by name. */
  outputs: () => Record<string, string>;
  summary: () => string;
  dispose: () => void;
}

/** The kubeconfig file's content with another current context, as a deploy key secret would hold it. */
export function kubeconfigFor(kubeconfigPath: string, context: 'admin' | 'team'): string {
  return readFileSync(kubeconfigPath, 'utf8').replace(/^current-context: .*$/m, `current-context: ${context}`);
}

export function actionStep(inputs: Record<string, string>): ActionStep {
  const work = mkdtempSync(path.join(tmpdir(), 'naisjob-step-'));
  const outputFile = path.join(work, 'output');
  const summaryFile = path.join(work, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTOR: process.env.GITHUB_ACTOR ?? 'local',
    GITHUB_SHA: process.env.GITHUB_SHA ?? '0000000000000000000000000000000000000000',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return {
    env,
    outputs: () => {
      // @actions/core writes `name<<delimiter\nvalue\ndelimiter` blocks.
      const outputs: Record<string, string> = {};
      const pattern = /^([^\n<]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm;
      for (const match of readFileSync(outputFile, 'utf8').matchAll(pattern)) outputs[match[1] ?? ''] = match[3] ?? '';
      return outputs;
    },
    summary: () => readFileSync(summaryFile, 'utf8'),
    dispose: () => {
      rmSync(work, { recursive: true, force: true });
    },
  };
}
