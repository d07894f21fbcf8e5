// Checks the rendered documents before any API call: Naisjobs fully, other kinds for what any object needs. Pure.
import { fieldAt, hasText, matchesDnsLabel } from '../guards.ts';
import { location } from './errors.ts';
import { lineOf, sourceTextOf, type ManifestDocument } from './parse.ts';
import { imageFromInput, roleOf, supportedApiVersion, supportedKind } from './documents.ts';
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
  /** The workload image input: an Image resource gives the Naisjob named after it its image. */
  workloadImageFor?: string | undefined;
  /** Files that use templating; there the image input reaches a manifest only as `{{image}}`. */
  templatedFiles?: ReadonlySet<string>;
  /** Files with template markers that were not templated, because no variable was given (as in NAIS deploy). */
  untemplatedFiles?: ReadonlySet<string>;
}

/** Naiserator names the CronJob after the Naisjob, and Kubernetes limits CronJob names to 52 characters. */
export const maxNameLength = 52;

/** `nais/job.yaml:3: metadata.name 'My_Job' is not a valid name: …`. */
export function formatFinding(finding: Finding): string {
  return `${location(finding.file, finding.line)}: ${finding.message}`;
}

/**
 * Checks every rendered document, each on its own and then for duplicates across all files: Naisjobs fully,
 * other kinds for what any Kubernetes object needs (the cluster's strict validation does the rest).
 */
export function validateDocuments(documents: readonly ManifestDocument[], options: ValidationOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, ManifestDocument>();
  for (const doc of documents) {
    const own = roleOf(doc.value) === 'naisjob' ? validateNaisjob(doc, options) : validateOtherDocument(doc);
    findings.push(...own);
    if (own.length > 0) continue;
    const kind = String(fieldAt(doc.value, ['kind']));
    const name = String(fieldAt(doc.value, ['metadata', 'name']));
    const namespace = fieldAt(doc.value, ['metadata', 'namespace']);
    const key = `${String(fieldAt(doc.value, ['apiVersion']))}/${kind}/${typeof namespace === 'string' ? namespace : ''}/${name}`;
    const first = seen.get(key);
    if (first) {
      const at = location(first.file, lineOf(first, ['metadata', 'name']));
      const where = typeof namespace === 'string' && namespace !== '' ? ` in namespace '${namespace}'` : '';
      findings.push(
        finding(
          doc,
          'metadata.name',
          name,
          `${kind} '${name}'${where} is also defined at ${at}: deploy each resource once, so remove one of them or rename it.`,
        ),
      );
    } else {
      seen.set(key, doc);
    }
  }
  return findings;
}

/** A document that is not a Naisjob: refused if it is an Application, else it needs an apiVersion, a kind and a name. */
export function validateOtherDocument(doc: ManifestDocument): Finding[] {
  const apiVersion = fieldAt(doc.value, ['apiVersion']);
  const kind = fieldAt(doc.value, ['kind']);
  if (kind === 'Application' && typeof apiVersion === 'string' && apiVersion.startsWith('nais.io/')) {
    return [
      finding(
        doc,
        'kind',
        kind,
        `kind Application is not deployed by this action, which deploys Naisjobs and what they need (Secrets, Topics, Jobs and other resources). Deploy Applications with NAIS deploy (nais/deploy/actions/deploy), or move this document to a file of its own.`,
      ),
    ];
  }
  if (typeof apiVersion !== 'string' || apiVersion.trim() === '') {
    return [
      finding(
        doc,
        'apiVersion',
        apiVersion,
        `apiVersion is ${shown(apiVersion)}: every document needs one, such as v1.`,
      ),
    ];
  }
  if (typeof kind !== 'string' || kind.trim() === '') {
    return [finding(doc, 'kind', kind, `kind is ${shown(kind)}: every document needs one, such as Secret.`)];
  }
  const name = fieldAt(doc.value, ['metadata', 'name']);
  if (typeof name !== 'string' || name.trim() === '') {
    return [finding(doc, 'metadata.name', name, `metadata.name of this ${kind} is ${shown(name)}: give it a name.`)];
  }
  return [];
}

