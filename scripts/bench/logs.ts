// Figure 5: following 100 MB of log. A deployed Naisjob's pod writes 500,000 numbered lines of
// 200 bytes (test.kwok/log-lines, test.kwok/log-line-bytes) over a few seconds; the pod log
// server makes them, kube-apiserver proxies them, as a kubelet's. Three arms per repetition, each
// on a Job the action starts (mode run):
//   together     the action follows the log and, from the moment the bench's watch sees the
//                container start, `kubectl logs -f` follows the same pod;
//   action alone the action follows, nothing else;
//   kubectl alone `kubectl logs -f` follows, the action waits without logs (its peak memory
//                there is its footprint without log following).
//   action to a file  (diagnostic) the action follows with its stdout a file rather than a pipe:
//                writes to a file are synchronous in Node, to a pipe they queue in memory.
// Output goes to a pipe into this process, which counts bytes and lines (never a terminal), as a
// runner reads a step's output through a pipe. Throughput is the log's bytes (lines as the
// container wrote them, newline included) over the time from the first to the last log line
// received; peak memory is VmHWM from /proc.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runAction, startAction, startKubectl } from './action-runs.ts';
import { LineCounter, type Child } from './child.ts';
import { checkAborted, ms, sleep, suffix, type BenchContext } from './harness.ts';
import { writeNaisjob, createNamespace } from './naisjobs.ts';
import { PodRecorder } from './recorders.ts';

export const logLines = 500_000;
export const logLineBytes = 200;
export const logRunFor = '2s';

export interface Follower {
  lines: number;
  bytes: number;
  complete: boolean;
  spanMs: number | undefined;
  mbPerSecond: number | undefined;
  linesPerSecond: number | undefined;
  /** From the bench seeing the container start to the last log line. */
  doneAfterStartMs: number | undefined;
  peakRssMb: number;
  exitCode: number | null;
}

export interface LogsSample {
  together: { action: Follower; kubectl: Follower };
  actionAlone: Follower;
  kubectlAlone: Follower & { actionWithoutLogsPeakRssMb: number };
  /** The action alone with its stdout a file: lines found in the file afterwards, its peak memory. */
  actionToFile: { lines: number; complete: boolean; exitAfterStartMs: number | undefined; peakRssMb: number };
}

export interface LogsResult {
  lines: number;
  lineBytes: number;
  runFor: string;
  samples: LogsSample[];
}

function follower(child: Child, counter: LineCounter, containerStarted: number | undefined): Follower {
  const span =
    counter.firstMatch !== undefined && counter.lastMatch !== undefined
      ? counter.lastMatch - counter.firstMatch
      : undefined;
  return {
    lines: counter.matched,
    bytes: counter.matchedBytes,
    complete: counter.matched === logLines,
    spanMs: span === undefined ? undefined : ms(span),
    mbPerSecond: span ? Math.round((counter.matchedBytes / 1e6 / (span / 1000)) * 10) / 10 : undefined,
    linesPerSecond: span ? Math.round(counter.matched / (span / 1000)) : undefined,
    doneAfterStartMs:
      counter.lastMatch !== undefined && containerStarted !== undefined
        ? ms(counter.lastMatch - containerStarted)
        : undefined,
    peakRssMb: Math.round((child.peakRssKb() / 1024) * 10) / 10,
    exitCode: child.exited?.code ?? null,
  };
}

