// Deploy, start to end: render and validate, dry-run on the server, apply, await naiserator.
import { randomUUID } from 'node:crypto';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ClusterGateway, KubeObject } from '../cluster/gateway.ts';
import type { Reporter } from '../report/reporter.ts';
import { scheduleReport, type ScheduleReport } from '../schedule/schedule-report.ts';
import { clientVersion } from '../version.ts';
import { deployAnnotations, withAnnotations, type GitHubRun } from './annotations.ts';
import { applyDocuments, ApplyError, describeObject, resolveTypes, type AppliedDocument } from './apply.ts';
import { awaitNaiserator, type NaiseratorVerdict } from './await-naiserator.ts';
import { objectDiff } from './diff.ts';
import { outcomeBase, outcomeOf, stringField } from './outcomes.ts';
import { lineOf } from '../manifest/parse.ts';
import { renderResources, type Rendered, type RenderInput, type RenderedDocument } from './render.ts';
import { redacted, secretTexts } from './secrets.ts';
import { setSecret } from '../log-sinks.ts';

export interface DeployRequest extends RenderInput {
  /** Rewrites each rendered Naisjob before it is annotated and applied (the pull-request preview). */
  transform?: ((object: KubeObject) => KubeObject) | undefined;
  /** Refuses to apply over a live object, with the reason (a newer run's preview). */
  guard?: ((desired: KubeObject, live: KubeObject | undefined) => string | undefined) | undefined;
  /**
   * Apply the Naisjobs only, leaving the files' other documents out (the pull-request preview, which must never
   * touch what the real Naisjob uses); the workload image then becomes the Naisjob's own spec.image.
   */
  naisjobsOnly?: boolean | undefined;
  dryRun: boolean;
  printPayload: boolean;
  run: GitHubRun;
  deadline: number;
  signal: AbortSignal;
}

export interface NaisjobOutcome {
  name: string;
  namespace: string;
  file: string;
  operation: 'created' | 'replaced';
  verdict: NaiseratorVerdict | { state: 'dry-run'; message: string };
  cronJob: string | undefined;
  /** The Job naiserator made for an unscheduled Naisjob. */
  job: string | undefined;
  /** The annotations it was applied with. */
  annotations: Record<string, string>;
  /** A scheduled Naisjob's next runs and clock-change warnings. */
  schedule: ScheduleReport | undefined;
  /** What is wrong with the CronJob's schedule-keeping (missed start times), if anything. */
  cronJobProblem: string | undefined;
  diff: string[] | undefined;
}

/** A document that is not a Naisjob: applied, and for a batch/v1 Job awaited like naiserator's Jobs. */
export interface ResourceOutcome {
  apiVersion: string;
  kind: string;
  /** '' for a cluster-scoped kind. */
  namespace: string;
  name: string;
  file: string;
  operation: 'created' | 'replaced';
  dryRun: boolean;
  /** Changed lines of a dry run; a Secret's values are hidden. */
  diff: string[] | undefined;
}

export interface DeployResult {
  correlationId: string;
  dryRun: boolean;
  outcomes: NaisjobOutcome[];
  /** The other documents, in apply order. */
  resources: ResourceOutcome[];
}

export const succeeded = (outcome: NaisjobOutcome): boolean =>
  ['synchronised', 'unchanged', 'dry-run'].includes(outcome.verdict.state);

/** What the deploy applies, as chosen for the request: every document, or for a preview the Naisjobs alone. */
function documentsToApply(rendered: Rendered, request: DeployRequest, reporter: Reporter): RenderedDocument[] {
  if (!request.naisjobsOnly) return rendered.documents;
  const left = rendered.documents.filter((d) => d.role !== 'naisjob');
  if (left.length > 0) {
    reporter.info(
      `A preview deploys only the Naisjobs; left out, and not touched: ${left.map((d) => `${describeObject(d.object)} (${d.doc.file})`).join(', ')}.`,
    );
  }
  const workload = rendered.workload;
  return rendered.naisjobs.map((n) =>
    workload && n.object.metadata?.name === workload.name && !n.object.spec?.image
      ? { ...n, object: { ...n.object, spec: { ...n.object.spec, image: workload.image } } }
      : n,
  );
}