/** Checks one rendered document. Documents of another kind are reported and not checked further. */
export function validateNaisjob(doc: ManifestDocument, options: ValidationOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const manifest = doc.value;
  const apiVersion = fieldAt(manifest, ['apiVersion']);
  const kind = fieldAt(manifest, ['kind']);
  if (kind !== supportedKind) return validateOtherDocument(doc);
  if (apiVersion !== supportedApiVersion) {
    return [
      finding(
        doc,
        'apiVersion',
        apiVersion,
        `apiVersion is ${shown(apiVersion)}, but Naisjobs have only apiVersion ${supportedApiVersion}: write apiVersion: ${supportedApiVersion}.`,
      ),
    ];
  }

  findings.push(...checkName(doc), ...checkNamespace(doc), ...checkSchedule(doc), ...checkTimeZone(doc));
  findings.push(...checkImage(doc, options));
  return findings;
}

function checkName(doc: ManifestDocument): Finding[] {
  const name = fieldAt(doc.value, ['metadata', 'name']);
  const rule = `use at most ${maxNameLength} lowercase letters, digits and '-', starting and ending with a letter or digit (naiserator names the CronJob after the Naisjob, and CronJob names are limited to ${maxNameLength} characters).`;
  if (!hasText(name)) {
    return [finding(doc, 'metadata.name', name, `metadata.name is missing: give the Naisjob a name; ${rule}`)];
  }
  if (typeof name !== 'string' || !matchesDnsLabel(name)) {
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
  const namespace = fieldAt(doc.value, ['metadata', 'namespace']);
  const team = fieldAt(doc.value, ['metadata', 'labels', 'team']);
  // NAIS deploy sends a document without a namespace to the cluster-wide path, which fails for a
  // Naisjob (nais/deploy pkg/deployd/kubeclient/kubeclient.go); the team label only picks the identity.
  if (!hasText(namespace)) {
    const hint = typeof team === 'string' && matchesDnsLabel(team) ? team : '<your team>';
    return [
      finding(
        doc,
        'metadata.namespace',
        namespace,
        hasText(team)
          ? `metadata.namespace is missing; the team label alone does not place the Naisjob, and NAIS deploy fails on it too. Write metadata.namespace: ${hint}.`
          : `metadata.namespace is missing: write metadata.namespace: ${hint}, your team's namespace (NAIS teams deploy into the namespace named after the team).`,
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
  const field = 'metadata.namespace';
  const value = namespace;
  if (typeof value !== 'string' || !matchesDnsLabel(value) || value.length > 63) {
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
  const schedule = fieldAt(doc.value, ['spec', 'schedule']);
  if (schedule === undefined || schedule === null) return [];
  const problem =
    typeof schedule === 'string' ? scheduleProblem(schedule) : 'it must be text; quote it, such as "0 3 * * *"';
  if (problem === undefined) return [];
  return [
    finding(doc, 'spec.schedule', schedule, `spec.schedule ${shown(schedule)} is not a valid schedule: ${problem}.`),
  ];
}

function checkTimeZone(doc: ManifestDocument): Finding[] {
  const timeZone = fieldAt(doc.value, ['spec', 'timeZone']);
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
  const hint = options.untemplatedFiles?.has(doc.file)
    ? ' This file has template markers, but no variable was given (no image, vars or var input), so it was not templated, as in NAIS deploy: give the variables it uses.'
    : '';
  const image = fieldAt(doc.value, ['spec', 'image']);
  if (image !== undefined && image !== null && typeof image !== 'string') {
    return [
      finding(doc, 'spec.image', image, `spec.image ${shown(image)} must be text, such as ghcr.io/org/job:1.0.${hint}`),
    ];
  }
  // An image that can never be pulled; the CRD checks nothing, so the step would wait until its timeout.
  if (typeof image === 'string' && hasText(image)) {
    if (image.includes('{{') || image.includes('}}'))
      return [finding(doc, 'spec.image', image, `spec.image ${shown(image)} still holds template markers.${hint}`)];
    if (/\s/.test(image))
      return [
        finding(doc, 'spec.image', image, `spec.image ${shown(image)} contains white space, which no image name has.`),
      ];
    return [];
  }
  if (options.workloadImageFor !== undefined && options.workloadImageFor === fieldAt(doc.value, ['metadata', 'name'])) {
    return [];
  }
  const templated = options.templatedFiles?.has(doc.file) ?? false;
  if (imageFromInput(doc.value, templated, options.imageInput) !== undefined) return [];
  const message =
    options.imageInput === undefined || options.imageInput === ''
      ? "spec.image is not set and the action's image input is empty: set spec.image in the manifest or give the image input."
      : "spec.image is not set: this file uses template variables, so the image input reaches it only as the variable 'image'; write image: {{image}} under spec.";
  return [finding(doc, 'spec.image', image, `${message}${hint}`)];
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

/** A value quoted for a message: `'text'`, or its JSON for anything else; `missing` when absent. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
