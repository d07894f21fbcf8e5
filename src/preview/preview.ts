// Pull-request previews: the repository's Naisjob under a per-pull-request name, labelled so the cleanup on
// `closed` finds it, unscheduled so it runs once at deploy, with `spec.ttl` so a forgotten preview expires. Pure.
import { createHash } from 'node:crypto';
import { parseGoDuration } from '../duration.ts';
import { isRecord, matchesDnsLabel } from '../guards.ts';
import { maxNameLength } from '../manifest/validate.ts';

/** The label keys on every preview; NAIS copies a Naisjob's labels to its CronJob, Jobs and pods. */
export const previewLabels = {
  repository: 'naisjob-deploy.nais.io/repository',
  pullRequest: 'naisjob-deploy.nais.io/pull-request',
  commit: 'naisjob-deploy.nais.io/commit',
} as const;

/** The annotation that records the name of the Naisjob a preview was made from. */
export const previewOfAnnotation = 'naisjob-deploy.nais.io/preview-of';

/** How long a preview lives when the workflow does not say: a working day and a night. */
export const defaultPreviewTtl = '24h';

const ttlInput = 'preview-ttl';
const maxLabelValue = 63;
const hashLength = 8;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Eight hex digits of the SHA-256 of the text: stable across runs, so a preview keeps its name. */
const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, hashLength);

/**
 * The preview's Naisjob name: `<name>-pr-<number>`, a DNS-1123 label of at most 52 characters (naiserator
 * names the CronJob after the Naisjob, and CronJob names are limited to 52). A name that does not fit, or
 * that had to be cleaned (upper case, characters outside [a-z0-9-]), is cut and gets a short hash of the
 * full name, `<cut name>-<hash>-pr-<number>`, so two long names that share a prefix get different previews.
 */
export function previewName(naisjobName: string, pullRequest: number): string {
  const suffix = `-pr-${pullRequestNumber(pullRequest)}`;
  const cleaned = naisjobName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const plain = `${cleaned}${suffix}`;
  if (cleaned === naisjobName && plain.length <= maxNameLength && matchesDnsLabel(plain)) return plain;
  const room = maxNameLength - suffix.length - hashLength - 1;
  const base = cleaned.slice(0, room).replace(/-+$/, '');
  return `${base ? `${base}-` : ''}${shortHash(naisjobName)}${suffix}`;
}

/**
 * The values of {@link previewLabels}. Label values are at most 63 characters of [A-Za-z0-9._-] that start and
 * end with a letter or digit, so `navikt/my-repo` becomes `navikt.my-repo` (an owner has no dots, so the
 * first dot is the slash), lower-cased as GitHub treats repository names; a value that is too long or had
 * other characters replaced is cut and gets a short hash of the whole. The commit is cut to 40 characters.
 */
export function previewLabelValues(repository: string, pullRequest: number, sha: string): Record<string, string> {
  const repo = repository.toLowerCase();
  return {
    [previewLabels.repository]: labelValue(repo.replaceAll('/', '.'), repo),
    [previewLabels.pullRequest]: String(pullRequestNumber(pullRequest)),
    [previewLabels.commit]: labelValue(sha.toLowerCase().slice(0, 40), sha),
  };
}

/** The label selector for every preview of one pull request of one repository, whatever its Naisjob or commit. */
export function previewSelector(repository: string, pullRequest: number): string {
  const values = previewLabelValues(repository, pullRequest, '');
  return [previewLabels.repository, previewLabels.pullRequest].map((key) => `${key}=${values[key] ?? ''}`).join(',');
}

/**
 * Whether a Naisjob found by the preview labels is really a preview of this pull request, made by
 * {@link toPreview}: it records the Naisjob it previews, and its name is that Naisjob's preview name for
 * this pull request. Labels alone are not enough: anyone may copy them onto a Naisjob. Pure.
 */
export function isPreviewOfPullRequest(
  metadata: { name?: string | undefined; annotations?: Record<string, string> | undefined } | undefined,
  pullRequest: number,
): boolean {
  const of = metadata?.annotations?.[previewOfAnnotation];
  const name = metadata?.name;
  if (!of || !name || !name.endsWith(`-pr-${pullRequest}`)) return false;
  return previewName(of, pullRequest) === name;
}

