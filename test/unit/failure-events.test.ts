import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import { eventsThatMatter } from '../../src/job/failure-events.ts';
import { event, jobName, t } from './failure-fixtures.ts';

describe('eventsThatMatter', () => {
  const pods = [`${jobName}-pod1`, `${jobName}-pod2`];
  const pick = (events: CoreV1Event[]): string[] =>
    eventsThatMatter(events, jobName, pods).map(
      (e) => `${e.involvedObject.name ?? ''} ${e.reason ?? ''} ×${String(e.count)}`,
    );

  it.each<[string, CoreV1Event[], string[]]>([
    [
      'Warnings of the Job and its pods, oldest first',
      [
        event('BackoffLimitExceeded', 'limit', { kind: 'Job', name: jobName, at: 30 }),
        event('FailedMount', 'no volume', { at: 10 }),
        event('Failed', 'Error: ErrImagePull', { name: `${jobName}-pod2`, at: 20 }),
      ],
      ['hello-3-pod1 FailedMount ×1', 'hello-3-pod2 Failed ×1', 'hello-3 BackoffLimitExceeded ×1'],
    ],
    [
      'not other Jobs, their pods, or a Pod named like the Job',
      [
        event('BackoffLimitExceeded', 'limit', { kind: 'Job', name: 'hello-4' }),
        event('FailedMount', 'x', { name: 'hello-4-pod1' }),
        event('FailedMount', 'x', { kind: 'CronJob', name: jobName }),
        event('FailedMount', 'x', { kind: 'Pod', name: jobName }),
      ],
      [],
    ],
    [
      'Normal events that explain, not the others',
      [
        event('Scheduled', 'assigned', { type: 'Normal', at: 1 }),
        event('Pulling', 'pulling', { type: 'Normal', at: 2 }),
        event('BackOff', 'Back-off pulling image "x:1"', { type: 'Normal', at: 3 }),
        event('Killing', 'Stopping container hello', { type: 'Normal', at: 4 }),
        event('SuccessfulDelete', 'Deleted pod: hello-3-pod1', { type: 'Normal', kind: 'Job', name: jobName, at: 5 }),
        event('TriggeredScaleUp', 'pod triggered scale-up', { type: 'Normal', at: 6 }),
        event('Completed', 'Job completed', { type: 'Normal', kind: 'Job', name: jobName, at: 7 }),
      ],
      [
        'hello-3-pod1 BackOff ×1',
        'hello-3-pod1 Killing ×1',
        'hello-3 SuccessfulDelete ×1',
        'hello-3-pod1 TriggeredScaleUp ×1',
      ],
    ],
    [
      'repeats folded into the first, counts added',
      [
        event('BackOff', 'Back-off pulling image "x:1"', { type: 'Normal', at: 3, count: 4 }),
        event('BackOff', 'Back-off pulling image "x:1"', { name: `${jobName}-pod2`, type: 'Normal', at: 9, count: 2 }),
        event('Failed', 'Error: ImagePullBackOff', { at: 5 }),
        event('BackOff', 'Back-off restarting failed container', { at: 6 }),
      ],
      ['hello-3-pod1 BackOff ×6', 'hello-3-pod1 Failed ×1', 'hello-3-pod1 BackOff ×1'],
    ],
  ])('%s', (_name, events, expected) => {
    expect(pick(events)).toEqual(expected);
  });

  it('keeps the last time of folded repeats and counts a series', () => {
    const series: CoreV1Event = Object.assign(event('FailedScheduling', '0/1 nodes are available', { at: 1 }), {
      count: undefined,
      series: { count: 5 },
    });
    const [folded] = eventsThatMatter(
      [series, event('FailedScheduling', '0/1 nodes are available', { at: 30, count: 2 })],
      jobName,
      pods,
    );
    expect(folded?.count).toBe(7);
    expect(folded?.lastTimestamp).toEqual(t(30));
    expect(folded?.firstTimestamp).toEqual(t(1));
  });
});