export async function logs(ctx: BenchContext, repetitions: number): Promise<LogsResult> {
  const namespace = `bench-logs-${suffix()}`;
  await createNamespace(ctx.admin, namespace, { team: false });
  const cwd = mkdtempSync(path.join(ctx.work, 'logs-'));
  writeNaisjob(cwd, 'logs.yaml', {
    namespace,
    name: 'logs',
    labels: {
      'test.kwok/run-for': logRunFor,
      'test.kwok/log-lines': String(logLines),
      'test.kwok/log-line-bytes': String(logLineBytes),
    },
  });
  await runAction(ctx, { resource: 'logs.yaml', wait: 'false' }, { cwd });
  const pods = await PodRecorder.start(ctx.admin, namespace, ctx.signal);

  /** Starts a Job with the action; optionally follows its pod with kubectl from the container's start. */
  const arm = async (options: { actionLogs: boolean; kubectl: boolean; stdoutFile?: string }) => {
    const known = new Set(pods.pods.keys());
    const actionCounter = new LineCounter('line ');
    const { child: action } = startAction(
      ctx,
      { resource: 'logs.yaml', mode: 'run', logs: String(options.actionLogs), timeout: '5m' },
      {
        cwd,
        memory: true,
        ...(options.stdoutFile ? { stdoutFile: options.stdoutFile } : { counter: actionCounter }),
      },
    );
    const pod = await pods.until(
      () => {
        const found = pods.newPod(known);
        return found?.started !== undefined ? found : undefined;
      },
      60_000,
      ctx.signal,
    );
    if (!pod) {
      action.kill('SIGKILL');
      checkAborted(ctx.signal);
      throw new Error('No pod started within 60s.');
    }
    let kubectl: { child: Child; counter: LineCounter } | undefined;
    if (options.kubectl) {
      const counter = new LineCounter('line ');
      const child = startKubectl(ctx, ['logs', '-f', pod.name, '-c', pod.container, '-n', namespace], {
        counter,
        memory: true,
      });
      kubectl = { child, counter };
    }
    const [actionExit] = await Promise.all([action.finish(300_000), kubectl?.child.finish(300_000)]);
    if (actionExit.code !== 0)
      throw new Error(`The action failed (${actionExit.code}):\n${action.output().slice(-3000)}`);
    return {
      action: follower(action, actionCounter, pod.started),
      kubectl: kubectl ? follower(kubectl.child, kubectl.counter, pod.started) : undefined,
      exitAfterStartMs: pod.started === undefined ? undefined : ms(actionExit.t - pod.started),
    };
  };
  const countFile = async (file: string): Promise<number> => {
    const counter = new LineCounter('line ');
    for await (const chunk of createReadStream(file)) counter.accept(chunk as Buffer, 0);
    rmSync(file, { force: true });
    return counter.matched;
  };

  const samples: LogsSample[] = [];
  try {
    for (let round = 0; round < repetitions; round += 1) {
      checkAborted(ctx.signal);
      const together = await arm({ actionLogs: true, kubectl: true });
      await sleep(500, ctx.signal);
      const actionAlone = await arm({ actionLogs: true, kubectl: false });
      await sleep(500, ctx.signal);
      const kubectlAlone = await arm({ actionLogs: false, kubectl: true });
      await sleep(500, ctx.signal);
      const file = path.join(ctx.work, 'action-stdout.txt');
      const toFile = await arm({ actionLogs: true, kubectl: false, stdoutFile: file });
      const fileLines = await countFile(file);
      await sleep(500, ctx.signal);
      if (!together.kubectl || !kubectlAlone.kubectl) throw new Error('kubectl did not run');
      const sample: LogsSample = {
        together: { action: together.action, kubectl: together.kubectl },
        actionAlone: actionAlone.action,
        kubectlAlone: { ...kubectlAlone.kubectl, actionWithoutLogsPeakRssMb: kubectlAlone.action.peakRssMb },
        actionToFile: {
          lines: fileLines,
          complete: fileLines === logLines,
          exitAfterStartMs: toFile.exitAfterStartMs,
          peakRssMb: toFile.action.peakRssMb,
        },
      };
      samples.push(sample);
      ctx.log(
        `  logs ${round + 1}/${repetitions}: together action ${sample.together.action.mbPerSecond ?? '-'} MB/s ${sample.together.action.peakRssMb} MB, kubectl ${sample.together.kubectl.mbPerSecond ?? '-'} MB/s ${sample.together.kubectl.peakRssMb} MB; alone action ${sample.actionAlone.mbPerSecond ?? '-'} MB/s ${sample.actionAlone.peakRssMb} MB, kubectl ${sample.kubectlAlone.mbPerSecond ?? '-'} MB/s ${sample.kubectlAlone.peakRssMb} MB; action to a file ${sample.actionToFile.peakRssMb} MB`,
      );
    }
  } finally {
    pods.close();
  }
  return { lines: logLines, lineBytes: logLineBytes, runFor: logRunFor, samples };
}
