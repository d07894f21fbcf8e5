// Applies documents as NAIS deploy's server does (nais/deploy pkg/deployd/strategy/deploy.go): in
// order, each kind resolved by API discovery, GET then create, or replace with the live
// resourceVersion, with strict field validation; stops at the first error and says what was
// applied and what was not.
import type { ClusterError } from '../cluster/api-errors.ts';
import type { ClusterGateway, KubeObject } from '../cluster/gateway.ts';
import type { ResourceType } from '../cluster/resource-types.ts';
import { ManifestError } from '../manifest/errors.ts';
import { lineOf } from '../manifest/parse.ts';
import { fieldProblems, type FieldProblem } from './field-errors.ts';
import { correlationIdAnnotation } from './annotations.ts';
import type { RenderedDocument } from './render.ts';
import { canonicalJson, predictSkip, type SkipPrediction } from './unchanged.ts';

export interface AppliedDocument {
  rendered: RenderedDocument;
  type: ResourceType;
  operation: 'created' | 'replaced';
  /** The object as the server stored it (or would, in a dry run). */
  result: KubeObject;
  /** The live object before this apply, if any. */
  live: KubeObject | undefined;
  /** What naiserator will do with it, for a Naisjob applied for real; undefined otherwise. */
  skip: SkipPrediction | undefined;
  /** For a Naisjob whose Image this deploy changed: the correlation ID it carried before (see `Watched`). */
  imageResyncFrom?: string | undefined;
}

/** The image an applied nais.io/v1 Image gives the workload of its name, by `namespace/name`. */
const imageKey = (object: KubeObject): string => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

/** `Secret myteam/db`, `Naisjob myteam/job`, `Namespace x`: how messages name a document. */
export function describeObject(object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  return `${object.kind ?? 'object'} ${namespace ? `${namespace}/` : ''}${object.metadata?.name ?? ''}`;
}

export class ApplyError extends Error {
  readonly problems: FieldProblem[];
  readonly failed: RenderedDocument;
  constructor(message: string, failed: RenderedDocument, problems: FieldProblem[], cause: unknown) {
    super(message, { cause });
    this.name = 'ApplyError';
    this.failed = failed;
    this.problems = problems;
  }
}

interface ApplyOptions {
  dryRun: boolean;
  /** Live objects read moments ago (by the dry run); a changed one then fails with 409 Conflict. */
  knownLive?: ReadonlyMap<RenderedDocument, KubeObject | undefined>;
}

/**
 * Each document's kind by API discovery, checked before anything is sent: a kind the cluster does not
 * know, or a namespaced kind without a namespace, is refused with its file and line.
 */
export async function resolveTypes(
  gateway: ClusterGateway,
  documents: readonly RenderedDocument[],
): Promise<Map<RenderedDocument, ResourceType>> {
  const types = await Promise.all(
    documents.map((d) => gateway.resolveType(d.object.apiVersion ?? '', d.object.kind ?? '')),
  );
  const resolved = new Map<RenderedDocument, ResourceType>();
  for (const [index, document] of documents.entries()) {
    const type = types[index];
    const { object, doc } = document;
    if (!type) {
      throw new ManifestError(
        doc.file,
        lineOf(doc, ['kind']),
        undefined,
        `the cluster does not know kind '${object.kind ?? ''}' of apiVersion '${object.apiVersion ?? ''}' (API discovery at ${gateway.server} lists no such kind). Check the apiVersion and kind, or ask the platform team whether the cluster offers it.`,
      );
    }
    if (type.namespaced && !object.metadata?.namespace) {
      throw new ManifestError(
        doc.file,
        lineOf(doc, ['metadata', 'name']),
        undefined,
        `${object.kind ?? ''} '${object.metadata?.name ?? ''}' has no metadata.namespace, and ${object.kind ?? ''} lives in a namespace: write metadata.namespace, your team's namespace. Nothing was applied.`,
      );
    }
    resolved.set(document, type);
  }
  return resolved;
}

