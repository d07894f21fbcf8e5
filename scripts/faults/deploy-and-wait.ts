// One full deploy-and-wait of a Naisjob whose Job writes numbered log lines, run in-process with
// the action's own code through a chosen server address (toxiproxy's), and what came of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createClusterGateway } from '../../src/cluster/gateway.ts';
import { execute, type ExecuteRequest } from '../../src/execute.ts';
import type { Reporter } from '../../src/report/reporter.ts';

export interface DeployAndWait {
  kubeconfigPath: string;
  context: string;
  /** The server the action talks to, in place of the kubeconfig's (a proxy on 127.0.0.1). */
  server: string;
  namespace: string;
  name: string;
  logLines: number;
  logLineBytes?: number;
  runFor: string;
  /** The exit code the Job's container ends with; 0 succeeds. */
  exitCode?: number;
  timeoutMs: number;
}

export interface Outcome {
  /** `succeeded`, `failed`, `timed-out`, `cancelled`, or `error: <message>` when the step threw. */
  verdict: string;
  /** Numbered lines never printed, and printed more than once. */
  lost: number;
  repeated: number;
  seconds: number;
  retries: number;
  /** The step's last lines, for a failure's report. */
  last: string[];
}

/** A KubeConfig whose current cluster's server is `server`; credentials and TLS settings stay. */
function kubeConfigThrough(kubeconfigPath: string, context: string, server: string): KubeConfig {
  const original = new KubeConfig();
  original.loadFromFile(kubeconfigPath);
  original.setCurrentContext(context);
  const clusterName = original.getContextObject(context)?.cluster;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: original.clusters.map((c) => (c.name === clusterName ? { ...c, server } : c)),
    users: original.users,
    contexts: original.contexts,
    currentContext: context,
  });
  return kubeConfig;
}

/** A fresh namespace, made directly (not through the proxy). */
export async function makeNamespace(kubeconfigPath: string, name: string): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  kubeConfig.setCurrentContext('admin');
  await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name, labels: { team: name } } } });
}

export async function deployAndWait(run: DeployAndWait): Promise<Outcome> {
  const work = mkdtempSync(path.join(tmpdir(), 'naisjob-faults-'));
  const labels: Record<string, string> = {
    team: run.namespace,
    'test.kwok/run-for': run.runFor,
    'test.kwok/log-lines': String(run.logLines),
    ...(run.logLineBytes ? { 'test.kwok/log-line-bytes': String(run.logLineBytes) } : {}),
    ...(run.exitCode ? { 'test.kwok/exit-code': String(run.exitCode) } : {}),
  };
  writeFileSync(
    path.join(work, 'job.yaml'),
    JSON.stringify({
      apiVersion: 'nais.io/v1',
      kind: 'Naisjob',
      metadata: { name: run.name, namespace: run.namespace, labels },
      spec: { image: 'ghcr.io/navikt/example:1', backoffLimit: 0 },
    }),
  );
  const seen = new Map<number, number>();
  const lines: string[] = [];
  const keep = (text: string): void => {
    lines.push(text);
    if (lines.length > 40) lines.shift();
  };
  const reporter: Reporter = {
    info: keep,
    warning: (text) => {
      keep(`warning: ${text}`);
    },
    error: (text) => {
      keep(`error: ${text}`);
    },
    group: (_title, work) => work(),
    verbatim: (_title, work) =>
      work((line) => {
        const numbered = /^line (\d+) of \d+/.exec(line);
        if (numbered) seen.set(Number(numbered[1]), (seen.get(Number(numbered[1])) ?? 0) + 1);
        return undefined;
      }),
  };
  const started = Date.now();
  const deadline = started + run.timeoutMs;
  const gateway = createClusterGateway(kubeConfigThrough(run.kubeconfigPath, run.context, run.server), { deadline });
  const request: ExecuteRequest = {
    resources: ['job.yaml'],
    image: undefined,
    varsFile: undefined,
    variables: [],
    cwd: work,
    dryRun: false,
    printPayload: false,
    run: { actor: 'faults', sha: 'f00d', serverUrl: 'https://github.com', repository: 'navikt/x', runId: '1' },
    deadline,
    signal: new AbortController().signal,
    mode: 'deploy',
    wait: true,
    job: { stuckGraceMs: 60_000, logs: true, onCancel: 'leave', tailLines: 5 },
  };
  let verdict: string;
  try {
    const result = await execute(gateway, request, reporter);
    verdict = result.runs.map((r) => r.result).join(',') || 'no Job';
  } catch (error) {
    verdict = `error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  let lost = 0;
  let repeated = 0;
  for (let number = 1; number <= run.logLines; number += 1) {
    const count = seen.get(number) ?? 0;
    if (count === 0) lost += 1;
    else repeated += count - 1;
  }
  return {
    verdict,
    lost,
    repeated,
    seconds: (Date.now() - started) / 1000,
    retries: gateway.retries?.() ?? 0,
    last: lines,
  };
}
