// The local cluster's components: pinned Go modules under cluster/modules, built once per
// machine into a cache directory outside the repository, keyed by the pins' go.sum.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const kubernetesVersion = 'v1.34.4';
const repositoryRoot = path.resolve(import.meta.dirname, '..');
const modulesDir = path.join(repositoryRoot, 'cluster', 'modules');

export type ComponentName =
  'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl' | 'kwok';

interface ModuleBuild {
  module: string;
  /** Binary name to Go package. */
  packages: Record<string, string>;
  ldflags: string;
}

function kubernetesLdflags(): string {
  const [major, minor] = kubernetesVersion.slice(1).split('.');
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${kubernetesVersion}`,
      `-X ${pkg}.gitMajor=${major ?? ''}`,
      `-X ${pkg}.gitMinor=${minor ?? ''}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
    );
  }
  return flags.join(' ');
}

const builds: ModuleBuild[] = [
  {
    module: 'kubernetes',
    packages: {
      'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
      'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
      'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
      kubectl: 'k8s.io/kubernetes/cmd/kubectl',
    },
    ldflags: kubernetesLdflags(),
  },
  { module: 'etcd', packages: { etcd: 'go.etcd.io/etcd/server/v3' }, ldflags: '-s -w' },
  { module: 'kwok', packages: { kwok: 'sigs.k8s.io/kwok/cmd/kwok' }, ldflags: '-s -w' },
];

/** Where built components are kept; NAISJOB_DEPLOY_CACHE_DIR overrides it. */
export function cacheDir(): string {
  const override = process.env.NAISJOB_DEPLOY_CACHE_DIR;
  if (override) return path.resolve(override);
  const base = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
  return path.join(base, 'naisjob-deploy');
}

function binDirFor(build: ModuleBuild): string {
  const pins = readFileSync(path.join(modulesDir, build.module, 'go.mod'), 'utf8');
  const sums = readFileSync(path.join(modulesDir, build.module, 'go.sum'), 'utf8');
  const key = createHash('sha256').update(pins).update(sums).update(build.ldflags).digest('hex').slice(0, 12);
  return path.join(cacheDir(), 'components', `${build.module}-${key}`);
}

/** Paths of every component binary, building what is missing. */
export async function ensureComponents(
  log: (line: string) => void = console.log,
): Promise<Record<ComponentName, string>> {
  const paths: Partial<Record<ComponentName, string>> = {};
  for (const build of builds) {
    const dir = binDirFor(build);
    const names = Object.keys(build.packages) as ComponentName[];
    if (!names.every((name) => existsSync(path.join(dir, name)))) await buildModule(build, dir, log);
    for (const name of names) paths[name] = path.join(dir, name);
  }
  return paths as Record<ComponentName, string>;
}

async function buildModule(build: ModuleBuild, dir: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const staging = `${dir}.partial-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  const names = Object.keys(build.packages).join(', ');
  log(`Building ${names} from cluster/modules/${build.module} (once per machine; it can take 10-20 minutes)…`);
  // With one package, -o names the binary (etcd's main package is called "server").
  const single = Object.keys(build.packages);
  const output = single.length === 1 ? path.join(staging, single[0] ?? '') : `${staging}/`;
  let compiled = 0;
  let lastReport = Date.now();
  const child = spawn(
    'go',
    ['build', '-v', '-trimpath', '-ldflags', build.ldflags, '-o', output, ...Object.values(build.packages)],
    {
      cwd: path.join(modulesDir, build.module),
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-p=2', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const errors: string[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line === '') continue;
      // `go build -v` names each package as it is compiled; anything else is a message.
      if (/^[\w.-]+(\/[\w.~+-]+)*$/.test(line)) compiled += 1;
      else errors.push(line);
    }
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      log(`  … ${names}: ${compiled} packages compiled, ${Math.round((Date.now() - started) / 1000)}s so far`);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Building ${names} failed (exit ${code}):\n${errors.slice(-30).join('\n')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log(`Built ${names} in ${Math.round((Date.now() - started) / 1000)}s (${compiled} packages) into ${dir}`);
}

/** Tools the checks and tests run, built like the components but only when asked for. */
const tools = {
  actionlint: {
    module: 'actionlint',
    packages: { actionlint: 'github.com/rhysd/actionlint/cmd/actionlint' },
    ldflags: '-s -w',
  },
  // The fault-injection proxy between the action and kube-apiserver (`npm run faults`, a test).
  toxiproxy: {
    module: 'toxiproxy',
    packages: { toxiproxy: 'github.com/Shopify/toxiproxy/v2/cmd/server' },
    ldflags: '-s -w',
  },
} as const;

/** The path of a tool's binary, building it once per machine when missing. */
export async function ensureTool(name: keyof typeof tools, log: (line: string) => void = console.log): Promise<string> {
  const build: ModuleBuild = tools[name];
  const dir = binDirFor(build);
  const file = path.join(dir, name);
  if (!existsSync(file)) await buildModule(build, dir, log);
  return file;
}

if (import.meta.main) {
  const started = Date.now();
  const paths = await ensureComponents();
  console.log(`Cluster components ready in ${Math.round((Date.now() - started) / 1000)}s:`);
  for (const [name, file] of Object.entries(paths)) console.log(`  ${name}: ${file}`);
}
