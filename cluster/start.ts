// Starts a real local control plane for tests, the demo and benchmarks, without Docker:
// etcd, kube-apiserver (token authentication, RBAC), kube-controller-manager (job, cronjob,
// garbage-collector, ttl-after-finished), kube-scheduler, kwok as the kubelet of one fake node,
// a pod log endpoint for that node, the Naisjob CRD and a naiserator stand-in. All on free
// loopback ports, in a temporary directory of its own.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import { ApiextensionsV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { ensureComponents, kubernetesVersion } from './components.ts';
import { kwokConfig } from './kwok-stages.ts';
import { isAlive, startProcess, stopProcesses, type StartedProcess } from './processes.ts';
import { keylessRbac, teamRbac, teamNamespace, teamUser } from './rbac.ts';
import { localCrds } from './naiserator/crd.ts';
import type { FeatureSettings } from './naiserator/refusals.ts';
import { authenticationConfiguration, prepareTestIssuer, type TestIssuer } from './oidc-issuer/setup.ts';

const repositoryRoot = path.resolve(import.meta.dirname, '..');
export const nodeName = 'kwok-node-0';

export interface Cluster {
  dir: string;
  kubeconfigPath: string;
  server: string;
  /** Contexts in the kubeconfig: `admin` (cluster admin) and `team` (RBAC-limited to `team-a`). */
  contexts: { admin: string; team: string };
  teamNamespace: string;
  /** The test OIDC issuer kube-apiserver trusts, as a cluster would trust GitHub's. */
  oidcIssuer: TestIssuer;
  processes: StartedProcess[];
  ports: Record<string, number>;
  startedInMs: number;
}

/** A free TCP port on loopback, for a process about to listen on it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const requester = url.startsWith('https:') ? request : plainRequest;
    const req = requester(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Waits, up to `timeoutMs`, for `ready` to hold, failing early if the process died. */
async function waitUntil(
  what: string,
  ready: () => Promise<boolean>,
  options: { timeoutMs: number; process?: StartedProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    if (options.process && !isAlive(options.process.pid)) {
      const tail = readFileSync(options.process.logFile, 'utf8').split('\n').slice(-25).join('\n');
      throw new Error(`${what}: ${options.process.name} exited while starting. Last log lines:\n${tail}`);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** Math.min(attempt, 3), 500)));
  }
  const tail = options.process
    ? `\nLast log lines of ${options.process.name}:\n${readFileSync(options.process.logFile, 'utf8').split('\n').slice(-25).join('\n')}`
    : '';
  throw new Error(`${what} was not ready within ${options.timeoutMs / 1000}s.${tail}`);
}

function kubeconfigYaml(server: string, adminToken: string, teamToken: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: ${server}
      insecure-skip-tls-verify: true
users:
  - name: admin
    user:
      token: ${adminToken}
  - name: ${teamUser}
    user:
      token: ${teamToken}
contexts:
  - name: admin
    context: { cluster: local, user: admin }
  - name: team
    context: { cluster: local, user: ${teamUser}, namespace: ${teamNamespace} }
current-context: admin
`;
}

export interface ClusterOptions {
  /**
   * What the cluster offers naiserator (refusals.ts; default a plain cluster, or the
   * NAISERATOR_STANDIN_* environment). A namespace's `test.naiserator/*` annotations override it.
   */
  naiserator?: FeatureSettings;
}

