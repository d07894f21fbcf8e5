// Figure 4: cold start. A tiny HTTPS server on loopback stands in as the kubeconfig's API server
// and notes when the first connection and the first request arrive; the figure is that moment
// minus the spawn of `node dist/index.js` (deploying one Naisjob, so the first request is the
// deploy's first call). It answers 403 so the action ends at once. Beside it, to say what holds
// the start back: bare `node -e 0`, the bundle doing nothing (no resource: it loads, reads its
// inputs and exits), the same first request with Node's compile cache warm (NODE_COMPILE_CACHE),
// one CPU profile of a start attributed to the bundle's source packages, and the bundle's size by
// package (from ncc's `CONCATENATED MODULE` markers).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import path from 'node:path';
import { actionEntry, actionStep } from '../action-step.ts';
import { Child } from './child.ts';
import { checkAborted, ms, now, sleep, type BenchContext } from './harness.ts';
import { writeNaisjob } from './naisjobs.ts';

export interface ColdStartSample {
  bareNodeExitMs: number;
  bundleNoopExitMs: number;
  firstConnectionMs: number | undefined;
  firstRequestMs: number | undefined;
  firstRequestCompileCacheMs: number | undefined;
}

export interface ProfileShare {
  what: string;
  selfMs: number;
  share: number;
}

export interface ColdStartResult {
  firstRequest: string | undefined;
  samples: ColdStartSample[];
  bundleBytes: Record<string, number>;
  bundleSha256: Record<string, string>;
  /** dist/index.js bytes by source package. */
  bundleByPackage: { what: string; bytes: number; share: number }[];
  /** One CPU profile of a start to the first request (and the exit after the 403). */
  profile: { totalMs: number; byCategory: ProfileShare[]; topFunctions: ProfileShare[] } | undefined;
}

const distFiles = ['dist/index.js', 'dist/cli/index.js'];

/** For each line of the bundle, the source package it came from. */
function bundleSources(bundle: string): { lineSource: string[]; bytes: Map<string, number> } {
  const lineSource: string[] = [];
  const bytes = new Map<string, number>();
  let current = '(bundle runtime)';
  for (const line of bundle.split('\n')) {
    const concatenated = /^;\/\/ CONCATENATED MODULE: (.*)$/.exec(line);
    if (concatenated) {
      current = packageOf(concatenated[1] ?? '');
    } else if (/^\/\*\*\*\/ \d+:$/.test(line)) {
      current = 'CommonJS modules (no path in the bundle)';
    }
    lineSource.push(current);
    bytes.set(current, (bytes.get(current) ?? 0) + line.length + 1);
  }
  return { lineSource, bytes };
}

function packageOf(source: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(source);
  if (!inModules) return source.startsWith('./src/') ? 'src/ (the action)' : source;
  const name = inModules[1] ?? '';
  if (name === '@kubernetes/client-node' && (inModules[2] ?? '').startsWith('dist/gen/')) {
    return '@kubernetes/client-node dist/gen (generated models and APIs)';
  }
  return name;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function analyseProfile(profile: CpuProfile, lineSource: readonly string[]): ColdStartResult['profile'] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  for (const [index, id] of profile.samples.entries()) {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfByNode) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    total += micros;
    let category: string;
    if (frame.url.endsWith('/dist/index.js')) category = `bundle: ${lineSource[frame.lineNumber] ?? '?'}`;
    else if (frame.url.startsWith('node:')) category = 'Node.js internals (module loading, incl. parsing the bundle)';
    else if (frame.url === '') category = `V8 ${frame.functionName || '(anonymous)'}`;
    else category = frame.url;
    byCategory.set(category, (byCategory.get(category) ?? 0) + micros);
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const shares = (map: Map<string, number>, limit: number): ProfileShare[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([what, micros]) => ({
        what,
        selfMs: ms(micros / 1000),
        share: Math.round((micros / total) * 1000) / 1000,
      }));
  return { totalMs: ms(total / 1000), byCategory: shares(byCategory, 12), topFunctions: shares(byFunction, 12) };
}