export async function applyDocuments(
  gateway: ClusterGateway,
  documents: RenderedDocument[],
  types: ReadonlyMap<RenderedDocument, ResourceType>,
  options: ApplyOptions,
): Promise<AppliedDocument[]> {
  // A dry run changes nothing, so its objects go to the server side by side; a real apply goes in
  // file order and stops at the first error, as NAIS deploy's server does.
  if (options.dryRun) {
    const settled = await Promise.allSettled(
      documents.map((rendered) => applyOne(gateway, rendered, types.get(rendered) as ResourceType, options)),
    );
    const applied: AppliedDocument[] = [];
    for (const [index, outcome] of settled.entries()) {
      if (outcome.status === 'rejected') throw applyError(documents, index, applied, outcome.reason, true);
      applied.push(outcome.value);
    }
    return applied;
  }
  const applied: AppliedDocument[] = [];
  // NAIS deploy puts the workload's Image first, so its image is known when the Naisjob is applied.
  const images = new Map<string, string>();
  const changedImages = new Set<string>();
  for (const [index, rendered] of documents.entries()) {
    try {
      const done = await applyOne(gateway, rendered, types.get(rendered) as ResourceType, options);
      const { object } = rendered;
      const isImage = object.apiVersion === 'nais.io/v1' && object.kind === 'Image';
      if (isImage && typeof object.spec?.image === 'string') {
        images.set(imageKey(object), object.spec.image);
        if (done.live?.spec?.image !== object.spec.image) changedImages.add(imageKey(object));
      }
      applied.push(
        rendered.role === 'naisjob'
          ? {
              ...done,
              imageResyncFrom: changedImages.has(imageKey(object))
                ? done.live?.metadata?.annotations?.[correlationIdAnnotation]
                : undefined,
              skip: predictSkip({ live: done.live, stored: done.result, imageResource: images.get(imageKey(object)) }),
            }
          : done,
      );
    } catch (error) {
      throw applyError(documents, index, applied, error, false);
    }
  }
  return applied;
}

/** Replaces retried after a conflict caused by a status write. */
const maxConflictRetries = 3;

/** True when two reads of an object differ in its status (and bookkeeping) only. */
export function onlyStatusChanged(before: KubeObject, after: KubeObject): boolean {
  const content = (object: KubeObject): string => {
    const { status: _status, metadata, ...rest } = object;
    const { resourceVersion: _version, managedFields: _fields, generation: _generation, ...meta } = metadata ?? {};
    return canonicalJson({ ...rest, metadata: meta });
  };
  return content(before) === content(after);
}

async function applyOne(
  gateway: ClusterGateway,
  rendered: RenderedDocument,
  type: ResourceType,
  options: ApplyOptions,
): Promise<AppliedDocument> {
  const object = rendered.object;
  const ref = { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
  let live = options.knownLive?.has(rendered) ? options.knownLive.get(rendered) : await gateway.readObject(type, ref);
  let result: KubeObject | undefined;
  for (let attempt = 1; attempt <= maxConflictRetries; attempt += 1) {
    try {
      if (live) {
        const body = { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata?.resourceVersion } };
        result = await gateway.writeObject(type, 'update', body, { dryRun: options.dryRun });
      } else {
        result = await gateway.writeObject(type, 'create', object, { dryRun: options.dryRun });
      }
      break;
    } catch (error) {
      // NAIS deploy does not retry a conflict. We retry only when what changed meanwhile is the status
      // alone (naiserator writing its verdict), so no one else's change is ever overwritten.
      if (!live || (error as ClusterError).code !== 409 || attempt >= maxConflictRetries) throw error;
      const now = await gateway.readObject(type, ref);
      if (!now || !onlyStatusChanged(live, now)) throw error;
      live = now;
    }
  }
  return {
    rendered,
    type,
    operation: live ? 'replaced' : 'created',
    // The API server answers a write with the object; an empty answer stands for what was sent.
    result: result ?? object,
    live,
    skip: undefined,
  };
}

/** Says which Naisjob failed, why (by field and line when the server says), and what was and was not applied. */
function applyError(
  documents: RenderedDocument[],
  index: number,
  applied: AppliedDocument[],
  error: unknown,
  dryRun: boolean,
): ApplyError {
  const rendered = documents[index] as RenderedDocument;
  const object = rendered.object;
  const problems = fieldProblems((error as ClusterError).status, rendered.doc);
  const reason = problems.length
    ? problems.map((p) => `${rendered.doc.file}:${p.line}: ${p.message}`).join('\n')
    : error instanceof Error
      ? error.message
      : String(error);
  const done = applied.map((a) => `${describeObject(a.result)} (${a.operation})`);
  const notDone = documents.slice(index + 1).map((n) => describeObject(n.object));
  const what = dryRun ? 'The server dry run' : 'Applying';
  return new ApplyError(
    [
      `${what} ${describeObject(object)} from ${rendered.doc.file} failed:`,
      reason,
      dryRun ? '' : `Applied before the failure: ${done.length ? done.join(', ') : 'nothing'}.`,
      dryRun ? '' : `Not applied: ${[describeObject(object), ...notDone].join(', ')}.`,
    ]
      .filter(Boolean)
      .join('\n'),
    rendered,
    problems,
    error,
  );
}