export async function startCluster(
  log: (line: string) => void = console.log,
  options: ClusterOptions = {},
): Promise<Cluster> {
  const started = Date.now();
  const bin = await ensureComponents(log);
  const dir = mkdtempSync(path.join(tmpdir(), 'naisjob-cluster-'));
  mkdirSync(path.join(dir, 'logs'));
  mkdirSync(path.join(dir, 'pki'));
  const processes: StartedProcess[] = [];
  const ports = {
    etcdClient: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    scheduler: await freePort(),
    kwok: await freePort(),
    podLogs: await freePort(),
    oidcIssuer: await freePort(),
  };
  try {
    // etcd
    const etcd = startProcess(
      'etcd',
      bin.etcd,
      [
        '--name=local',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-cluster=local=http://127.0.0.1:${ports.etcdPeer}`,
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      { dir },
    );
    processes.push(etcd);
    await waitUntil(
      'etcd',
      async () => (await get(`http://127.0.0.1:${ports.etcdClient}/health`)).body.includes('"health":"true"'),
      { timeoutMs: 30_000, process: etcd },
    );

    // kube-apiserver
    const adminToken = randomBytes(24).toString('hex');
    const teamToken = randomBytes(24).toString('hex');
    writeFileSync(
      path.join(dir, 'tokens.csv'),
      `${adminToken},admin,admin-uid,system:masters\n${teamToken},${teamUser},${teamUser}-uid,${teamNamespace}\n`,
      { mode: 0o600 },
    );
    // The test OIDC issuer, up before kube-apiserver reads its discovery document.
    const oidcIssuer = prepareTestIssuer(dir, ports.oidcIssuer);
    writeFileSync(path.join(dir, 'authentication.yaml'), authenticationConfiguration(oidcIssuer));
    const issuerProcess = startProcess(
      'oidc-issuer',
      process.execPath,
      [
        path.join(repositoryRoot, 'cluster', 'oidc-issuer', 'main.ts'),
        String(ports.oidcIssuer),
        oidcIssuer.tlsCertFile,
        oidcIssuer.tlsKeyFile,
        oidcIssuer.jwksFile,
      ],
      { dir, cwd: repositoryRoot },
    );
    processes.push(issuerProcess);
    await waitUntil(
      'test OIDC issuer',
      async () => (await get(`${oidcIssuer.url}/.well-known/openid-configuration`)).status === 200,
      { timeoutMs: 30_000, process: issuerProcess },
    );
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    const apiserver = startProcess(
      'kube-apiserver',
      bin['kube-apiserver'],
      [
        `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--cert-dir=${path.join(dir, 'pki')}`,
        `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
        `--authentication-config=${path.join(dir, 'authentication.yaml')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${path.join(dir, 'sa.key')}`,
        `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition',
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        '--profiling=false',
      ],
      { dir },
    );
    processes.push(apiserver);
    const server = `https://127.0.0.1:${ports.apiserver}`;
    await waitUntil('kube-apiserver', async () => (await get(`${server}/readyz`)).status === 200, {
      timeoutMs: 90_000,
      process: apiserver,
    });

    const kubeconfigPath = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfigYaml(server, adminToken, teamToken), { mode: 0o600 });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const adminEnv = { KUBECONFIG: kubeconfigPath };

    // The fake node, before kwok starts managing it. No NoSchedule taint: NAIS pods do not tolerate it.
    await core.createNode({
      body: {
        metadata: {
          name: nodeName,
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
          labels: {
            'kubernetes.io/hostname': nodeName,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            type: 'kwok',
          },
        },
      },
    });

    processes.push(
      startProcess(
        'kube-controller-manager',
        bin['kube-controller-manager'],
        [
          `--kubeconfig=${kubeconfigPath}`,
          '--controllers=job-controller,cronjob-controller,garbage-collector-controller,ttl-after-finished-controller',
          '--use-service-account-credentials=false',
          '--leader-elect=false',
          '--secure-port=0',
        ],
        { dir },
      ),
    );
    const scheduler = startProcess(
      'kube-scheduler',
      bin['kube-scheduler'],
      [
        `--kubeconfig=${kubeconfigPath}`,
        `--authentication-kubeconfig=${kubeconfigPath}`,
        `--authorization-kubeconfig=${kubeconfigPath}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
      ],
      { dir },
    );
    processes.push(scheduler);
    writeFileSync(path.join(dir, 'kwok.yaml'), kwokConfig());
    const kwok = startProcess(
      'kwok',
      bin.kwok,
      [
        `--kubeconfig=${kubeconfigPath}`,
        `--config=${path.join(dir, 'kwok.yaml')}`,
        '--manage-all-nodes=true',
        '--node-ip=127.0.0.1',
        '--cidr=10.244.0.0/24',
        `--node-port=${ports.podLogs}`,
        `--server-address=127.0.0.1:${ports.kwok}`,
      ],
      { dir },
    );
    processes.push(kwok);
    const node = process.execPath;
    const podLogs = startProcess(
      'pod-logs',
      node,
      [
        path.join(repositoryRoot, 'cluster', 'pod-logs', 'main.ts'),
        String(ports.podLogs),
        path.join(dir, 'pki', 'apiserver.crt'),
        path.join(dir, 'pki', 'apiserver.key'),
      ],
      { dir, env: adminEnv, cwd: repositoryRoot },
    );
    processes.push(podLogs);

    await waitUntil(
      'kube-scheduler',
      async () => (await get(`https://127.0.0.1:${ports.scheduler}/healthz`)).status === 200,
      {
        timeoutMs: 60_000,
        process: scheduler,
      },
    );
    await waitUntil(
      'pod log server',
      async () => (await get(`https://127.0.0.1:${ports.podLogs}/healthz`)).status === 200,
      {
        timeoutMs: 30_000,
        process: podLogs,
      },
    );
    await waitUntil(
      `node ${nodeName}`,
      async () => {
        const live = await core.readNode({ name: nodeName });
        return live.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      },
      { timeoutMs: 60_000, process: kwok },
    );

    // The CRDs (Naisjob, Image, Topic), then the team's namespace and RBAC.
    const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
    for (const crd of localCrds()) await extensions.createCustomResourceDefinition({ body: crd });
    for (const crd of localCrds()) {
      const name = crd.metadata?.name ?? '';
      await waitUntil(
        `CRD ${name}`,
        async () => {
          const live = await extensions.readCustomResourceDefinition({ name });
          return live.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
        },
        { timeoutMs: 30_000 },
      );
    }
    await core.createNamespace({ body: { metadata: { name: teamNamespace, labels: { team: teamNamespace } } } });
    const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const { role, binding } = teamRbac();
    await rbac.createNamespacedRole({ namespace: teamNamespace, body: role });
    await rbac.createNamespacedRoleBinding({ namespace: teamNamespace, body: binding });
    await rbac.createNamespacedRoleBinding({ namespace: teamNamespace, body: keylessRbac() });

    const naiserator = startProcess(
      'naiserator',
      node,
      [path.join(repositoryRoot, 'cluster', 'naiserator', 'main.ts')],
      {
        dir,
        env: { ...adminEnv, ...naiseratorEnv(options.naiserator) },
        cwd: repositoryRoot,
      },
    );
    processes.push(naiserator);
    await waitUntil(
      'naiserator stand-in',
      async () => readFileSync(naiserator.logFile, 'utf8').length > 0 && isAlive(naiserator.pid),
      { timeoutMs: 30_000, process: naiserator },
    );

    const cluster: Cluster = {
      dir,
      kubeconfigPath,
      server,
      contexts: { admin: 'admin', team: 'team' },
      teamNamespace,
      oidcIssuer,
      processes,
      ports,
      startedInMs: Date.now() - started,
    };
    writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(cluster, null, 2));
    log(
      `Local cluster (Kubernetes ${kubernetesVersion}) ready in ${(cluster.startedInMs / 1000).toFixed(1)}s; kubeconfig: ${kubeconfigPath}`,
    );
    return cluster;
  } catch (error) {
    await stopProcesses(processes);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n(Process logs are in ${path.join(dir, 'logs')}.)`,
      { cause: error },
    );
  }
}

function naiseratorEnv(settings: FeatureSettings | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  if (settings?.features !== undefined) env.NAISERATOR_STANDIN_FEATURES = settings.features;
  if (settings?.loggingDestinations !== undefined)
    env.NAISERATOR_STANDIN_LOGGING_DESTINATIONS = settings.loggingDestinations;
  if (settings?.otelDestinations !== undefined) env.NAISERATOR_STANDIN_OTEL_DESTINATIONS = settings.otelDestinations;
  return env;
}

/** Where `npm run cluster:up` records the cluster it started, for `npm run cluster:down`. */
export const currentClusterFile = path.join(repositoryRoot, '.cluster', 'current.json');

export async function stopCluster(cluster: Pick<Cluster, 'processes'>): Promise<void> {
  await stopProcesses(cluster.processes);
}

if (import.meta.main) {
  if (existsSync(currentClusterFile)) {
    const previous = JSON.parse(readFileSync(currentClusterFile, 'utf8')) as Cluster;
    if (previous.processes.some((p) => isAlive(p.pid))) {
      console.log(`A local cluster is already running; kubeconfig: ${previous.kubeconfigPath}`);
      console.log('Stop it with: npm run cluster:down');
      process.exit(0);
    }
  }
  const cluster = await startCluster();
  mkdirSync(path.dirname(currentClusterFile), { recursive: true });
  writeFileSync(currentClusterFile, JSON.stringify(cluster, null, 2));
  console.log(`\nexport KUBECONFIG=${cluster.kubeconfigPath}`);
  console.log(
    `Contexts: admin (cluster admin), team (limited to namespace ${teamNamespace}). Stop with: npm run cluster:down`,
  );
}
