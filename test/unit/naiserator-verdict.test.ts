import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import { isUnchangedRedeploy, meaningOf } from '../../src/deploy/naiserator-verdict.ts';

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

describe('meaningOf', () => {
  it.each<[string, CoreV1Event, string]>([
    ['RolloutComplete', event('RolloutComplete'), 'synchronised'],
    ['FailedPrepare', event('FailedPrepare'), 'failed'],
    ['FailedGenerate', event('FailedGenerate'), 'failed'],
    ['FailedSynchronization', event('FailedSynchronization'), 'failed'],
    ['Synchronized is progress', event('Synchronized'), 'progress'],
    ['another Naisjob', event('RolloutComplete', { involvedObject: { kind: 'Naisjob', name: 'other' } }), 'ignore'],
    [
      'an Application of the same name',
      event('RolloutComplete', { involvedObject: { kind: 'Application', name: 'job' } }),
      'ignore',
    ],
    ['older than the deploy', event('RolloutComplete', { lastTimestamp: new Date('2026-11-23T09:59:00Z') }), 'ignore'],
    [
      'same second as the deploy',
      event('RolloutComplete', { lastTimestamp: new Date('2026-11-23T10:00:00Z') }),
      'synchronised',
    ],
    ['naiserator event of another deploy', event('RolloutComplete', {}, 'id-2'), 'redeployed'],
    [
      'not from naiserator',
      event('RolloutComplete', { reportingComponent: 'other', source: { component: 'other' } }),
      'progress',
    ],
  ])('%s → %s', (_name, input, kind) => {
    expect(meaningOf(input, watched).kind).toBe(kind);
  });

  it("carries naiserator's message on failure", () => {
    expect(meaningOf(event('FailedSynchronization'), watched)).toEqual({
      kind: 'failed',
      reason: 'FailedSynchronization',
      message: 'FailedSynchronization message',
    });
  });
});

describe('isUnchangedRedeploy', () => {
  const synced = { synchronizationHash: 'abc' };
  it.each<[string, Parameters<typeof isUnchangedRedeploy>[0], object, boolean]>([
    ['no live object', undefined, { spec: { image: 'a' } }, false],
    ['never synchronised', { spec: { image: 'a' }, status: {} }, { spec: { image: 'a' } }, false],
    [
      'same spec, keys reordered',
      { spec: { image: 'a', schedule: 'x' }, status: synced },
      { spec: { schedule: 'x', image: 'a' } },
      true,
    ],
    ['new image', { spec: { image: 'a' }, status: synced }, { spec: { image: 'b' } }, false],
  ])('%s → %p', (_name, live, desired, expected) => {
    expect(isUnchangedRedeploy(live, desired)).toBe(expected);
  });
});
