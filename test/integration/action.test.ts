// The bundled action (dist/index.js) as a workflow runs it: inputs from the environment, outputs
// and summary in files, and the runner's cancellation (SIGINT, then SIGTERM 7.5 s later).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { actionEntry, actionStep, kubeconfigFor } from '../../scripts/action-step.ts';
import { adminClients, eventually, freshNamespace, naisjob, testCluster } from './cluster.ts';
import { commandsTheRunnerSees } from '../support/runner-commands.ts';

interface Exit {
  code: number | null;
  stdout: string;
}

describe('the bundled action', () => {
  it('on cancellation stops waiting, says where the Job stood, deletes it as asked and exits', async () => {
    const namespace = await freshNamespace('action-cancel');
    const cwd = mkdtempSync(path.join(tmpdir(), 'naisjob-action-'));
    writeFileSync(
      path.join(cwd, 'job.yaml'),
      stringify(naisjob(namespace, 'endless', {}, { 'test.kwok/run-for': '300s' })),
    );
    const step = actionStep({
      resource: 'job.yaml',
      kubeconfig: kubeconfigFor(testCluster().kubeconfigPath, 'admin'),
      'on-cancel': 'delete',
      timeout: '2m',
    });
    const child = spawn(process.execPath, [actionEntry], { cwd, env: step.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<Exit>((resolve) => {
      child.on('exit', (code) => {
        resolve({ code, stdout });
      });
    });
    try {
      await eventually(
        () => adminClients().core.listNamespacedPod({ namespace }),
        (pods) => pods.items.some((p) => p.status?.phase === 'Running'),
      );
      child.kill('SIGINT');
      // The runner's second signal; a step still running after it would be killed.
      let secondSignalSent = false;
      const second = setTimeout(() => {
        secondSignalSent = true;
        child.kill('SIGTERM');
      }, 7500);
      const exit = await exited;
      clearTimeout(second);
      expect(secondSignalSent).toBe(false);
      expect(exit.code).toBe(1);
      expect(exit.stdout).toContain('Received SIGINT');
      expect(exit.stdout).toMatch(/::error::.*endless-1/);
      expect(step.outputs()).toMatchObject({ result: 'cancelled', job: 'endless-1' });
      await eventually(
        () => adminClients().batch.listNamespacedJob({ namespace }),
        (jobs) => jobs.items.every((j) => j.metadata?.deletionTimestamp !== undefined),
      );
    } finally {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
      step.dispose();
    }
  });

  it('prints a failed Job whose log holds workflow commands without letting any of them act', async () => {
    const namespace = await freshNamespace('action-inject');
    const cwd = mkdtempSync(path.join(tmpdir(), 'naisjob-action-'));
    const log = ['x ##[error]pwn', '::warning file=job.yaml,line=1::pwn', '  ::add-mask::pwn', '::stop-commands::pwn'];
    writeFileSync(
      path.join(cwd, 'job.yaml'),
      stringify(
        naisjob(
          namespace,
          'inject',
          { backoffLimit: 0, env: [{ name: 'LOG_TEXT', value: log.join('\n') }] },
          { 'test.kwok/exit-code': '3' },
        ),
      ),
    );
    const step = actionStep({
      resource: 'job.yaml',
      kubeconfig: kubeconfigFor(testCluster().kubeconfigPath, 'admin'),
      timeout: '2m',
    });
    try {
      const child = spawn(process.execPath, [actionEntry], { cwd, env: step.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(step.outputs()).toMatchObject({ result: 'failed', 'exit-code': '3' });
      // The log was printed twice: in its fenced group, and as the failure report's tail outside it.
      expect(stdout.match(/x #\u2060#\[error\]pwn/g)?.length).toBeGreaterThanOrEqual(1);
      const acted = commandsTheRunnerSees(stdout).filter((line) => line.includes('pwn'));
      // Only the log holds the word pwn; no line of it is a command the runner would act on.
      expect(acted).toEqual([]);
      expect(commandsTheRunnerSees(stdout)).toContainEqual(expect.stringMatching(/^::error::Job inject-1 failed/));
    } finally {
      step.dispose();
    }
  });
});
