import * as core from '@actions/core';
import { debug, setSecret } from './log-sinks.ts';
import { durationRangeProblem, parseDuration } from './duration.ts';
import { imageReferenceProblem } from './image-reference.ts';
import { Inputs, type InputName } from './io-names.ts';
import { checkTtl, defaultPreviewTtl } from './preview/preview.ts';
import { kubeconfigTextSecrets } from './cluster/kubeconfig-secrets.ts';

/** One template variable given inline, in the order it was written. */
export interface InlineVariable {
  key: string;
  /** A bare `key` means boolean true, as in NAIS deploy. */
  value: string | boolean;
}

/**
 * deploy: apply and wait; run: start a Job from the CronJob now; deploy-then-run: both;
 * preview: deploy-then-run a pull request's copy; cleanup: delete a pull request's copies.
 */
export const modes = ['deploy', 'run', 'deploy-then-run', 'preview', 'cleanup'] as const;
export type Mode = (typeof modes)[number];

/** Everything the action was asked to do, read and checked once. */
export interface Settings {
  /** Paths or globs of the Naisjob YAML/JSON files, in the order given. */
  resources: string[];
  /** The image; it becomes the template variable `image`. */
  image: string | undefined;
  /** NAIS deploy's WORKLOAD_IMAGE: an `Image` resource named after the workload carries it. */
  workloadImage: string | undefined;
  /** NAIS deploy's WORKLOAD_NAME: the workload the Image is for; found in the files when empty. */
  workloadName: string | undefined;
  /** A YAML or JSON file of template variables. */
  varsFile: string | undefined;
  /** Inline `key=value` variables; they override the vars file. */
  variables: InlineVariable[];
  /** Kubeconfig content; masked as a secret as soon as it is read. */
  kubeconfig: string | undefined;
  /** Kubeconfig context to use instead of its current one. */
  context: string | undefined;
  /** Sign in with the workflow's GitHub ID token instead of a kubeconfig (`oidc-audience`). */
  keyless: KeylessAccess | undefined;
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
  /** The pull request of a preview or cleanup, when given as an input rather than by the event. */
  pullRequest: number | undefined;
  /** `spec.ttl` of a preview: a Go duration. */
  previewTtl: string;
  /** Keep one comment on the pull request up to date with the preview's result. */
  comment: boolean;
  /** For the pull-request comment; masked. */
  githubToken: string | undefined;
}

/** A cluster reached with the workflow's GitHub ID token: no kubeconfig, no stored secret. */
export interface KeylessAccess {
  /** The `aud` the ID token is asked for; the cluster's JWT authenticator must list it. */
  audience: string;
  /** The API server, https only. */
  server: string;
  /** PEM certificates that signed the server's certificate; the system's roots when absent. */
  certificateAuthority: string | undefined;
}

export const defaultTimeout = '10m';

/** Where input values come from: the workflow step's inputs, or a command line's flags. */
export interface InputSource {
  get(name: InputName): string;
  /** How an error names the input: "Input 'mode'" or "Flag --mode". */
  describe(name: InputName): string;
}

export const actionInputs: InputSource = {
  get: (name) => core.getInput(name),
  describe: (name) => `Input '${name}'`,
};

