import * as core from '@actions/core';
import { parseDuration } from './duration.ts';
import { Inputs, type InputName } from './io-names.ts';

/** One template variable given inline, in the order it was written. */
export interface InlineVariable {
  key: string;
  /** A bare `key` means boolean true, as in NAIS deploy. */
  value: string | boolean;
}

/** deploy: apply and wait; run: start a Job from the CronJob now; deploy-then-run: both. */
export const modes = ['deploy', 'run', 'deploy-then-run'] as const;
export type Mode = (typeof modes)[number];

/** Everything the action was asked to do, read and checked once. */
export interface Settings {
  /** Paths or globs of the Naisjob YAML/JSON files, in the order given. */
  resources: string[];
  /** The image; it becomes the template variable `image`. */
  image: string | undefined;
  /** A YAML or JSON file of template variables. */
  varsFile: string | undefined;
  /** Inline `key=value` variables; they override the vars file. */
  variables: InlineVariable[];
  /** Kubeconfig content; masked as a secret as soon as it is read. */
  kubeconfig: string | undefined;
  /** Kubeconfig context to use instead of its current one. */
  context: string | undefined;
  /** One deadline for the whole step. */
  timeoutMs: number;
  /** Render, validate and dry-run on the server, changing nothing. */
  dryRun: boolean;
  /** Print the objects that would be sent. */
  printPayload: boolean;
  mode: Mode;
  /** Wait for the Jobs to finish. */
  wait: boolean;
  /** Stream the pods' logs. */
  logs: boolean;
  onCancel: 'leave' | 'delete';
  /** How long a pod may wait for an image or a secret before it counts as stuck. */
  stuckAfterMs: number;
}

export const defaultTimeout = '10m';

/** The only reader of the action's inputs. */
export function readSettings(): Settings {
  const kubeconfig = optional(Inputs.kubeconfig);
  if (kubeconfig) maskKubeconfig(kubeconfig);
  const settings: Settings = {
    resources: splitList(core.getInput(Inputs.resource)),
    image: optional(Inputs.image),
    varsFile: optional(Inputs.vars),
    variables: parseInlineVariables(core.getInput(Inputs.var)),
    kubeconfig,
    context: optional(Inputs.context),
    timeoutMs: readDuration(Inputs.timeout, defaultTimeout),
    dryRun: readBoolean(Inputs.dryRun, false),
    printPayload: readBoolean(Inputs.printPayload, false),
    mode: readChoice(Inputs.mode, modes, 'deploy'),
    wait: readBoolean(Inputs.wait, true),
    logs: readBoolean(Inputs.logs, true),
    onCancel: readChoice(Inputs.onCancel, ['leave', 'delete'] as const, 'leave'),
    stuckAfterMs: readDuration(Inputs.stuckAfter, '1m'),
  };
  core.debug(`settings: ${JSON.stringify({ ...settings, kubeconfig: kubeconfig ? '***' : undefined })}`);
  return settings;
}

function optional(name: InputName): string | undefined {
  const value = core.getInput(name);
  return value === '' ? undefined : value;
}

/** Splits on newlines, or on commas when the value is one line; drops blanks. */
export function splitList(text: string): string[] {
  const separator = text.includes('\n') ? /\r?\n/ : /,/;
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * NAIS deploy's `VAR` syntax: `k=v`, split at the first `=`; a bare `k` is true.
 * Written on one line, entries are comma-separated (values cannot hold commas);
 * written one per line, values may hold commas.
 */
export function parseInlineVariables(text: string): InlineVariable[] {
  return splitList(text).map((entry) => {
    const at = entry.indexOf('=');
    if (at === -1) return { key: entry, value: true };
    const key = entry.slice(0, at).trim();
    if (key === '') {
      throw new Error(
        `Input '${Inputs.var}' has the entry '${entry}', which has no name before '='. Write entries as key=value.`,
      );
    }
    return { key, value: entry.slice(at + 1) };
  });
}

function readBoolean(name: InputName, fallback: boolean): boolean {
  const value = core.getInput(name);
  if (value === '') return fallback;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  throw new Error(`Input '${name}' has the value '${value}', which is not a boolean. Use true or false.`);
}

function readChoice<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
  const value = core.getInput(name);
  if (value === '') return fallback;
  const choice = choices.find((c) => c === value.toLowerCase());
  if (choice === undefined) {
    throw new Error(`Input '${name}' has the value '${value}'. Use one of: ${choices.join(', ')}.`);
  }
  return choice;
}

function readDuration(name: InputName, fallback: string): number {
  const value = core.getInput(name) || fallback;
  const milliseconds = parseDuration(value);
  if (milliseconds === undefined) {
    throw new Error(
      `Input '${name}' has the value '${value}', which is not a duration. Use a number with a unit, such as 90s, 10m or 1h30m.`,
    );
  }
  return milliseconds;
}

const secretKubeconfigKeys =
  /^\s*-?\s*(token|client-key-data|client-certificate-data|password|id-token|refresh-token)\s*:\s*(\S+)/;

/** Masks the kubeconfig and, separately, each credential in it, since the runner masks whole values only. */
function maskKubeconfig(content: string): void {
  core.setSecret(content);
  for (const line of content.split(/\r?\n/)) {
    const match = secretKubeconfigKeys.exec(line);
    const secret = match?.[2]?.replace(/^["']|["']$/g, '');
    if (secret) core.setSecret(secret);
  }
}
