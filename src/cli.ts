// `npx naisjob-deploy`: the action's code outside GitHub. Flags mirror the action's inputs;
// the report goes to the terminal instead of the workflow log and step summary.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { connectToCluster } from './cluster/connect.ts';
import type { ClusterGateway } from './cluster/gateway.ts';
import { retryNotice } from './cluster/retrying.ts';
import { cancelOnSignals } from './cancel.ts';
import { useTerminalSinks } from './log-sinks.ts';
import { execute, requestFromSettings } from './execute.ts';
import { Inputs, type InputName } from './io-names.ts';
import { failureLines, outcomeLines, outputsOf } from './outcome.ts';
import { reportFailure } from './report/failure.ts';
import { terminalReporter, type TerminalStream } from './report/terminal-reporter.ts';
import { readSettings, type InputSource, type Settings } from './settings.ts';
import { clientVersion } from './version.ts';

/** Flags that take a value; every input but `kubeconfig`, whose flag takes a file rather than content. */
const valueFlags = [
  Inputs.resource,
  Inputs.image,
  Inputs.workloadImage,
  Inputs.workloadName,
  Inputs.vars,
  Inputs.var,
  Inputs.context,
  Inputs.oidcAudience,
  Inputs.server,
  Inputs.timeout,
  Inputs.mode,
  Inputs.onCancel,
  Inputs.stuckAfter,
] as const;
const booleanFlags = [Inputs.dryRun, Inputs.printPayload, Inputs.wait, Inputs.logs] as const;
/**
 * Flags that may be given more than once. Their values join as the input's lines, except `--var`, whose
 * values join with commas, since the var input is split on commas only (as NAIS deploy's `--var` list is).
 */
const repeatable = new Set<string>([Inputs.resource, Inputs.var]);
const separators: Partial<Record<string, string>> = { [Inputs.var]: ',' };

export const usage = `Usage: naisjob-deploy [flags] [resource files...]

Deploys Naisjobs as the naisjob-deploy GitHub Action does, waits for naiserator and the Job,
and prints the Job's log and verdict. The flags are the action's inputs:

  --resource <file|glob>   Naisjob files (repeatable; positional arguments add to it)
  --image <image>          The image; the template variable 'image'
  --workload-image <image> An Image resource for the workload (NAIS deploy's WORKLOAD_IMAGE)
  --workload-name <name>   The workload the workload image is for (found when not given)
  --vars <file>            A YAML or JSON file of template variables
  --var <key=value>        A template variable (repeatable)
  --kubeconfig <file>      Kubeconfig file (default: KUBECONFIG or ~/.kube/config)
  --context <name>         Kubeconfig context
  --oidc-audience <aud>    Sign in with the workflow's GitHub ID token (in a workflow
                           step with id-token: write), instead of a kubeconfig
  --server <url>           The API server, with --oidc-audience
  --certificate-authority <file>
                           PEM file of the server's CA, with --oidc-audience
  --timeout <duration>     One deadline for everything (default 10m)
  --mode <mode>            deploy (default), run, or deploy-then-run
  --[no-]wait              Wait for the Jobs (default: wait)
  --[no-]logs              Stream the pods' logs (default: on)
  --on-cancel <what>       On Ctrl-C: leave (default) or delete the Jobs
  --stuck-after <duration> How long a pod may wait for an image or secret (default 1m)
  --dry-run                Validate on the server and show a diff; change nothing
  --print-payload          Print the objects sent to the cluster
  --help, --version

Exit status: 0 when everything succeeded, 1 when something failed, 2 for bad flags.`;

export type ParsedCommandLine =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; inputs: InputSource; kubeconfigPath: string | undefined; verbose: boolean };