export async function deploy(
  gateway: ClusterGateway,
  request: DeployRequest,
  reporter: Reporter,
): Promise<DeployResult> {
  const rendered = renderResources(request);
  for (const notice of rendered.notices) reporter.info(notice);
  for (const warning of rendered.warnings) reporter.warning(warning.message, warning);

  const correlationId = randomUUID();
  const annotations = deployAnnotations(request.run, clientVersion, correlationId);
  // NAIS deploy's client annotates every document it sends (pkg/deployclient/deployclient.go).
  const documents: RenderedDocument[] = documentsToApply(rendered, request, reporter).map((d) => ({
    ...d,
    object: withAnnotations(
      request.transform && d.role === 'naisjob' ? request.transform(d.object) : d.object,
      annotations,
    ),
  }));
  for (const d of documents) for (const text of secretTexts(d.object)) setSecret(text);
  const naisjobs = documents.filter((d) => d.role === 'naisjob');
  const others = documents.length - naisjobs.length;
  reporter.info(
    `Deploying ${naisjobs.length} Naisjob${naisjobs.length === 1 ? '' : 's'}${others ? ` and ${others} other resource${others === 1 ? '' : 's'}` : ''} to ${gateway.server} (correlation ID ${correlationId}):`,
  );
  for (const d of documents) {
    reporter.info(`  ${describeObject(d.object)} from ${d.doc.file}`);
    if (d.role !== 'naisjob') continue;
    const schedule = scheduleReport(
      stringField(d.object.spec?.schedule),
      stringField(d.object.spec?.timeZone),
      new Date(),
    );
    const line = lineOf(d.doc, ['spec', 'schedule']);
    for (const warning of schedule?.warnings ?? []) reporter.warning(warning, { file: d.doc.file, line });
  }
  if (request.printPayload) {
    await reporter.group('Payload', async () => {
      for (const d of documents) reporter.info(JSON.stringify(redacted(d.object), null, 2));
    });
  }

  // Every kind resolved, and every namespace present, before anything is sent.
  const types = await resolveTypes(gateway, documents);
  const namespaces = [...new Set(naisjobs.map((n) => n.object.metadata?.namespace ?? ''))];
  // Listed before applying, so that the watch afterwards misses no event.
  const eventVersions = new Map<string, string>();
  for (const namespace of namespaces)
    eventVersions.set(namespace, (await gateway.listEvents(namespace)).resourceVersion);

  // The server's strict validation of every object first, so a bad field leaves nothing half-applied.
  const checked = await applyDocuments(gateway, documents, types, { dryRun: true }).catch((error: unknown) => {
    if (error instanceof ApplyError) {
      for (const problem of error.problems)
        reporter.error(problem.message, { file: error.failed.doc.file, line: problem.line });
      throw new Error(`${error.message}\nNothing was applied.`, { cause: error });
    }
    throw error;
  });
  const refusals = request.guard
    ? checked.flatMap((c) => {
        const reason = c.rendered.role === 'naisjob' ? request.guard?.(c.rendered.object, c.live) : undefined;
        return reason ? [reason] : [];
      })
    : [];
  if (refusals.length > 0) throw new Error(`${refusals.join('\n')}\nNothing was applied.`);
  if (request.dryRun) {
    const diffOf = (a: AppliedDocument): string[] => objectDiff(a.live, a.result);
    return {
      correlationId,
      dryRun: true,
      outcomes: checked
        .filter((a) => a.rendered.role === 'naisjob')
        .map((a) => ({
          ...outcomeBase(a),
          verdict: { state: 'dry-run', message: a.live ? 'would be replaced' : 'would be created' },
          diff: diffOf(a),
        })),
      resources: checked.filter((a) => a.rendered.role !== 'naisjob').map((a) => resourceOutcome(a, diffOf(a))),
    };
  }

  const appliedAt = new Date();
  const applied = await applyDocuments(gateway, documents, types, {
    dryRun: false,
    knownLive: new Map(checked.map((c) => [c.rendered, c.live])),
  });
  for (const a of applied) reporter.info(`${describeObject(a.result)} ${a.operation}.`);
  const appliedNaisjobs = applied.filter((a) => a.rendered.role === 'naisjob');

  // Namespaces are awaited side by side, and each Naisjob's CronJob and Job looked up side by
  // side; the outcomes keep file order.
  const perNamespace = await Promise.all(
    namespaces.map(async (namespace) => {
      const here = appliedNaisjobs.filter((a) => a.result.metadata?.namespace === namespace);
      const verdicts = await awaitNaiserator(gateway, {
        namespace,
        names: here.filter((a) => a.skip?.kind === 'wait').map((a) => a.result.metadata?.name ?? ''),
        correlationId,
        imageResyncs: new Map(
          here.flatMap((a) =>
            a.imageResyncFrom
              ? [[a.result.metadata?.name ?? '', { correlationId: a.imageResyncFrom, since: appliedAt }] as const]
              : [],
          ),
        ),
        eventsResourceVersion: eventVersions.get(namespace) ?? '',
        deadline: request.deadline,
        signal: request.signal,
        onProgress: (name, text) => {
          reporter.info(`  ${name}: ${text}`);
        },
      });
      // Scheduled Naisjobs' CronJobs are checked against the namespace's events, listed once.
      let events: Promise<CoreV1Event[]> | undefined;
      const namespaceEvents = (): Promise<CoreV1Event[]> =>
        (events ??= gateway.listEvents(namespace).then(
          (list) => list.items,
          () => [],
        ));
      return Promise.all(here.map((a) => outcomeOf(gateway, a, verdicts, { ...request, namespaceEvents })));
    }),
  );
  const byApplied = new Map(perNamespace.flat().map((o) => [o.applied, o.outcome]));
  const outcomes = appliedNaisjobs.map((a) => byApplied.get(a) as NaisjobOutcome);
  for (const outcome of outcomes) {
    if (outcome.cronJobProblem)
      reporter.warning(`CronJob ${outcome.namespace}/${outcome.name}: ${outcome.cronJobProblem}`);
  }
  return {
    correlationId,
    dryRun: false,
    outcomes,
    resources: applied.filter((a) => a.rendered.role !== 'naisjob').map((a) => resourceOutcome(a, undefined)),
  };
}

function resourceOutcome(a: AppliedDocument, diff: string[] | undefined): ResourceOutcome {
  return {
    apiVersion: a.rendered.object.apiVersion ?? '',
    kind: a.rendered.object.kind ?? '',
    namespace: a.type.namespaced ? (a.rendered.object.metadata?.namespace ?? '') : '',
    name: a.rendered.object.metadata?.name ?? '',
    file: a.rendered.doc.file,
    operation: a.operation,
    dryRun: diff !== undefined,
    diff,
  };
}
