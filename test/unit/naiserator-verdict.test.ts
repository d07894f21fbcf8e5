import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import { meaningOf } from '../../src/deploy/naiserator-verdict.ts';

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