/** The only reader of the inputs; errors name the input and its value. */
export function readSettings(source: InputSource = actionInputs): Settings {
  const read = new InputReader(source);
  const kubeconfig = read.optional(Inputs.kubeconfig);
  if (kubeconfig) maskKubeconfig(kubeconfig);
  const settings: Settings = {
    resources: splitList(source.get(Inputs.resource)),
    image: read.optional(Inputs.image),
    workloadImage: read.optional(Inputs.workloadImage),
    workloadName: read.optional(Inputs.workloadName),
    varsFile: read.optional(Inputs.vars),
    variables: parseInlineVariables(source.get(Inputs.var)),
    kubeconfig,
    context: read.optional(Inputs.context),
    keyless: readKeyless(read, source, kubeconfig),
    timeoutMs: read.duration(Inputs.timeout, defaultTimeout),
    dryRun: read.boolean(Inputs.dryRun, false),
    printPayload: read.boolean(Inputs.printPayload, false),
    mode: read.choice(Inputs.mode, modes, 'deploy'),
    wait: read.boolean(Inputs.wait, true),
    logs: read.boolean(Inputs.logs, true),
    onCancel: read.choice(Inputs.onCancel, ['leave', 'delete'] as const, 'leave'),
    stuckAfterMs: read.duration(Inputs.stuckAfter, '1m'),
    pullRequest: read.positiveInteger(Inputs.pullRequest),
    previewTtl: read.optional(Inputs.previewTtl) ?? defaultPreviewTtl,
    comment: read.boolean(Inputs.comment, true),
    githubToken: read.optional(Inputs.githubToken),
  };
  if (settings.githubToken) setSecret(settings.githubToken);
  const imageProblem = settings.image
    ? imageReferenceProblem(settings.image, source.describe(Inputs.image))
    : undefined;
  if (imageProblem) throw new Error(imageProblem);
  const workloadImageProblem = settings.workloadImage
    ? imageReferenceProblem(settings.workloadImage, source.describe(Inputs.workloadImage))
    : undefined;
  if (workloadImageProblem) throw new Error(workloadImageProblem);
  // NAIS deploy refuses a workload name without an image (pkg/deployclient/config.go Validate).
  if (settings.workloadName && !settings.workloadImage) {
    throw new Error(
      `${source.describe(Inputs.workloadName)} is '${settings.workloadName}', but ${source.describe(Inputs.workloadImage)} is empty: the workload name only says which workload the workload image is for, so give the image too.`,
    );
  }
  const ttlProblem = checkTtl(settings.previewTtl);
  if (ttlProblem)
    throw new Error(ttlProblem.replace(`Input '${Inputs.previewTtl}'`, source.describe(Inputs.previewTtl)));
  debug(`settings: ${JSON.stringify(redactedSettings(settings))}`);
  return settings;
}

/**
 * `oidc-audience` with `server` (and perhaps `certificate-authority`), or none of them. Mixing them with a
 * kubeconfig would leave unclear which identity deploys, so that is refused.
 */
function readKeyless(
  read: InputReader,
  source: InputSource,
  kubeconfig: string | undefined,
): KeylessAccess | undefined {
  const audience = read.optional(Inputs.oidcAudience)?.trim();
  const server = read.optional(Inputs.server)?.trim();
  const certificateAuthority = read.optional(Inputs.certificateAuthority)?.trim();
  const audienceName = source.describe(Inputs.oidcAudience);
  if (!audience) {
    const stray = server ? Inputs.server : certificateAuthority ? Inputs.certificateAuthority : undefined;
    if (stray) {
      throw new Error(
        `${source.describe(stray)} is set, but ${audienceName} is empty: the server and its certificate authority are used only to sign in with the workflow's ID token. Set ${audienceName} to the audience the cluster expects, or put the server in the kubeconfig instead.`,
      );
    }
    return undefined;
  }
  if (kubeconfig) {
    throw new Error(
      `Both ${audienceName} and ${source.describe(Inputs.kubeconfig)} are set: give one way to sign in. With ${audienceName}, the step needs no kubeconfig.`,
    );
  }
  if (!server) {
    throw new Error(
      `${audienceName} is '${audience}', but ${source.describe(Inputs.server)} is empty: give the API server's URL, such as https://my-cluster.example.com:6443.`,
    );
  }
  if (!/^https:\/\/[^\s/]+/i.test(server)) {
    throw new Error(
      `${source.describe(Inputs.server)} has the value '${server}', which is not an https URL. The ID token is a credential: give the server as https://host[:port].`,
    );
  }
  if (certificateAuthority && !certificateAuthority.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(
      `${source.describe(Inputs.certificateAuthority)} holds no PEM certificate: give the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- (not base64 of it, not a file name).`,
    );
  }
  return { audience, server, certificateAuthority: certificateAuthority || undefined };
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
 * NAIS deploy's `VAR` (nais/deploy config.go `getEnvStringSlice`, template.go `templateVariablesFromSlice`):
 * split on every comma, lines or not, trim each part, then split it at its first `=`; a part without `=` is
 * the boolean true. A value cannot hold a comma. An empty part, as after a trailing comma, becomes the
 * variable `''` (true), which NAIS deploy keeps too; an empty input is no variable at all.
 */
export function parseInlineVariables(text: string): InlineVariable[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => parseInlineVariable(part.trim()));
}