export async function coldStart(ctx: BenchContext, repetitions: number): Promise<ColdStartResult> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const pki = path.join(ctx.cluster.dir, 'pki');
  interface Arrivals {
    connection?: number;
    request?: number;
    what?: string;
  }
  const arrivals: Arrivals = {};
  // A call, so the compiler does not take the fields for unchanged across awaits.
  const arrived = (): Arrivals => arrivals;
  const server = createServer(
    { cert: readFileSync(path.join(pki, 'apiserver.crt')), key: readFileSync(path.join(pki, 'apiserver.key')) },
    (request, response) => {
      arrivals.request ??= now();
      arrivals.what ??= `${request.method ?? ''} ${request.url ?? ''}`;
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'forbidden: the cold-start bench ends here',
          reason: 'Forbidden',
          code: 403,
        }),
      );
    },
  );
  server.on('connection', () => {
    arrivals.connection ??= now();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: fake, cluster: { server: 'https://127.0.0.1:${port}', insecure-skip-tls-verify: true } }]
users: [{ name: fake, user: { token: cold-start } }]
contexts: [{ name: fake, context: { cluster: fake, user: fake } }]
current-context: fake
`;
  const cwd = mkdtempSync(path.join(ctx.work, 'cold-'));
  writeNaisjob(cwd, 'cold.yaml', { namespace: 'cold', name: 'cold' });
  const compileCache = path.join(ctx.work, 'compile-cache');
  mkdirSync(compileCache, { recursive: true });

  const deployStep = actionStep({ resource: 'cold.yaml', kubeconfig, timeout: '1m' });
  const noopStep = actionStep({ resource: '', kubeconfig, timeout: '1m' });
  const startToRequest = async (
    extraEnv: NodeJS.ProcessEnv,
    args: string[] = [],
  ): Promise<{ connection?: number; request?: number }> => {
    delete arrivals.connection;
    delete arrivals.request;
    const child = new Child('action', process.execPath, [...args, actionEntry], {
      cwd,
      env: { ...deployStep.env, ...extraEnv },
    });
    await child.finish(30_000);
    const { connection, request } = arrived();
    return {
      ...(connection !== undefined ? { connection: connection - child.started } : {}),
      ...(request !== undefined ? { request: request - child.started } : {}),
    };
  };
  const exitTime = async (args: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const child = new Child('node', process.execPath, args, { cwd, env });
    const exit = await child.finish(30_000);
    return exit.t - child.started;
  };

  const samples: ColdStartSample[] = [];
  try {
    // Warm-up: the file cache, and the compile cache's first fill.
    await startToRequest({});
    await startToRequest({ NODE_COMPILE_CACHE: compileCache });
    for (let round = 0; round < repetitions; round += 1) {
      checkAborted(ctx.signal);
      const bare = await exitTime(['-e', '0'], process.env);
      const noop = await exitTime([actionEntry], noopStep.env);
      const cold = await startToRequest({});
      const cached = await startToRequest({ NODE_COMPILE_CACHE: compileCache });
      samples.push({
        bareNodeExitMs: ms(bare),
        bundleNoopExitMs: ms(noop),
        firstConnectionMs: cold.connection === undefined ? undefined : ms(cold.connection),
        firstRequestMs: cold.request === undefined ? undefined : ms(cold.request),
        firstRequestCompileCacheMs: cached.request === undefined ? undefined : ms(cached.request),
      });
      await sleep(100, ctx.signal);
    }
    ctx.log(
      `  cold start: first request ${samples.map((s) => Math.round(s.firstRequestMs ?? Number.NaN)).join(', ')} ms`,
    );

    // One CPU profile, attributed to the bundle's sources.
    const profileDir = path.join(ctx.work, 'cpu-profile');
    mkdirSync(profileDir, { recursive: true });
    await startToRequest({}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=200']);
    const bundle = readFileSync(actionEntry, 'utf8');
    const { lineSource, bytes } = bundleSources(bundle);
    const profileFile = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    const profile = profileFile
      ? analyseProfile(JSON.parse(readFileSync(path.join(profileDir, profileFile), 'utf8')) as CpuProfile, lineSource)
      : undefined;
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const bundleBytes: Record<string, number> = {};
    const bundleSha256: Record<string, string> = {};
    for (const file of distFiles) {
      const content = readFileSync(path.join(root, file));
      bundleBytes[file] = content.length;
      bundleSha256[file] = createHash('sha256').update(content).digest('hex');
    }
    return {
      firstRequest: arrivals.what,
      samples,
      bundleBytes,
      bundleSha256,
      bundleByPackage: [...bytes.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([what, size]) => ({ what, bytes: size, share: Math.round((size / total) * 1000) / 1000 })),
      profile,
    };
  } finally {
    deployStep.dispose();
    noopStep.dispose();
    server.closeAllConnections();
    server.close();
  }
}
