import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import { meaningOf, supersededBy } from '../../src/deploy/event-meaning.ts';

const since = new Date('2026-11-23T10:00:00Z');
const event = (reason: string, overrides: Partial<CoreV1Event> = {}, id = 'id-1'): CoreV1Event => ({
  metadata: { annotations: { 'nais.io/deploymentCorrelationID': id } },
  involvedObject: { kind: 'Naisjob', name: 'job' },
  reason,
  message: `${reason} message`,
  reportingComponent: 'naiserator',
  source: { component: 'naiserator' },
  lastTimestamp: new Date('2026-11-23T10:00:05Z'),
  ...overrides,
});
const watched = { naisjob: 'job', correlationId: 'id-1', since };

// Each row names where deployd decides it: nais/deploy pkg/deployd/strategy/nais.go at e90640a9.
const watch = 'nais.go Watch';
const status = 'nais.go StatusFromEvent';
const match = 'nais.go EventStreamMatch';
const ours = 'ours, not deployd';
const withoutId = (reason: string, overrides: Partial<CoreV1Event> = {}): CoreV1Event => {
  const plain = event(reason, overrides);
  plain.metadata = {};
  return plain;
};
const cronJobEvent = (overrides: Partial<CoreV1Event> = {}): CoreV1Event =>
  withoutId('FailedCreate', {
    involvedObject: { kind: 'CronJob', name: 'job' },
    reportingComponent: 'cronjob-controller',
    source: { component: 'cronjob-controller' },
    type: 'Warning',
    ...overrides,
  });

describe('meaningOf', () => {
  it.each<[string, string, CoreV1Event, string]>([
    ['RolloutComplete', status, event('RolloutComplete'), 'synchronised'],
    ['FailedPrepare', status, event('FailedPrepare'), 'failed'],
    ['FailedGenerate', status, event('FailedGenerate'), 'failed'],
    ['FailedSynchronization', status, event('FailedSynchronization'), 'failed'],
    ['Synchronized is progress', status, event('Synchronized'), 'progress'],
    ['Retrying is progress', status, event('Retrying'), 'progress'],
    [
      'another Naisjob',
      match,
      event('RolloutComplete', { involvedObject: { kind: 'Naisjob', name: 'other' } }),
      'ignore',
    ],
    [
      'a name that only starts like it',
      match,
      event('RolloutComplete', { involvedObject: { kind: 'Naisjob', name: 'job-2' } }),
      'ignore',
    ],
    [
      'an Application of the same name (deployd would pass it)',
      `${match}; ${ours}`,
      event('RolloutComplete', { involvedObject: { kind: 'Application', name: 'job' } }),
      'ignore',
    ],
    [
      "another deploy's naiserator event is skipped, not a failure",
      watch,
      event('RolloutComplete', {}, 'id-2'),
      'another-deploy',
    ],
    ["another deploy's failure is skipped too", watch, event('FailedSynchronization', {}, 'id-2'), 'another-deploy'],
    ['an empty correlation ID is another one', watch, event('RolloutComplete', {}, ''), 'another-deploy'],
    [
      "another deploy's event, however old, still prompts a re-read",
      `${watch}; ${ours}`,
      event('Synchronized', { lastTimestamp: new Date('2026-11-23T09:00:00Z') }, 'id-2'),
      'another-deploy',
    ],
    ['naiserator without any correlation ID: redeployed', status, withoutId('RolloutComplete'), 'redeployed'],
    [
      'naiserator without an ID, but old',
      watch,
      withoutId('RolloutComplete', { lastTimestamp: new Date('2026-11-23T09:59:59Z') }),
      'ignore',
    ],
    [
      'naiserator without an ID nor lastTimestamp is old (Go zero time)',
      watch,
      withoutId('RolloutComplete', { lastTimestamp: undefined, eventTime: new Date('2026-11-23T10:00:05Z') }),
      'ignore',
    ],
    [
      'an event without ID in the same second as the start',
      watch,
      cronJobEvent({ lastTimestamp: new Date('2026-11-23T10:00:00.000Z') }),
      'progress',
    ],
    [
      "this deploy's event before the start still counts (our watch opens after every apply)",
      `${watch}; ${ours}`,
      event('RolloutComplete', { lastTimestamp: new Date('2026-11-23T09:59:00Z') }),
      'synchronised',
    ],
    [
      "the source component alone does not make it naiserator's",
      status,
      event('RolloutComplete', { reportingComponent: '', source: { component: 'naiserator' } }),
      'progress',
    ],
    [
      "not from naiserator, with this deploy's ID",
      status,
      event('RolloutComplete', { reportingComponent: 'other', source: { component: 'other' } }),
      'progress',
    ],
    ["the CronJob's FailedCreate is progress", `${match}; ${status}`, cronJobEvent(), 'progress'],
    ['an old CronJob event', watch, cronJobEvent({ lastTimestamp: new Date('2026-11-23T09:00:00Z') }), 'ignore'],
    ['another CronJob', match, cronJobEvent({ involvedObject: { kind: 'CronJob', name: 'other' } }), 'ignore'],
    [
      'the Job naiserator made is followed elsewhere',
      `${match}; ${ours}`,
      cronJobEvent({ involvedObject: { kind: 'Job', name: 'job-3' } }),
      'ignore',
    ],
  ])('%s (%s)', (_name, _source, input, kind) => {
    expect(meaningOf(input, watched).kind).toBe(kind);
  });

  it("carries naiserator's message on failure", () => {
    expect(meaningOf(event('FailedSynchronization'), watched)).toEqual({
      kind: 'failed',
      reason: 'FailedSynchronization',
      message: 'FailedSynchronization message',
    });
  });

  it("passes on the CronJob's event as deployd writes it", () => {
    expect(meaningOf(cronJobEvent({ message: 'Error creating job: quota' }), watched)).toEqual({
      kind: 'progress',
      text: 'CronJob/job (FailedCreate): Error creating job: quota',
    });
  });

  it('names the other deploy', () => {
    expect(meaningOf(event('Synchronized', {}, 'id-2'), watched)).toEqual({
      kind: 'another-deploy',
      correlationId: 'id-2',
    });
  });
});