/** Parses flags into an input source that reads like the action's inputs. Throws on bad flags. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    kubeconfig: { type: 'string' },
    [Inputs.certificateAuthority]: { type: 'string' },
  };
  for (const flag of valueFlags) options[flag] = { type: 'string', multiple: repeatable.has(flag) };
  for (const flag of booleanFlags) options[flag] = { type: 'boolean' };
  const { values, positionals } = parseArgs({
    args: [...argv],
    options,
    allowPositionals: true,
    allowNegative: true,
    strict: true,
  });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const inputs = new Map<InputName, string>();
  for (const flag of valueFlags) {
    const value = values[flag];
    if (Array.isArray(value)) inputs.set(flag, value.join(separators[flag] ?? '\n'));
    else if (typeof value === 'string') inputs.set(flag, value);
  }
  for (const flag of booleanFlags) {
    const value = values[flag];
    if (typeof value === 'boolean') inputs.set(flag, String(value));
  }
  if (positionals.length > 0) {
    inputs.set(Inputs.resource, [inputs.get(Inputs.resource), ...positionals].filter(Boolean).join('\n'));
  }
  const kubeconfig = values.kubeconfig;
  const certificateAuthority = values[Inputs.certificateAuthority];
  return {
    kind: 'run',
    inputs: {
      get: (name) =>
        name === Inputs.certificateAuthority && typeof certificateAuthority === 'string'
          ? readCertificateAuthority(certificateAuthority)
          : (inputs.get(name) ?? ''),
      describe: (name) => `Flag --${name}`,
    },
    kubeconfigPath: typeof kubeconfig === 'string' ? kubeconfig : undefined,
    verbose: values.verbose === true,
  };
}

/** The flag names a file, the input holds its PEM text. */
function readCertificateAuthority(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `Flag --${Inputs.certificateAuthority} names the file '${file}', which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      { cause: error },
    );
  }
}

export interface Terminal {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: TerminalStream;
  err: TerminalStream;
}

/** Runs the command line; resolves to the exit status. */
export async function runCommandLine(terminal: Terminal): Promise<number> {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(terminal.argv);
  } catch (error) {
    terminal.err.write(`naisjob-deploy: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.kind === 'help') {
    terminal.out.write(`${usage}\n`);
    return 0;
  }
  if (parsed.kind === 'version') {
    terminal.out.write(`${clientVersion}\n`);
    return 0;
  }
  const reporter = terminalReporter(terminal.out, terminal.err, terminal.env);
  useTerminalSinks(
    parsed.verbose
      ? (text) => {
          terminal.err.write(`debug: ${text}\n`);
        }
      : () => undefined,
  );
  const started = Date.now();
  let settings: Settings;
  try {
    settings = readSettings(parsed.inputs);
  } catch (error) {
    reporter.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (settings.resources.length === 0) {
    reporter.error('No Naisjob files: give them as arguments or with --resource.');
    return 2;
  }
  if (settings.keyless && parsed.kubeconfigPath) {
    reporter.error(
      `Both --${Inputs.oidcAudience} and --kubeconfig are given: give one way to sign in. With --${Inputs.oidcAudience}, no kubeconfig is needed.`,
    );
    return 2;
  }
  const cancel = cancelOnSignals((signal) => {
    reporter.warning(`Received ${signal}: stopping the wait.`);
  });
  let retried: ClusterGateway | undefined;
  try {
    const access = {
      ...settings,
      kubeconfigFile: parsed.kubeconfigPath,
      contextDescribed: parsed.inputs.describe(Inputs.context),
    };
    const gateway = await connectToCluster({
      access,
      reporter,
      fetchIdToken: (audience) => core.getIDToken(audience),
      env: terminal.env,
      retry: { deadline: started + settings.timeoutMs, signal: cancel.signal },
    });
    retried = gateway;
    const result = await execute(
      gateway,
      requestFromSettings(settings, { started, signal: cancel.signal, cwd: terminal.cwd, env: terminal.env }),
      reporter,
    );
    for (const line of outcomeLines(result)) reporter.info(line);
    const outputs = Object.entries(outputsOf(result)).filter(([, value]) => value !== '');
    reporter.info(outputs.map(([name, value]) => `${name}=${value}`).join('  '));
    const failures = failureLines(result);
    for (const failure of failures) reporter.error(failure);
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    reportFailure(error, reporter);
    return 1;
  } finally {
    // Said once, whatever the outcome: a step that needed retries shows it.
    const notice = retryNotice(retried?.retries?.() ?? 0);
    if (notice) reporter.info(notice);
    cancel.dispose();
  }
}
