import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import { setSecret } from '../log-sinks.ts';
import type { Reporter } from '../report/reporter.ts';
import { kubeconfigUserSecrets } from './kubeconfig-secrets.ts';

export interface ClusterAccess {
  /** Kubeconfig content from the action's input. */
  kubeconfig: string | undefined;
  /** A kubeconfig file to read instead (the command line's --kubeconfig). */
  kubeconfigFile?: string | undefined;
  context: string | undefined;
  /** How messages name the context setting: the action's "Input 'context'", the command line's "Flag --context". */
  contextDescribed?: string | undefined;
}

/**
 * The kubeconfig content if given, else KUBECONFIG or ~/.kube/config, else the in-cluster
 * service account (client-node's loadFromDefault covers the last three).
 */
export function loadKubeConfig(access: ClusterAccess): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    if (access.kubeconfig) kubeConfig.loadFromString(access.kubeconfig);
    else if (access.kubeconfigFile) kubeConfig.loadFromFile(access.kubeconfigFile);
    else kubeConfig.loadFromDefault();
  } catch (error) {
    throw new Error(
      `${capitalised(kubeconfigSource(access))} is not a valid kubeconfig: ${kubeconfigProblem(error)}. Give the whole file's YAML content, with clusters, users and contexts.`,
      { cause: error },
    );
  }
  // The input was masked as it was read; a file found by default was not.
  if (!access.kubeconfig) maskUsers(kubeConfig);
  keepGitHubTokensFromPlugins(kubeConfig);
  if (access.context) {
    if (!kubeConfig.getContextObject(access.context)) {
      const known = kubeConfig.getContexts().map((c) => c.name);
      throw new Error(
        `${access.contextDescribed ?? "Input 'context'"} has the value '${access.context}', which the kubeconfig does not have. Its contexts are: ${known.join(', ') || '(none)'}.`,
      );
    }
    kubeConfig.setCurrentContext(access.context);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new Error(
      `The kubeconfig has no usable current context${kubeConfig.getCurrentContext() ? ` ('${kubeConfig.getCurrentContext()}' names no cluster)` : ''}. Set current-context, or give ${(access.contextDescribed ?? "Input 'context'").replace(/^Input/, 'the input').replace(/^Flag/, 'the flag')}.`,
    );
  }
  return kubeConfig;
}

/**
 * Why a kubeconfig did not load, without its text: a YAML error's message quotes the lines around it,
 * and a line cut there slips past masking. Only the reason, line and column. Pure.
 */
export function kubeconfigProblem(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'reason' in error && 'mark' in error) {
    const { reason, mark } = error as { reason: unknown; mark: { line?: unknown; column?: unknown } | undefined };
    const line = typeof mark?.line === 'number' ? mark.line + 1 : undefined;
    const column = typeof mark?.column === 'number' ? mark.column + 1 : undefined;
    return `${String(reason)}${line ? ` at line ${line}${column ? `, column ${column}` : ''}` : ''}`;
  }
  // Other errors (a missing file, a user without a name) name fields, not values; keep their first line only.
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
}

/** Where the kubeconfig comes from, as a sentence names it. */
export function kubeconfigSource(
  access: ClusterAccess,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  if (access.kubeconfig) return "the 'kubeconfig' input";
  if (access.kubeconfigFile) return `the kubeconfig file ${access.kubeconfigFile}`;
  if (env.KUBECONFIG) return `the kubeconfig file(s) in KUBECONFIG (${env.KUBECONFIG})`;
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (exists(home)) return `the kubeconfig file ${home}`;
  if (env.KUBERNETES_SERVICE_HOST) return 'the in-cluster service account';
  return 'the default kubeconfig (none was found: no input, no KUBECONFIG, no ~/.kube/config)';
}

/** Connections that expose the credential to whoever sits between the runner and the server. Pure. */
export function connectionWarnings(cluster: Pick<Cluster, 'name' | 'server' | 'skipTLSVerify'>): string[] {
  const warnings: string[] = [];
  if (cluster.server.toLowerCase().startsWith('http://')) {
    warnings.push(
      `The kubeconfig's cluster '${cluster.name}' is reached over plain http (${cluster.server}): the credential and everything sent travel unencrypted. Use https.`,
    );
  } else if (cluster.skipTLSVerify) {
    warnings.push(
      `The kubeconfig's cluster '${cluster.name}' sets insecure-skip-tls-verify: the server's certificate is not checked, so anyone between the runner and ${cluster.server} can pose as it and take the credential. Give certificate-authority-data instead.`,
    );
  }
  return warnings;
}

/** The line that says which cluster and which credentials the step uses, and any warnings about them. */
export function describeClusterAccess(
  kubeConfig: KubeConfig,
  access: ClusterAccess,
): { info: string; warnings: string[] } {
  const cluster = kubeConfig.getCurrentCluster();
  const context = kubeConfig.getCurrentContext();
  return {
    info: `Cluster ${cluster?.server ?? '(none)'}, context '${context}', from ${kubeconfigSource(access)}.`,
    warnings: cluster ? connectionWarnings(cluster) : [],
  };
}

/** Says which cluster and credentials the step uses: an empty input falls back to ambient ones. */
export function reportClusterAccess(kubeConfig: KubeConfig, access: ClusterAccess, reporter: Reporter): void {
  const { info, warnings } = describeClusterAccess(kubeConfig, access);
  reporter.info(info);
  for (const warning of warnings) reporter.warning(warning);
}

function maskUsers(kubeConfig: KubeConfig): void {
  try {
    for (const secret of kubeconfigUserSecrets(JSON.parse(kubeConfig.exportConfig()))) setSecret(secret);
  } catch {
    // exportConfig of what loaded cannot fail in practice; a kubeconfig left unmasked is worse than none.
    throw new Error('Could not read the kubeconfig users to mask their credentials.');
  }
}

/**
 * Variables an exec credential plugin must not see: the action's inputs (`INPUT_GITHUB-TOKEN` among
 * them) and GitHub's tokens. PATH, HOME and the cloud's own variables stay, as plugins such as
 * gke-gcloud-auth-plugin need them.
 */
const hiddenFromPlugins =
  /^(INPUT_.*|GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL)$/i;

/** The environment an exec plugin gets: the step's, without {@link hiddenFromPlugins}. Pure. */
export function pluginEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !hiddenFromPlugins.test(name)));
}

type Spawn = (command: string, args: readonly string[], options?: SpawnOptions) => ReturnType<typeof spawn>;

/**
 * client-node's ExecAuth spawns the plugin with `process.env` (plus the kubeconfig's `env`) and offers
 * no option for it, but keeps its spawn function in a field; wrapping that is the one place to filter.
 * When the field is not there (another client version), the plugin gets the whole environment:
 * throwing would break every exec kubeconfig, and the README's trust model says so.
 */
function keepGitHubTokensFromPlugins(kubeConfig: KubeConfig): void {
  const authenticators = (kubeConfig as unknown as { authenticators?: unknown }).authenticators;
  for (const authenticator of Array.isArray(authenticators) ? authenticators : []) {
    const holder = authenticator as { execFn?: Spawn };
    if (typeof holder.execFn !== 'function') continue;
    const original = holder.execFn;
    holder.execFn = (command, args, options) =>
      original(command, args, { ...options, env: pluginEnvironment(options?.env ?? process.env) });
  }
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