describe('supersededBy', () => {
  const live = (annotations?: Record<string, string>): KubeObject => ({ metadata: { name: 'job', annotations } });
  it.each<[string, KubeObject | undefined, string | undefined]>([
    ['still this deploy', live({ 'nais.io/deploymentCorrelationID': 'id-1' }), undefined],
    ['another deploy', live({ 'nais.io/deploymentCorrelationID': 'id-2' }), 'id-2'],
    ['an empty ID', live({ 'nais.io/deploymentCorrelationID': '' }), ''],
    ['no ID at all', live({}), undefined],
    ['no annotations', live(undefined), undefined],
    ['gone', undefined, undefined],
  ])('%s', (_name, input, expected) => {
    expect(supersededBy(input, 'id-1')).toBe(expected);
  });
});

describe('meaningOf after this deploy changed the Image (naiserator pkg/controllers/naisjob.go watches Images; ours: deployd would wait for its timeout)', () => {
  const resync = { ...watched, imageResync: { correlationId: 'id-0', since } };
  const at = (seconds: number): Date => new Date(since.getTime() + seconds * 1000);
  it.each<[string, CoreV1Event, string]>([
    [
      'the previous ID, after the apply: a resync for our Image',
      event('RolloutComplete', { lastTimestamp: at(1) }, 'id-0'),
      'synchronised',
    ],
    [
      'the previous ID, before the apply: the previous deploy',
      event('RolloutComplete', { lastTimestamp: at(-5) }, 'id-0'),
      'another-deploy',
    ],
    ['a third ID: another deploy', event('RolloutComplete', { lastTimestamp: at(1) }, 'id-9'), 'another-deploy'],
  ])('%s', (_name, input, kind) => {
    expect(meaningOf(input, resync).kind).toBe(kind);
  });
});
