import { location } from './errors.ts';
import { lineOf, sourceTextOf, type ManifestDocument } from './parse.ts';
import { scheduleProblem } from './schedule.ts';

/** A problem found before any API call, pointing at the field to change. */
export interface Finding {
  file: string;
  /** 1-based. */
  line: number;
  /** Such as `metadata.name`. */
  field: string;
  value: unknown;
  /** What is wrong and what to do, without the location (see {@link formatFinding}). */
  message: string;
}

export interface ValidationOptions {
  /** The action's `image` input. */
  imageInput?: string | undefined;
  /** Files that use templating; there the image input reaches a manifest only as `{{image}}`. */
  templatedFiles?: ReadonlySet<string>;
}

export const supportedApiVersion = 'nais.io/v1';
export const supportedKind = 'Naisjob';
/** Naiserator names the CronJob after the Naisjob, and Kubernetes limits CronJob names to 52 characters. */
export const maxNameLength = 52;

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `nais/job.yaml:3: metadata.name 'My_Job' is not a valid name: …`. */
export function formatFinding(finding: Finding): string {
  return `${location(finding.file, finding.line)}: ${finding.message}`;
}

/**
 * Decides whether the image input goes into a rendered Naisjob's `spec.image`:
 * - a `spec.image` written in the manifest wins; the input never overrides what the file says;
 * - a file with template markers receives the input only as the variable `image` (`{{image}}`);
 * - a plain file without `spec.image` gets the input as its `spec.image`, as it has no other way to receive it.
 * Returns the image to set, or undefined to leave the manifest as it is.
 */
export function imageFromInput(
  manifest: unknown,
  fileHasTemplateMarkers: boolean,
  imageInput: string | undefined,
): string | undefined {
  if (imageInput === undefined || imageInput === '' || fileHasTemplateMarkers) return undefined;
  return hasText(get(manifest, ['spec', 'image'])) ? undefined : imageInput;
}

/** A copy of the manifest with `spec.image` set. */
export function withImage(manifest: unknown, image: string): unknown {
  const object = isRecord(manifest) ? manifest : {};
  const spec = isRecord(object.spec) ? object.spec : {};
  return { ...object, spec: { ...spec, image } };
}

/** Checks rendered Naisjob documents, each on its own and then for duplicates across all files. */
export function validateNaisjobs(documents: readonly ManifestDocument[], options: ValidationOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, ManifestDocument>();
  for (const doc of documents) {
    findings.push(...validateNaisjob(doc, options));
    const name = get(doc.value, ['metadata', 'name']);
    const namespace = namespaceOf(doc.value);
    if (typeof name !== 'string' || namespace === undefined || !isNaisjob(doc.value)) continue;
    const key = `${namespace}/${name}`;
    const first = seen.get(key);
    if (first) {
      const at = location(first.file, lineOf(first, ['metadata', 'name']));
      findings.push(
        finding(
          doc,
          'metadata.name',
          name,
          `Naisjob '${name}' in namespace '${namespace}' is also defined at ${at}: deploy each Naisjob once, so remove one of them or rename it.`,
        ),
      );
    } else {
      seen.set(key, doc);
    }
  }
  return findings;
}

/** Checks one rendered document. Documents of another kind are reported and not checked further. */
export function validateNaisjob(doc: ManifestDocument, options: ValidationOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const manifest = doc.value;
  const apiVersion = get(manifest, ['apiVersion']);
  const kind = get(manifest, ['kind']);
  if (apiVersion !== supportedApiVersion) {
    findings.push(
      finding(
        doc,
        'apiVersion',
        apiVersion,
        `apiVersion is ${shown(apiVersion)}, but this action deploys only apiVersion ${supportedApiVersion}, kind ${supportedKind}.`,
      ),
    );
  }
  if (kind !== supportedKind) {
    findings.push(
      finding(
        doc,
        'kind',
        kind,
        `kind is ${shown(kind)}, but this action deploys only kind ${supportedKind} (apiVersion ${supportedApiVersion}); deploy other resources with NAIS deploy.`,
      ),
    );
  }
  if (findings.length > 0) return findings;

  findings.push(...checkName(doc), ...checkNamespace(doc), ...checkSchedule(doc), ...checkTimeZone(doc));
  findings.push(...checkImage(doc, options));
  return findings;
}

function checkName(doc: ManifestDocument): Finding[] {
  const name = get(doc.value, ['metadata', 'name']);
  const rule = `use at most ${maxNameLength} lowercase letters, digits and '-', starting and ending with a letter or digit (naiserator names the CronJob after the Naisjob, and CronJob names are limited to ${maxNameLength} characters).`;
  if (!hasText(name)) {
    return [finding(doc, 'metadata.name', name, `metadata.name is missing: give the Naisjob a name; ${rule}`)];
  }
  if (typeof name !== 'string' || !dnsLabel.test(name)) {
    return [finding(doc, 'metadata.name', name, `metadata.name ${shown(name)} is not a valid name: ${rule}`)];
  }
  if (name.length > maxNameLength) {
    return [
      finding(doc, 'metadata.name', name, `metadata.name '${name}' is ${name.length} characters, too long: ${rule}`),
    ];
  }
  return [];
}

