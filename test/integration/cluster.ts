// What integration tests know of the cluster that global setup started.
// The reporter and request every test shares live in test/support.
export { executeRequest, recordingReporter } from '../support/recording.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Cluster } from '../../cluster/start.ts';
import type { ExecuteRequest } from '../../src/execute.ts';
import { executeRequest } from '../support/recording.ts';

export function testCluster(): Cluster {
  const text = process.env.NAISJOB_TEST_CLUSTER;
  if (!text)
    throw new Error('No test cluster: run integration tests through jest (npm test), whose global setup starts one.');
  return JSON.parse(text) as Cluster;
}

export function kubeConfigFor(context: 'admin' | 'team' = 'admin'): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(testCluster().kubeconfigPath);
  kubeConfig.setCurrentContext(context);
  return kubeConfig;
}

export function adminClients(): { core: CoreV1Api; batch: BatchV1Api; custom: CustomObjectsApi } {
  const kubeConfig = kubeConfigFor('admin');
  return {
    core: kubeConfig.makeApiClient(CoreV1Api),
    batch: kubeConfig.makeApiClient(BatchV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
  };
}

/**
 * A fresh namespace per test, named after the test, so tests never see each other's objects.
 * `annotations` can give the namespace naiserator features (cluster/naiserator/refusals.ts
 * `featureAnnotations`), e.g. `{ 'test.naiserator/features': 'cnrm' }`.
 */
export async function freshNamespace(prefix: string, annotations?: Record<string, string>): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`.toLowerCase();
  await adminClients().core.createNamespace({
    body: { metadata: { name, labels: { team: name }, ...(annotations ? { annotations } : {}) } },
  });
  return name;
}

/** Namespace annotations of a cluster with Config Connector, so `spec.gcp` is allowed. */
export const withCnrm = { 'test.naiserator/features': 'cnrm' };

/** Polls `read` until `done` holds; tests only, bounded by `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Condition not met within ${timeoutMs / 1000}s; last value: ${(JSON.stringify(last) as string | undefined)?.slice(0, 2000) ?? 'none'}`,
  );
}

export function naisjob(
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  labels: Record<string, string> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'nais.io/v1',
    kind: 'Naisjob',
    metadata: { name, namespace, labels: { team: namespace, ...labels } },
    spec: { image: 'ghcr.io/navikt/example:1', ...spec },
  };
}

/** Writes resource files into a fresh temporary directory, the `cwd` of a request. */
export function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'naisjob-deploy-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A request that deploys every `*.yaml` of `cwd`, with a deadline a test can wait out. */
export function filesRequest(cwd: string, overrides: Partial<ExecuteRequest> = {}, timeoutMs = 90_000): ExecuteRequest {
  return executeRequest(cwd, { resources: ['*.yaml'], deadline: Date.now() + timeoutMs, ...overrides });
}

/** A Naisjob file's text, as teams write it; `spec` is the indented lines under `spec:`. */
export function naisjobYaml(namespace: string, name: string, spec: string, labels = ''): string {
  return `apiVersion: nais.io/v1
kind: Naisjob
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    team: ${namespace}
${labels}spec:
${spec}`;
}
