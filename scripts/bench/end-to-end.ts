// Figure 3: deploy-and-wait of a trivial unscheduled Naisjob (1 s run, three log lines) by the
// bundled action, against the same by hand with the pinned kubectl: `kubectl apply
// --validate=strict` (server-side strict field validation, as the action applies), then `kubectl
// wait --for=create` for naiserator's Job `<name>-1`, then `kubectl wait --for=condition=complete`.
// Each repetition gets a fresh namespace holding both arms; the arms alternate which goes first.
// The bench's own watch of the namespace splits each arm's wall time into phases.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { kubectl, startAction } from './action-runs.ts';
import { checkAborted, ms, now, sleep, suffix, type BenchContext } from './harness.ts';
import { createNamespace, writeNaisjob } from './naisjobs.ts';
import { JobRecorder, type JobTimes } from './recorders.ts';

export interface ArmSample {
  wallMs: number;
  /** Start of the arm until the bench's watch saw naiserator's Job. */
  untilJobMs: number | undefined;
  /** Job seen until its first terminal condition. */
  jobRunMs: number | undefined;
  /** First terminal condition until the arm ended (the action's exit; kubectl wait's exit). */
  afterEndMs: number | undefined;
}

export interface EndToEndSample {
  namespace: string;
  first: 'action' | 'kubectl';
  action: ArmSample;
  kubectl: ArmSample & { applyMs: number; waitCreateMs: number; waitCompleteMs: number };
}

export interface EndToEndResult {
  samples: EndToEndSample[];
}

function phases(start: number, end: number, job: JobTimes | undefined): ArmSample {
  return {
    wallMs: ms(end - start),
    untilJobMs: job ? ms(job.seen - start) : undefined,
    jobRunMs: job?.firstTerminal !== undefined ? ms(job.firstTerminal - job.seen) : undefined,
    afterEndMs: job?.firstTerminal !== undefined ? ms(end - job.firstTerminal) : undefined,
  };
}

export async function endToEnd(ctx: BenchContext, repetitions: number): Promise<EndToEndResult> {
  const samples: EndToEndSample[] = [];
  // One warm-up round, not recorded.
  for (let round = -1; round < repetitions; round += 1) {
    checkAborted(ctx.signal);
    const namespace = `bench-e2e-${suffix()}`;
    await createNamespace(ctx.admin, namespace, { team: false });
    const cwd = mkdtempSync(path.join(ctx.work, 'e2e-'));
    writeNaisjob(cwd, 'action.yaml', { namespace, name: 'by-action' });
    const manual = path.join(cwd, writeNaisjob(cwd, 'kubectl.yaml', { namespace, name: 'by-hand' }));
    const recorder = await JobRecorder.start(ctx.admin, namespace, ctx.signal);
    try {
      const runAction = async (): Promise<ArmSample> => {
        const { child } = startAction(ctx, { resource: 'action.yaml' }, { cwd });
        const exit = await child.finish(180_000);
        if (exit.code !== 0) throw new Error(`The action failed (${exit.code}):\n${child.output().slice(-3000)}`);
        return phases(child.started, exit.t, recorder.jobs.get('by-action-1'));
      };
      const runKubectl = async (): Promise<EndToEndSample['kubectl']> => {
        const start = now();
        const apply = await kubectl(ctx, ['apply', '--validate=strict', '-f', manual]);
        const create = await kubectl(
          ctx,
          ['wait', '--for=create', 'job/by-hand-1', '-n', namespace, '--timeout=120s'],
          150_000,
        );
        const complete = await kubectl(
          ctx,
          ['wait', '--for=condition=complete', 'job/by-hand-1', '-n', namespace, '--timeout=120s'],
          150_000,
        );
        const end = complete.exited?.t ?? now();
        return {
          ...phases(start, end, recorder.jobs.get('by-hand-1')),
          applyMs: ms((apply.exited?.t ?? start) - apply.started),
          waitCreateMs: ms((create.exited?.t ?? start) - create.started),
          waitCompleteMs: ms(end - complete.started),
        };
      };
      const first = round % 2 === 0 ? 'action' : 'kubectl';
      let actionSample: ArmSample;
      let kubectlSample: EndToEndSample['kubectl'];
      if (first === 'action') {
        actionSample = await runAction();
        await sleep(300, ctx.signal);
        kubectlSample = await runKubectl();
      } else {
        kubectlSample = await runKubectl();
        await sleep(300, ctx.signal);
        actionSample = await runAction();
      }
      if (round >= 0) {
        samples.push({ namespace, first, action: actionSample, kubectl: kubectlSample });
        ctx.log(
          `  end-to-end ${round + 1}/${repetitions}: action ${Math.round(actionSample.wallMs)} ms, apply + kubectl wait ${Math.round(kubectlSample.wallMs)} ms`,
        );
      }
    } finally {
      recorder.close();
    }
    await sleep(300, ctx.signal);
  }
  return { samples };
}
