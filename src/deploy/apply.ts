// Applies Naisjobs as NAIS deploy's server does: in order, GET then create, or replace with the
// live resourceVersion, with strict field validation; stops at the first error and says what
// was applied and what was not.
import type { ClusterError } from '../cluster/api-errors.ts';
import type { ClusterGateway, KubeObject } from '../cluster/gateway.ts';
import { fieldProblems, type FieldProblem } from './field-errors.ts';
import { isUnchangedRedeploy } from './naiserator-verdict.ts';
import type { RenderedNaisjob } from './render.ts';

export interface AppliedNaisjob {
  rendered: RenderedNaisjob;
  operation: 'created' | 'replaced';
  /** The object as the server stored it (or would, in a dry run). */
  result: KubeObject;
  /** The live object before this apply, if any. */
  live: KubeObject | undefined;
  /** Naiserator will skip it: the spec equals what it last synchronised. */
  unchanged: boolean;
}

const refOf = (object: KubeObject): string => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

export class ApplyError extends Error {
  readonly problems: FieldProblem[];
  readonly failed: RenderedNaisjob;
  constructor(message: string, failed: RenderedNaisjob, problems: FieldProblem[], cause: unknown) {
    super(message, { cause });
    this.name = 'ApplyError';
    this.failed = failed;
    this.problems = problems;
  }
}

export async function applyNaisjobs(
  gateway: ClusterGateway,
  naisjobs: RenderedNaisjob[],
  options: {
    dryRun: boolean;
    /** Live objects read moments ago (by the dry run); a changed one then fails with 409 Conflict. */
    knownLive?: ReadonlyMap<RenderedNaisjob, KubeObject | undefined>;
  },
): Promise<AppliedNaisjob[]> {
  // A dry run changes nothing, so its objects go to the server side by side; a real apply goes in
  // file order and stops at the first error, as NAIS deploy's server does.
  if (options.dryRun) {
    const settled = await Promise.allSettled(naisjobs.map((rendered) => applyOne(gateway, rendered, options)));
    const applied: AppliedNaisjob[] = [];
    for (const [index, outcome] of settled.entries()) {
      if (outcome.status === 'rejected') throw applyError(naisjobs, index, applied, outcome.reason, true);
      applied.push(outcome.value);
    }
    return applied;
  }
  const applied: AppliedNaisjob[] = [];
  for (const [index, rendered] of naisjobs.entries()) {
    try {
      applied.push(await applyOne(gateway, rendered, options));
    } catch (error) {
      throw applyError(naisjobs, index, applied, error, false);
    }
  }
  return applied;
}

async function applyOne(
  gateway: ClusterGateway,
  rendered: RenderedNaisjob,
  options: { dryRun: boolean; knownLive?: ReadonlyMap<RenderedNaisjob, KubeObject | undefined> },
): Promise<AppliedNaisjob> {
  const object = rendered.object;
  const ref = { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
  const live = options.knownLive?.has(rendered) ? options.knownLive.get(rendered) : await gateway.readNaisjob(ref);
  let result: KubeObject;
  if (live) {
    const body = { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata?.resourceVersion } };
    result = await gateway.replaceNaisjob(body, { dryRun: options.dryRun });
  } else {
    result = await gateway.createNaisjob(object, { dryRun: options.dryRun });
  }
  return {
    rendered,
    operation: live ? 'replaced' : 'created',
    result,
    live,
    unchanged: isUnchangedRedeploy(live, object),
  };
}

/** Says which Naisjob failed, why (by field and line when the server says), and what was and was not applied. */
function applyError(
  naisjobs: RenderedNaisjob[],
  index: number,
  applied: AppliedNaisjob[],
  error: unknown,
  dryRun: boolean,
): ApplyError {
  const rendered = naisjobs[index] as RenderedNaisjob;
  const object = rendered.object;
  const problems = fieldProblems((error as ClusterError).status, rendered.doc);
  const reason = problems.length
    ? problems.map((p) => `${rendered.doc.file}:${p.line}: ${p.message}`).join('\n')
    : error instanceof Error
      ? error.message
      : String(error);
  const done = applied.map((a) => `${refOf(a.result)} (${a.operation})`);
  const notDone = naisjobs.slice(index + 1).map((n) => refOf(n.object));
  const what = dryRun ? 'The server dry run' : 'Applying';
  return new ApplyError(
    [
      `${what} Naisjob ${refOf(object)} from ${rendered.doc.file} failed:`,
      reason,
      dryRun ? '' : `Applied before the failure: ${done.length ? done.join(', ') : 'nothing'}.`,
      dryRun ? '' : `Not applied: ${[refOf(object), ...notDone].join(', ')}.`,
    ]
      .filter(Boolean)
      .join('\n'),
    rendered,
    problems,
    error,
  );
}
