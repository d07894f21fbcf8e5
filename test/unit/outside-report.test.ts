// The other outside text the step prints in the log (the dry-run diff, the payload, variable notices, API
// error bodies, the preview-of annotation): all through the reporter, so none of it acts on the runner.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { describeApiError } from '../../src/cluster/api-errors.ts';
import type { ClusterGateway, KubeObject } from '../../src/cluster/gateway.ts';
import type { ExecuteResult } from '../../src/execute.ts';
import { outcomeLines } from '../../src/outcome.ts';
import { cleanupPreviews } from '../../src/preview/preview-mode.ts';
import { previewOfAnnotation } from '../../src/preview/preview.ts';
import { actionsReporter } from '../../src/report/reporter.ts';
import { commandsTheRunnerSees } from '../support/runner-commands.ts';

let written: string[] = [];
let original: typeof process.stdout.write;
beforeEach(() => {
  written = [];
  original = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    written.push(chunk.toString());
    return true;
  };
});
afterEach(() => {
  process.stdout.write = original;
});

const hostile = 'x ##[error]pwn\n::warning file=job.yaml,line=1::pwn\r  ::add-mask::pwn';

describe('outside text in the log', () => {
  it('is inert in the dry-run diff, the payload, a notice and an API error', async () => {
    const result = {
      deploy: {
        correlationId: 'c',
        dryRun: true,
        outcomes: [
          { name: 'job', namespace: 'team', verdict: { state: 'dry-run', message: '' }, diff: [`+ ${hostile}`] },
        ],
      },
      runs: [],
      targets: [],
      cleaned: [],
    } as unknown as ExecuteResult;
    for (const line of outcomeLines(result)) actionsReporter.info(line);
    await actionsReporter.group('Payload', () => {
      actionsReporter.info(JSON.stringify({ spec: { command: hostile.split('\n') } }, null, 2));
      return Promise.resolve();
    });
    actionsReporter.info(`Overwriting template variable 'x'; previous value was '${hostile}'`);
    const apiError = describeApiError(
      { code: 422, body: JSON.stringify({ kind: 'Status', message: hostile }) },
      {
        verb: 'create',
        resource: 'naisjobs.nais.io',
      },
    );
    actionsReporter.error(apiError.message);
    const stdout = written.join('');
    expect(stdout).toContain('pwn');
    const commands = commandsTheRunnerSees(stdout);
    expect(commands.filter((line) => !/^::(group|endgroup|error)::/.test(line))).toEqual([]);
    // Our own error annotation carries the text, inert: encoded line breaks, no legacy marker.
    expect(commands.filter((line) => line.includes('##['))).toEqual([]);
  });

  it('is inert in the preview-of annotation that cleanup prints', async () => {
    const labels = { 'naisjob-deploy.nais.io/repository': 'o.r', 'naisjob-deploy.nais.io/pull-request': '7' };
    const items: KubeObject[] = [
      { metadata: { name: 'a-pr-7', labels, annotations: { [previewOfAnnotation]: `a\n::error::pwn` } } },
    ];
    const gateway = {
      listNaisjobs: () => Promise.resolve({ items, resourceVersion: '1' }),
      deleteNaisjob: () => Promise.resolve(true),
    } as unknown as ClusterGateway;
    await cleanupPreviews(gateway, ['team'], { repository: 'o/r', pullRequest: 7 }, actionsReporter);
    const commands = commandsTheRunnerSees(written.join(''));
    expect(commands.filter((line) => line.includes('pwn') && !line.startsWith('::warning::'))).toEqual([]);
  });
});