function checkNamespace(doc: ManifestDocument): Finding[] {
  const namespace = get(doc.value, ['metadata', 'namespace']);
  const team = get(doc.value, ['metadata', 'labels', 'team']);
  if (!hasText(namespace) && !hasText(team)) {
    return [
      finding(
        doc,
        'metadata.namespace',
        namespace,
        "metadata.namespace is missing: set it to your team's namespace (NAIS teams deploy into the namespace named after the team), or set the label metadata.labels.team.",
      ),
    ];
  }
  if (hasText(namespace) && hasText(team) && namespace !== team) {
    return [
      finding(
        doc,
        'metadata.labels.team',
        team,
        `metadata.labels.team ${shown(team)} differs from metadata.namespace ${shown(namespace)}: NAIS teams deploy into the namespace named after the team, so make them the same.`,
      ),
    ];
  }
  const field = hasText(namespace) ? 'metadata.namespace' : 'metadata.labels.team';
  const value = hasText(namespace) ? namespace : team;
  if (typeof value !== 'string' || !dnsLabel.test(value) || value.length > 63) {
    return [
      finding(
        doc,
        field,
        value,
        `${field} ${shown(value)} is not a valid namespace: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit.`,
      ),
    ];
  }
  return [];
}

function checkSchedule(doc: ManifestDocument): Finding[] {
  const schedule = get(doc.value, ['spec', 'schedule']);
  if (schedule === undefined || schedule === null) return [];
  const problem =
    typeof schedule === 'string' ? scheduleProblem(schedule) : 'it must be text; quote it, such as "0 3 * * *"';
  if (problem === undefined) return [];
  return [
    finding(doc, 'spec.schedule', schedule, `spec.schedule ${shown(schedule)} is not a valid schedule: ${problem}.`),
  ];
}

function checkTimeZone(doc: ManifestDocument): Finding[] {
  const timeZone = get(doc.value, ['spec', 'timeZone']);
  if (timeZone === undefined || timeZone === null) return [];
  const problem = timeZoneProblem(timeZone);
  if (problem === undefined) return [];
  return [finding(doc, 'spec.timeZone', timeZone, `spec.timeZone ${shown(timeZone)} ${problem}.`)];
}

/** Kubernetes loads the zone from the IANA database by its exact name and refuses `Local`. */
function timeZoneProblem(timeZone: unknown): string | undefined {
  const advice = 'use an IANA time zone name such as Europe/Oslo or UTC';
  if (typeof timeZone !== 'string' || timeZone === '' || timeZone.toLowerCase() === 'local') {
    return `is not an explicit time zone: ${advice}`;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return `is not a known time zone: ${advice}`;
  }
  // Intl ignores case, Kubernetes does not.
  if (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) {
    return `is not written as the time zone database writes it: use '${resolved}'`;
  }
  return undefined;
}

function checkImage(doc: ManifestDocument, options: ValidationOptions): Finding[] {
  const image = get(doc.value, ['spec', 'image']);
  if (image !== undefined && image !== null && typeof image !== 'string') {
    return [finding(doc, 'spec.image', image, `spec.image ${shown(image)} must be text, such as ghcr.io/org/job:1.0.`)];
  }
  if (hasText(image)) return [];
  const templated = options.templatedFiles?.has(doc.file) ?? false;
  if (imageFromInput(doc.value, templated, options.imageInput) !== undefined) return [];
  const message =
    options.imageInput === undefined || options.imageInput === ''
      ? "spec.image is not set and the action's image input is empty: set spec.image in the manifest or give the image input."
      : "spec.image is not set: this file uses template variables, so the image input reaches it only as the variable 'image'; write image: {{image}} under spec.";
  return [finding(doc, 'spec.image', image, message)];
}

/** The namespace the Naisjob goes to: metadata.namespace, else its team label. */
export function namespaceOf(manifest: unknown): string | undefined {
  const namespace = get(manifest, ['metadata', 'namespace']);
  if (typeof namespace === 'string' && namespace !== '') return namespace;
  const team = get(manifest, ['metadata', 'labels', 'team']);
  return typeof team === 'string' && team !== '' ? team : undefined;
}

function isNaisjob(manifest: unknown): boolean {
  return get(manifest, ['apiVersion']) === supportedApiVersion && get(manifest, ['kind']) === supportedKind;
}

function finding(doc: ManifestDocument, field: string, value: unknown, message: string): Finding {
  return {
    file: doc.file,
    line: lineOf(doc, field),
    field,
    value,
    message: `${message}${yamlReadingHint(doc, field, value)}`,
  };
}

/** For a field that YAML 1.1 read as a boolean or number, says so: `no` is false, `0755` is 493. */
function yamlReadingHint(doc: ManifestDocument, field: string, value: unknown): string {
  if (typeof value !== 'boolean' && typeof value !== 'number') return '';
  const source = sourceTextOf(doc, field);
  if (source === undefined) return '';
  return ` YAML reads the unquoted ${source} as ${JSON.stringify(value)}, as NAIS deploy does; write "${source}" to keep it as text.`;
}

function get(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/** A value quoted for a message: `'text'`, or its JSON for anything else; `missing` when absent. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