/** The preview labels a Naisjob carries; a Naisjob deployed outside mode `preview` must carry none. Pure. */
export function previewLabelsOn(labels: Record<string, string> | undefined): string[] {
  return Object.values(previewLabels).filter((key) => labels?.[key] !== undefined);
}

export interface PreviewOptions {
  pullRequest: number;
  /** `owner/name`, as `GITHUB_REPOSITORY`. */
  repository: string;
  /** The commit the preview runs. */
  sha: string;
  /** A Go duration for `spec.ttl`; {@link defaultPreviewTtl} when not given. */
  ttl?: string | undefined;
}

/**
 * The preview of a rendered Naisjob, as a new object (the input is not changed):
 * - `metadata.name` from {@link previewName}, and the original name in the {@link previewOfAnnotation} annotation;
 * - the {@link previewLabels} added to the labels (`team` and the others kept); an `app` label is dropped, as
 *   NAIS sets `app` from the name and the original's value would make the preview look like the original;
 * - `spec.ttl` set, so NAIS deletes the preview when it expires;
 * - `spec.schedule` removed: an unscheduled Naisjob runs once at deploy;
 * - fields the API server fills in (`uid`, `resourceVersion`, …, `status`) left out, should a live object come in.
 * Throws when the Naisjob has no name or the ttl is not a positive Go duration.
 */
export function toPreview(naisjob: Record<string, unknown>, options: PreviewOptions): Record<string, unknown> {
  const ttl = options.ttl ?? defaultPreviewTtl;
  const ttlProblem = checkTtl(ttl);
  if (ttlProblem) throw new Error(ttlProblem);
  const copy = structuredClone(naisjob);
  const metadata = isRecord(copy.metadata) ? copy.metadata : {};
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    throw new Error('The Naisjob has no metadata.name, so it cannot be deployed as a preview.');
  }
  const {
    uid: _uid,
    resourceVersion: _resourceVersion,
    generation: _generation,
    creationTimestamp: _creationTimestamp,
    managedFields: _managedFields,
    ...keptMetadata
  } = metadata;
  const { app: _app, ...labels } = isRecord(metadata.labels) ? metadata.labels : {};
  const { schedule: _schedule, ...spec } = isRecord(copy.spec) ? copy.spec : {};
  const { status: _status, ...rest } = copy;
  return {
    ...rest,
    metadata: {
      ...keptMetadata,
      name: previewName(name, options.pullRequest),
      labels: { ...labels, ...previewLabelValues(options.repository, options.pullRequest, options.sha) },
      annotations: { ...(isRecord(metadata.annotations) ? metadata.annotations : {}), [previewOfAnnotation]: name },
    },
    spec: { ...spec, ttl },
  };
}

/**
 * Checks a ttl the way NAIS reads `spec.ttl`, with Go's `time.ParseDuration` (such as `90m`, `24h`, `1h30m`,
 * `1.5h`; units ns, us, µs, ms, s, m, h), and asks for a positive one. Returns what is wrong, or undefined.
 */
export function checkTtl(ttl: string, described = `Input '${ttlInput}'`): string | undefined {
  const nanoseconds = parseGoDuration(ttl);
  if (nanoseconds === undefined) {
    return `${described} has the value '${ttl}', which is not a Go duration. Use a number with a unit (ns, us, ms, s, m or h), such as 90m, 24h or 1h30m.`;
  }
  if (nanoseconds <= 0n) {
    return `${described} has the value '${ttl}', which is not longer than zero. Give how long a forgotten preview may live, such as 24h.`;
  }
  return undefined;
}

function pullRequestNumber(pullRequest: number): number {
  if (!Number.isSafeInteger(pullRequest) || pullRequest < 1) {
    throw new Error(`The pull request number ${pullRequest} is not a positive whole number.`);
  }
  return pullRequest;
}

/** A label value for the text: as it is when valid, else cleaned, cut and given a hash of `hashOf`. */
function labelValue(text: string, hashOf: string): string {
  if (text.length <= maxLabelValue && labelValuePattern.test(text)) return text;
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  const base = cleaned.slice(0, maxLabelValue - hashLength - 1).replace(/[^A-Za-z0-9]+$/, '');
  return `${base ? `${base}-` : ''}${shortHash(hashOf)}`;
}