/** One trimmed `key=value` or bare `key`; the key and value keep any spaces around the `=`. */
export function parseInlineVariable(part: string): InlineVariable {
  const at = part.indexOf('=');
  return at === -1 ? { key: part, value: true } : { key: part.slice(0, at), value: part.slice(at + 1) };
}

/** Typed reads of one input source, each failing with the input's name and value. */
class InputReader {
  private readonly source: InputSource;
  constructor(source: InputSource) {
    this.source = source;
  }

  optional(name: InputName): string | undefined {
    const value = this.source.get(name);
    return value === '' ? undefined : value;
  }

  boolean(name: InputName, fallback: boolean): boolean {
    const value = this.source.get(name);
    if (value === '') return fallback;
    if (/^(true|yes|on)$/i.test(value)) return true;
    if (/^(false|no|off)$/i.test(value)) return false;
    throw new Error(
      `${this.source.describe(name)} has the value '${value}', which is not a boolean. Use true or false.`,
    );
  }

  choice<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
    const value = this.source.get(name);
    if (value === '') return fallback;
    const choice = choices.find((c) => c === value.toLowerCase());
    if (choice === undefined) {
      throw new Error(`${this.source.describe(name)} has the value '${value}'. Use one of: ${choices.join(', ')}.`);
    }
    return choice;
  }

  positiveInteger(name: InputName): number | undefined {
    const value = this.source.get(name).trim().replace(/^#/, '');
    if (value === '') return undefined;
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
      throw new Error(
        `${this.source.describe(name)} has the value '${value}', which is not a pull request number such as 42.`,
      );
    }
    return Number(value);
  }

  duration(name: InputName, fallback: string): number {
    const value = this.source.get(name) || fallback;
    const milliseconds = parseDuration(value);
    if (milliseconds === undefined) {
      throw new Error(
        `${this.source.describe(name)} has the value '${value}', which is not a duration. Use a number with a unit, such as 90s, 10m or 1h30m.`,
      );
    }
    const problem = durationRangeProblem(milliseconds);
    if (problem) throw new Error(`${this.source.describe(name)} has the value '${value}', ${problem}.`);
    return Math.round(milliseconds);
  }
}

/**
 * Masks the kubeconfig and, separately, each credential its users hold, since the runner masks whole
 * values only. Read from the parsed document, so JSON, flow style and folded scalars are covered.
 */
function maskKubeconfig(content: string): void {
  setSecret(content);
  for (const secret of kubeconfigTextSecrets(content)) setSecret(secret);
}

/**
 * The settings as the debug line shows them: no kubeconfig, no token, and inline variables by name only
 * (a `var` entry is often a secret passed into the template). Pure.
 */
export function redactedSettings(settings: Settings): Record<string, unknown> {
  const hidden = (value: string | undefined): string | undefined => (value === undefined ? undefined : '***');
  return {
    ...settings,
    kubeconfig: hidden(settings.kubeconfig),
    githubToken: hidden(settings.githubToken),
    variables: settings.variables.map(({ key, value }) =>
      typeof value === 'boolean' ? { key, value } : { key, value: '***' },
    ),
  };
}
