// Runs the bundled action and the pinned kubectl as child processes.
import path from 'node:path';
import { actionEntry, actionStep, kubeconfigFor, type ActionStep } from '../action-step.ts';
import type { BenchContext } from './harness.ts';
import { LineCounter, Child } from './child.ts';

export interface ActionRun {
  child: Child;
  step: ActionStep;
}

/** Starts dist/index.js as a workflow step (inputs in INPUT_* variables) in `cwd`. */
export function startAction(
  ctx: BenchContext,
  inputs: Record<string, string>,
  options: {
    cwd: string;
    context?: 'admin' | 'team';
    counter?: LineCounter;
    memory?: boolean;
    env?: NodeJS.ProcessEnv;
    stdoutFile?: string;
  },
): ActionRun {
  const step = actionStep({
    kubeconfig: kubeconfigFor(ctx.cluster.kubeconfigPath, options.context ?? 'admin'),
    timeout: '5m',
    ...inputs,
  });
  const child = new Child('action', process.execPath, [actionEntry], {
    cwd: options.cwd,
    env: { ...step.env, ...options.env },
    ...(options.counter ? { counter: options.counter } : {}),
    ...(options.memory ? { memory: true } : {}),
    ...(options.stdoutFile ? { stdoutFile: options.stdoutFile } : {}),
  });
  void child.exit.then(() => {
    step.dispose();
  });
  return { child, step };
}

export function startKubectl(
  ctx: BenchContext,
  args: readonly string[],
  options: { context?: 'admin' | 'team'; counter?: LineCounter; memory?: boolean } = {},
): Child {
  return new Child('kubectl', ctx.kubectl, [`--cache-dir=${path.join(ctx.work, 'kubectl-cache')}`, ...args], {
    env: { ...process.env, KUBECONFIG: ctx.kubeconfigFiles[options.context ?? 'admin'] },
    ...(options.counter ? { counter: options.counter } : {}),
    ...(options.memory ? { memory: true } : {}),
  });
}

/** Runs kubectl to its end; throws with its output if it fails. */
export async function kubectl(ctx: BenchContext, args: readonly string[], timeoutMs = 60_000): Promise<Child> {
  const child = startKubectl(ctx, args);
  const exit = await child.finish(timeoutMs);
  if (exit.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${exit.code}):\n${child.output()}`);
  return child;
}

/** Runs the action to its end; throws with its output if it fails. */
export async function runAction(
  ctx: BenchContext,
  inputs: Record<string, string>,
  options: { cwd: string; context?: 'admin' | 'team' },
  timeoutMs = 180_000,
): Promise<Child> {
  const { child } = startAction(ctx, inputs, options);
  const exit = await child.finish(timeoutMs);
  if (exit.code !== 0) throw new Error(`The action failed (${exit.code}):\n${child.output().slice(-4000)}`);
  return child;
}
