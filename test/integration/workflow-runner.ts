// Runs an example workflow's steps the way the runner would, as far as the examples need: each
// `uses: ./` step runs the bundled action with its `with:` as inputs, each `run:` step runs in
// bash, `${{ }}` expressions are looked up in a context, and `if:` conditions of the forms
// `a == 'b'`, `a != 'b'` and `always()` are honoured. Steps that set up or tear down the local
// cluster are skipped: the test suite's cluster stands in for them.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { actionEntry, actionStep } from '../../scripts/action-step.ts';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}

export interface StepResult {
  name: string;
  skipped: boolean;
  status: number;
  stdout: string;
  outputs: Record<string, string>;
}

export interface WorkflowRun {
  steps: StepResult[];
  failed: StepResult | undefined;
}

const root = path.resolve(import.meta.dirname, '..', '..');
/**
 * Steps the test suite's own cluster and checkout stand in for. Third-party actions are pinned by commit
 * (`actions/checkout@<sha> # v5.1.0`), so any ref of them counts.
 */
export function isSetupStep(uses: string): boolean {
  return uses === './.github/actions/local-cluster' || /^actions\/checkout@[\w.-]+$/.test(uses.trim());
}

function lookup(context: Record<string, unknown>, dotted: string): string {
  let value: unknown = context;
  for (const key of dotted.trim().split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function substitute(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_match, dotted: string) => lookup(context, dotted));
}

export function condition(expression: string | undefined, context: Record<string, unknown>, failed: boolean): boolean {
  if (expression === undefined) return !failed;
  const text = expression.replace(/^\$\{\{|\}\}$/g, '').trim();
  if (text === 'always()') return true;
  const match = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(text);
  if (!match) throw new Error(`The workflow runner of the tests does not understand the condition '${expression}'.`);
  const [, left = '', operator, right] = match;
  const equal = lookup(context, left) === right;
  return !failed && (operator === '==' ? equal : !equal);
}

export async function runWorkflow(
  file: string,
  context: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<WorkflowRun> {
  const workflow = parse(readFileSync(path.join(root, file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const results: StepResult[] = [];
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  let failed: StepResult | undefined;
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps) {
      const name = step.name ?? step.uses ?? step.run ?? '';
      const scope = { ...context, steps };
      if ((step.uses && isSetupStep(step.uses)) || step.run === 'npm run cluster:down') continue;
      // Any other action would otherwise run as an empty shell step and pass unnoticed.
      if (step.uses && step.uses !== './') {
        throw new Error(`The workflow runner of the tests cannot run the step 'uses: ${step.uses}' of ${file}.`);
      }
      if (!condition(step.if, scope, failed !== undefined)) {
        results.push({ name, skipped: true, status: 0, stdout: '', outputs: {} });
        continue;
      }
      const result =
        step.uses === './'
          ? await runAction(name, step, scope, env)
          : await runShell(name, substitute(step.run ?? '', scope), step.env, scope, env);
      results.push(result);
      if (step.id) steps[step.id] = { outputs: result.outputs };
      if (result.status !== 0) failed ??= result;
    }
  }
  return { steps: results, failed };
}

async function runAction(
  name: string,
  step: Step,
  scope: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<StepResult> {
  const inputs = Object.fromEntries(
    Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value), scope)]),
  );
  const action = actionStep(inputs);
  try {
    const { status, stdout } = await spawnAndWait(process.execPath, [actionEntry], { ...action.env, ...env });
    return { name, skipped: false, status, stdout, outputs: action.outputs() };
  } finally {
    action.dispose();
  }
}

async function runShell(
  name: string,
  script: string,
  stepEnv: Record<string, string> | undefined,
  scope: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<StepResult> {
  const substituted = Object.fromEntries(Object.entries(stepEnv ?? {}).map(([k, v]) => [k, substitute(v, scope)]));
  const { status, stdout } = await spawnAndWait('bash', ['-e', '-c', script], {
    ...process.env,
    ...env,
    ...substituted,
  });
  return { name, skipped: false, status, stdout, outputs: {} };
}

function spawnAndWait(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    // Bounded: no example step may take longer than this.
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
    }, 180_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(limit);
      resolve({ status: code ?? 1, stdout });
    });
  });
}

/** An event payload file, as the runner writes GITHUB_EVENT_PATH. */
export function eventFile(dir: string, payload: unknown): string {
  const file = path.join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}
